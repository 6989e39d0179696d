'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { KeyedMutex } = require('../src/keyedMutex');
const { StockStore } = require('../src/stockStore');
const { ReservationService } = require('../src/reservations');

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('tasks on one key never overlap, however many are queued', async () => {
  const mutex = new KeyedMutex();
  let active = 0;
  let peak = 0;
  const order = [];
  const work = (n) => async () => {
    active += 1;
    peak = Math.max(peak, active);
    await tick();
    order.push(n);
    active -= 1;
    return n;
  };
  const results = await Promise.all([1, 2, 3, 4, 5].map((n) => mutex.run('k', work(n))));
  assert.deepEqual(results, [1, 2, 3, 4, 5]);
  assert.deepEqual(order, [1, 2, 3, 4, 5]);
  assert.equal(peak, 1);
});

test('a failing task does not block the ones behind it', async () => {
  const mutex = new KeyedMutex();
  const first = mutex.run('k', async () => { throw new Error('boom'); });
  const second = mutex.run('k', async () => 'still runs');
  await assert.rejects(first, /boom/);
  assert.equal(await second, 'still runs');
});

test('different keys do not wait for each other', async () => {
  const mutex = new KeyedMutex();
  let unblock;
  const blocked = mutex.run('a', () => new Promise((resolve) => { unblock = resolve; }));
  assert.equal(await mutex.run('b', async () => 'b done'), 'b done');
  unblock('a done');
  assert.equal(await blocked, 'a done');
});

test('mixed orders and releases on two products keep stock exact', async () => {
  const store = new StockStore({ red: 10, blue: 3 });
  const svc = new ReservationService(store);
  const jobs = [];
  for (let i = 0; i < 8; i += 1) jobs.push(svc.reserve(`r${i}`, 'red', 2));
  for (let i = 0; i < 6; i += 1) jobs.push(svc.reserve(`b${i}`, 'blue', 1));
  const outcomes = await Promise.allSettled(jobs);
  const taken = { red: 0, blue: 0 };
  for (const o of outcomes) if (o.status === 'fulfilled') taken[o.value.sku] += o.value.qty;
  assert.deepEqual(taken, { red: 10, blue: 3 });
  assert.equal(await store.get('red'), 0);
  assert.equal(await store.get('blue'), 0);
  await Promise.all([svc.release({ sku: 'red', qty: 2 }), svc.release({ sku: 'red', qty: 2 })]);
  assert.equal(await store.get('red'), 4);
  await tick();
  assert.equal(svc.mutex.size, 0);
});
