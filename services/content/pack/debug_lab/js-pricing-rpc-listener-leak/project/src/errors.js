'use strict';

class RpcError extends Error {
  constructor(method, { code, message }) {
    super(`${method} failed: ${message}`);
    this.name = 'RpcError';
    this.code = code;
  }
}

class RpcTimeoutError extends Error {
  constructor(method, ms) {
    super(`${method} timed out after ${ms}ms`);
    this.name = 'RpcTimeoutError';
  }
}

module.exports = { RpcError, RpcTimeoutError };
