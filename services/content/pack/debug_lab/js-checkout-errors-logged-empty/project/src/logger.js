'use strict';

const { redact } = require('./redact');

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

// JSON-lines logger: { time, level, msg, ...bindings, ...fields } per line.
// Errors may sit under any field; the on-call runbook searches err.name and
// err.message, and incident reviews need err.stack.
function createLogger({
  write = (line) => process.stdout.write(`${line}\n`),
  level = 'info',
  clock = () => new Date(),
  bindings = {},
} = {}) {
  const threshold = LEVELS[level];
  if (threshold === undefined) throw new RangeError(`unknown log level: ${level}`);

  function emit(lvl, msg, fields = {}) {
    if (LEVELS[lvl] < threshold) return;
    const entry = { time: clock().toISOString(), level: lvl, msg, ...redact(bindings), ...redact(fields) };
    write(JSON.stringify(entry));
  }

  return {
    debug: (msg, fields) => emit('debug', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    error: (msg, fields) => emit('error', msg, fields),
    child: (extra) => createLogger({ write, level, clock, bindings: { ...bindings, ...extra } }),
  };
}

module.exports = { createLogger, LEVELS };
