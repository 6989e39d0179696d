'use strict';

const { KeyedMutex } = require('./keyedMutex');

class OutOfStockError extends Error {
  constructor(sku, wanted, available) {
    super(`${sku}: wanted ${wanted}, ${available} left`);
    this.name = 'OutOfStockError';
    this.sku = sku;
  }
}

// Read-check-write on the stock level; the per-SKU mutex makes it atomic.
class ReservationService {
  constructor(store, { mutex = new KeyedMutex() } = {}) {
    this.store = store;
    this.mutex = mutex;
  }

  reserve(orderId, sku, qty) {
    if (!Number.isInteger(qty) || qty < 1) {
      return Promise.reject(new RangeError('qty must be a positive integer'));
    }
    return this.mutex.run(sku, async () => {
      const available = await this.store.get(sku);
      if (available < qty) throw new OutOfStockError(sku, qty, available);
      await this.store.set(sku, available - qty);
      return { orderId, sku, qty };
    });
  }

  release({ sku, qty }) {
    return this.mutex.run(sku, async () => {
      const available = await this.store.get(sku);
      await this.store.set(sku, available + qty);
    });
  }
}

module.exports = { ReservationService, OutOfStockError };
