'use strict';

// Stand-in for the stock table: every read and write is a round trip.
const roundTrip = () => new Promise((resolve) => setImmediate(resolve));

class StockStore {
  constructor(levels = {}) {
    this.levels = new Map(Object.entries(levels));
  }

  async get(sku) {
    await roundTrip();
    return this.levels.get(sku) ?? 0;
  }

  async set(sku, units) {
    await roundTrip();
    this.levels.set(sku, units);
  }
}

module.exports = { StockStore };
