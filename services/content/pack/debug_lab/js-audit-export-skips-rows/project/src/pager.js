'use strict';

const { encodeCursor, decodeCursor } = require('./cursor');

const MAX_LIMIT = 100;

// One page of `rows` (already sorted oldest first) and the cursor for the next one.
function listPage(rows, { cursor = null, limit = 25 } = {}) {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RangeError(`limit must be an integer between 1 and ${MAX_LIMIT}`);
  }
  const start = cursor ? decodeCursor(cursor).resumeAt : 0;
  const items = rows.slice(start, start + limit);
  const end = start + items.length;
  const nextCursor = end < rows.length ? encodeCursor(end) : null;
  return { items, nextCursor };
}

module.exports = { listPage, MAX_LIMIT };
