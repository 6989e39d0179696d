'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { createLogger } = require('../src/logger');
const { handleCheckout, PaymentError } = require('../src/checkout');

function capture(level = 'info') {
  const lines = [];
  const log = createLogger({ write: (l) => lines.push(JSON.parse(l)), level, clock: () => new Date(0) });
  return { log, lines };
}

test('secrets are masked however deep they sit', () => {
  const { log, lines } = capture();
  log.info('login', { user: { name: 'ada', password: 'hunter2', session: { token: 'abc' } } });
  assert.deepEqual(lines[0], {
    time: '1970-01-01T00:00:00.000Z',
    level: 'info',
    msg: 'login',
    user: { name: 'ada', password: '[REDACTED]', session: { token: '[REDACTED]' } },
  });
});

test('levels below the threshold are dropped and child bindings are kept', () => {
  const { log, lines } = capture('warn');
  const child = log.child({ requestId: 'r-1' });
  child.info('noise');
  child.warn('slow', { ms: 900 });
  assert.equal(lines.length, 1);
  assert.equal(lines[0].requestId, 'r-1');
  assert.equal(lines[0].ms, 900);
});

test('a failed checkout logs what went wrong', async () => {
  const { log, lines } = capture();
  const payments = {
    charge: async () => {
      throw new PaymentError('card issuer unreachable', { code: 'ISSUER_DOWN' });
    },
  };
  const req = { id: 'r-42', body: { orderId: 'o-7', amount: 1999, cardNumber: '4242424242424242' } };
  const res = await handleCheckout(req, { payments, log });
  assert.equal(res.status, 502);
  const entry = lines.find((l) => l.msg === 'checkout failed');
  assert.equal(entry.level, 'error');
  assert.equal(entry.requestId, 'r-42');
  assert.equal(entry.err.name, 'PaymentError');
  assert.equal(entry.err.code, 'ISSUER_DOWN');
  assert.equal(entry.err.message, 'card issuer unreachable');
  assert.match(entry.err.stack, /card issuer unreachable/);
});
