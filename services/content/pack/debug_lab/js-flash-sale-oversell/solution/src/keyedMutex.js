'use strict';

const noop = () => {};

// Runs async tasks one at a time per key; tasks for different keys run freely.
// Each key keeps the promise of its newest task (its "tail"); a new task waits
// for the tail, and the entry is dropped once the key goes idle.
class KeyedMutex {
  constructor() {
    this.tails = new Map();
  }

  get size() {
    return this.tails.size;
  }

  // Not async: the new tail must be registered in the same synchronous step that
  // reads the old one, or callers arriving meanwhile all queue behind the same
  // tail and then run together.
  run(key, task) {
    const previous = this.tails.get(key) || Promise.resolve();
    const result = previous.then(() => task());
    const tail = result.then(noop, noop);
    this.tails.set(key, tail);
    tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

module.exports = { KeyedMutex };
