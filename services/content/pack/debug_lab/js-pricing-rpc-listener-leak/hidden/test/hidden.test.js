'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { Connection } = require('../src/connection');
const { RpcClient } = require('../src/client');
const { RpcError, RpcTimeoutError } = require('../src/errors');

function manualTimers() {
  const live = new Map();
  let next = 1;
  return {
    set(fn) { const h = next++; live.set(h, fn); return h; },
    clear(h) { live.delete(h); },
    fireAll() { for (const [h, fn] of [...live]) { live.delete(h); fn(); } },
    get live() { return live.size; },
  };
}

function setup() {
  const conn = new Connection(() => {});
  const timers = manualTimers();
  return { conn, timers, client: new RpcClient(conn, { timeoutMs: 250, timers }) };
}

test('a timed-out call rejects and stops listening', async () => {
  const { conn, timers, client } = setup();
  const pending = client.call('price.get', { sku: 'SLOW' });
  timers.fireAll();
  await assert.rejects(pending, RpcTimeoutError);
  assert.equal(conn.listenerCount('frame'), 0);
  conn.receive({ id: 1, result: 'too late' }); // a late reply is ignored
});

test('an error reply also cancels the deadline', async () => {
  const { conn, timers, client } = setup();
  const pending = client.call('price.get');
  conn.receive({ id: 1, error: { code: 'BUSY', message: 'try later' } });
  await assert.rejects(pending, RpcError);
  assert.equal(timers.live, 0);
});

test('a long partial outage does not pile up listeners or timers', async () => {
  const { conn, timers, client } = setup();
  let answered = 0;
  for (let round = 0; round < 100; round += 1) {
    // each round: one call answered, one refused, one never answered
    const ok = client.call('price.get', { round });
    const refused = client.call('price.get', { round });
    const lost = client.call('price.get', { round });
    conn.receive({ id: 3 * round + 1, result: round });
    conn.receive({ id: 3 * round + 2, error: { code: 'BUSY', message: 'shed' } });
    timers.fireAll();
    const outcomes = await Promise.allSettled([ok, refused, lost]);
    answered += outcomes.filter((o) => o.status === 'fulfilled').length;
  }
  assert.equal(answered, 100);
  assert.equal(conn.listenerCount('frame'), 0);
  assert.equal(timers.live, 0);
});

test('a call on a closed connection fails without leaking', async () => {
  const { conn, timers, client } = setup();
  conn.close();
  await assert.rejects(client.call('price.get'), /connection closed/);
  assert.equal(conn.listenerCount('frame'), 0);
  assert.equal(timers.live, 0);
});
