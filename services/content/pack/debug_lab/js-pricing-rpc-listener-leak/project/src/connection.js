'use strict';

const { EventEmitter } = require('node:events');

// One multiplexed link to the pricing service. Frames are plain objects:
//   request  { id, method, params }
//   reply    { id, result }  or  { id, error: { code, message } }
// Every decoded reply is emitted as a 'frame' event; callers pick theirs by id.
class Connection extends EventEmitter {
  constructor(write) {
    super();
    this._write = write;
    this.closed = false;
  }

  send(frame) {
    if (this.closed) throw new Error('connection closed');
    this._write(frame);
  }

  // called by the socket reader for every decoded frame
  receive(frame) {
    this.emit('frame', frame);
  }

  close() {
    this.closed = true;
    this.emit('close');
  }
}

module.exports = { Connection };
