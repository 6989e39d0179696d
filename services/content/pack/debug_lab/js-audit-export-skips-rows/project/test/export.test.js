'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { listPage } = require('../src/pager');
const { exportAll, toCsv } = require('../src/exporter');

function auditRows(n) {
  return Array.from({ length: n }, (_, i) => ({
    id: i + 1,
    at: `2024-03-0${(i % 9) + 1}T10:00:00Z`,
    actor: `user${i % 3}`,
    action: 'login',
  }));
}

test('a single page holds every row when the limit is large enough', () => {
  const rows = auditRows(4);
  const page = listPage(rows, { limit: 10 });
  assert.deepEqual(page.items.map((r) => r.id), [1, 2, 3, 4]);
  assert.equal(page.nextCursor, null);
});

test('the export contains every audit row exactly once', () => {
  const rows = auditRows(7);
  const exported = exportAll((q) => listPage(rows, q), { pageSize: 3 });
  assert.deepEqual(exported.map((r) => r.id), [1, 2, 3, 4, 5, 6, 7]);
});

test('limits outside 1..100 are refused', () => {
  assert.throws(() => listPage([], { limit: 0 }), RangeError);
  assert.throws(() => listPage([], { limit: 101 }), RangeError);
});

test('csv fields with commas and quotes are escaped', () => {
  const csv = toCsv([{ id: 1, at: 't', actor: 'Ada, "A"', action: 'login' }]);
  assert.equal(csv, 'id,at,actor,action\n1,t,"Ada, ""A""",login\n');
});
