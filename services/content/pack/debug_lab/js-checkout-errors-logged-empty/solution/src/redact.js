'use strict';

const SECRET_KEY = /passw(or)?d|token|secret|authorization|api[-_]?key|card[-_]?number|cvv/i;
const MASK = '[REDACTED]';
const MAX_DEPTH = 6;

// A copy of `value` that is safe to write to the logs: secrets masked,
// cycles and very deep nesting cut short. Never throws.
function redact(value, depth = 0, path = new Set()) {
  if (value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? value.toString() : value;
  }
  if (value instanceof Date) return value.toISOString();
  if (path.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Truncated]';
  path.add(value);
  let out;
  if (Array.isArray(value)) {
    out = value.map((item) => redact(item, depth + 1, path));
  } else {
    out = {};
    if (value instanceof Error) {
      // name, message, stack and cause are not enumerable: Object.entries skips them.
      out.name = value.name;
      out.message = value.message;
      out.stack = value.stack;
    }
    for (const [key, inner] of Object.entries(value)) {
      out[key] = SECRET_KEY.test(key) ? MASK : redact(inner, depth + 1, path);
    }
    if (value instanceof Error && value.cause !== undefined) {
      out.cause = redact(value.cause, depth + 1, path);
    }
  }
  path.delete(value);
  return out;
}

module.exports = { redact, MASK };
