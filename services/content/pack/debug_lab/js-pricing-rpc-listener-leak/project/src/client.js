'use strict';

const { RpcError, RpcTimeoutError } = require('./errors');

const realTimers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (handle) => clearTimeout(handle),
};

// Request/reply calls over a shared Connection, each with its own deadline.
class RpcClient {
  constructor(conn, { timeoutMs = 2000, timers = realTimers } = {}) {
    this.conn = conn;
    this.timeoutMs = timeoutMs;
    this.timers = timers;
    this.nextId = 1;
  }

  call(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const onFrame = (frame) => {
        if (frame.id !== id) return;
        if (frame.error) {
          reject(new RpcError(method, frame.error));
          return;
        }
        this.timers.clear(timer);
        this.conn.off('frame', onFrame);
        resolve(frame.result);
      };
      const timer = this.timers.set(() => {
        reject(new RpcTimeoutError(method, this.timeoutMs));
      }, this.timeoutMs);
      this.conn.on('frame', onFrame);
      this.conn.send({ id, method, params });
    });
  }
}

module.exports = { RpcClient };
