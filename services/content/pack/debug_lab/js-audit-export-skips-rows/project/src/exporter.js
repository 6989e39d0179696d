'use strict';

const COLUMNS = ['id', 'at', 'actor', 'action'];

// Follows the cursors of `fetchPage` until the API says there is nothing left.
function exportAll(fetchPage, { pageSize = 50, maxPages = 10000 } = {}) {
  const out = [];
  let cursor = null;
  for (let pages = 0; pages < maxPages; pages += 1) {
    const { items, nextCursor } = fetchPage({ cursor, limit: pageSize });
    out.push(...items);
    if (!nextCursor) return out;
    cursor = nextCursor;
  }
  throw new Error(`export stopped after ${maxPages} pages`);
}

function csvField(value) {
  const text = value == null ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function toCsv(rows) {
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvField(row[c])).join(','));
  return lines.join('\n') + '\n';
}

module.exports = { exportAll, toCsv };
