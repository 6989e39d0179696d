'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { Connection } = require('../src/connection');
const { RpcClient } = require('../src/client');
const { RpcError } = require('../src/errors');

// Timers the test fires by hand: no real waiting, and a count of live ones.
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
  const sent = [];
  const conn = new Connection((frame) => sent.push(frame));
  const timers = manualTimers();
  const client = new RpcClient(conn, { timeoutMs: 500, timers });
  return { sent, conn, timers, client };
}

test('a reply resolves the call and leaves nothing behind', async () => {
  const { sent, conn, timers, client } = setup();
  const pending = client.call('price.get', { sku: 'A-1' });
  assert.deepEqual(sent[0], { id: 1, method: 'price.get', params: { sku: 'A-1' } });
  conn.receive({ id: 1, result: { cents: 1250 } });
  assert.deepEqual(await pending, { cents: 1250 });
  assert.equal(conn.listenerCount('frame'), 0);
  assert.equal(timers.live, 0);
});

test('concurrent calls get their own replies', async () => {
  const { conn, client } = setup();
  const a = client.call('price.get', { sku: 'A' });
  const b = client.call('price.get', { sku: 'B' });
  conn.receive({ id: 2, result: 'b' });
  conn.receive({ id: 1, result: 'a' });
  assert.deepEqual(await Promise.all([a, b]), ['a', 'b']);
});

test('an error reply rejects the call and leaves no listener behind', async () => {
  const { conn, client } = setup();
  const pending = client.call('price.get', { sku: 'GONE' });
  conn.receive({ id: 1, error: { code: 'NOT_FOUND', message: 'no such sku' } });
  await assert.rejects(pending, (err) => err instanceof RpcError && err.code === 'NOT_FOUND');
  assert.equal(conn.listenerCount('frame'), 0);
});
