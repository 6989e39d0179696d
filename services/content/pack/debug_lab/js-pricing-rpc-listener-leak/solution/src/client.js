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
      let timer = null;
      // Every way out (reply, error reply, timeout, failed send) goes through here,
      // so the listener and the deadline are always released together.
      const finish = (error, result) => {
        this.conn.off('frame', onFrame);
        if (timer !== null) this.timers.clear(timer);
        if (error) reject(error);
        else resolve(result);
      };
      const onFrame = (frame) => {
        if (frame.id !== id) return;
        if (frame.error) finish(new RpcError(method, frame.error));
        else finish(null, frame.result);
      };
      this.conn.on('frame', onFrame);
      timer = this.timers.set(() => {
        timer = null;
        finish(new RpcTimeoutError(method, this.timeoutMs));
      }, this.timeoutMs);
      try {
        this.conn.send({ id, method, params });
      } catch (error) {
        finish(error);
      }
    });
  }
}

module.exports = { RpcClient };
