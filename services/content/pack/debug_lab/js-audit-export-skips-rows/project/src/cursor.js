'use strict';

// Opaque page cursors for the audit-log API.
// A cursor names the position of the LAST row the client has already seen;
// the next page starts right after it.

const VERSION = 1;

function encodeCursor(lastSeen) {
  const body = JSON.stringify({ v: VERSION, last: lastSeen });
  return Buffer.from(body, 'utf8').toString('base64url');
}

function decodeCursor(token) {
  let body;
  try {
    body = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'));
  } catch {
    throw new TypeError('malformed cursor');
  }
  if (!body || body.v !== VERSION || !Number.isInteger(body.last) || body.last < 0) {
    throw new TypeError('malformed cursor');
  }
  return { resumeAt: body.last + 1 };
}

module.exports = { encodeCursor, decodeCursor };
