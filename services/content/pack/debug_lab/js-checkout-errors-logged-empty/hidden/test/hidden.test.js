'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { createLogger } = require('../src/logger');
const { redact } = require('../src/redact');

function capture() {
  const lines = [];
  const log = createLogger({ write: (l) => lines.push(JSON.parse(l)), clock: () => new Date(0) });
  return { log, lines };
}

test('a built-in error keeps its name and message', () => {
  const { log, lines } = capture();
  log.error('render failed', { err: new TypeError("Cannot read properties of undefined (reading 'total')") });
  assert.equal(lines[0].err.name, 'TypeError');
  assert.equal(lines[0].err.message, "Cannot read properties of undefined (reading 'total')");
  assert.equal(typeof lines[0].err.stack, 'string');
});

test('the cause chain is logged too', () => {
  const { log, lines } = capture();
  const root = new Error('socket hang up');
  log.error('charge failed', { err: new Error('gateway timeout', { cause: root }) });
  assert.equal(lines[0].err.message, 'gateway timeout');
  assert.equal(lines[0].err.cause.message, 'socket hang up');
});

test('secret fields attached to an error are still masked', () => {
  const err = new Error('upstream said 401');
  err.authorization = 'Bearer live_abc123';
  err.status = 401;
  const out = JSON.parse(JSON.stringify(redact({ err })));
  assert.equal(out.err.message, 'upstream said 401');
  assert.equal(out.err.status, 401);
  assert.equal(out.err.authorization, '[REDACTED]');
  assert.doesNotMatch(JSON.stringify(out), /live_abc123/);
});

test('errors inside arrays keep their messages', () => {
  const out = redact({ failures: [new RangeError('qty < 1'), new Error('sku unknown')] });
  assert.deepEqual(out.failures.map((e) => e.message), ['qty < 1', 'sku unknown']);
});

test('cycles do not break logging', () => {
  const { log, lines } = capture();
  const order = { id: 'o-1' };
  order.self = order;
  log.warn('odd order', { order });
  assert.equal(lines[0].order.self, '[Circular]');
});
