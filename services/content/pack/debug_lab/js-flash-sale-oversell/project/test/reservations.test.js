'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { StockStore } = require('../src/stockStore');
const { ReservationService, OutOfStockError } = require('../src/reservations');
const { KeyedMutex } = require('../src/keyedMutex');

test('reservations one after another take stock down', async () => {
  const store = new StockStore({ 'SNK-1': 5 });
  const svc = new ReservationService(store);
  await svc.reserve('o1', 'SNK-1', 2);
  await svc.reserve('o2', 'SNK-1', 3);
  await assert.rejects(svc.reserve('o3', 'SNK-1', 1), OutOfStockError);
  assert.equal(await store.get('SNK-1'), 0);
});

test('two buyers at once both get served', async () => {
  const store = new StockStore({ 'SNK-1': 2 });
  const svc = new ReservationService(store);
  await Promise.all([svc.reserve('o1', 'SNK-1', 1), svc.reserve('o2', 'SNK-1', 1)]);
  assert.equal(await store.get('SNK-1'), 0);
});

test('a flash sale never sells more than the stock', async () => {
  const store = new StockStore({ 'SNK-1': 4 });
  const svc = new ReservationService(store);
  const orders = Array.from({ length: 10 }, (_, i) => svc.reserve(`o${i}`, 'SNK-1', 1));
  const outcomes = await Promise.allSettled(orders);
  const sold = outcomes.filter((o) => o.status === 'fulfilled').length;
  assert.equal(sold, 4);
  assert.equal(await store.get('SNK-1'), 0);
});

test('the mutex forgets a key once it is idle', async () => {
  const mutex = new KeyedMutex();
  await mutex.run('a', async () => 1);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(mutex.size, 0);
});
