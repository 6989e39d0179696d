'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { listPage } = require('../src/pager');
const { exportAll } = require('../src/exporter');

const rows = (n) => Array.from({ length: n }, (_, i) => ({ id: 100 + i }));

test('the second page starts with the row right after the first page', () => {
  const data = rows(10);
  const first = listPage(data, { limit: 4 });
  const second = listPage(data, { cursor: first.nextCursor, limit: 4 });
  assert.deepEqual(first.items.map((r) => r.id), [100, 101, 102, 103]);
  assert.deepEqual(second.items.map((r) => r.id), [104, 105, 106, 107]);
});

test('page size 1 walks every row', () => {
  const data = rows(5);
  const ids = exportAll((q) => listPage(data, q), { pageSize: 1 }).map((r) => r.id);
  assert.deepEqual(ids, [100, 101, 102, 103, 104]);
});

test('an exact multiple of the page size ends without an empty page', () => {
  const data = rows(6);
  const calls = [];
  const fetchPage = (q) => {
    const page = listPage(data, q);
    calls.push(page.items.length);
    return page;
  };
  const ids = exportAll(fetchPage, { pageSize: 3 }).map((r) => r.id);
  assert.deepEqual(ids, [100, 101, 102, 103, 104, 105]);
  assert.deepEqual(calls, [3, 3]);
});

test('a tampered cursor is refused', () => {
  assert.throws(() => listPage(rows(3), { cursor: 'not-a-cursor', limit: 2 }), TypeError);
  const negative = Buffer.from(JSON.stringify({ v: 1, last: -1 })).toString('base64url');
  assert.throws(() => listPage(rows(3), { cursor: negative, limit: 2 }), TypeError);
});
