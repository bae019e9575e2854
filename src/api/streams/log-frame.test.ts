import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { encodeLogEntry, formatLogTimestamp } from './log-frame.js';

const TIME = new Date('2024-01-02T03:04:05.678Z');

describe('log lines', () => {
  it('formatLogTimestamp() gives nine fractional digits in UTC, as RFC3339NanoFixed', () => {
    assert.equal(formatLogTimestamp(TIME), '2024-01-02T03:04:05.678000000Z');
    assert.equal(formatLogTimestamp(new Date(0)), '1970-01-01T00:00:00.000000000Z');
  });

  it('formatLogTimestamp() uses UTC whatever the offset the Date was made with', () => {
    assert.equal(
      formatLogTimestamp(new Date('2024-06-30T23:59:59.5+02:00')),
      '2024-06-30T21:59:59.500000000Z',
    );
  });

  it('encodeLogEntry() frames stdout and stderr lines with their stream byte', () => {
    const out = encodeLogEntry(
      { stream: 'stdout', time: TIME, data: Buffer.from('hi\n') },
      { timestamps: false, multiplexed: true },
    );
    assert.equal(out.toString('hex'), '0100000000000003' + Buffer.from('hi\n').toString('hex'));
    const err = encodeLogEntry(
      { stream: 'stderr', time: TIME, data: Buffer.from('oops\n') },
      { timestamps: false, multiplexed: true },
    );
    assert.deepEqual([...err.subarray(0, 8)], [2, 0, 0, 0, 0, 0, 0, 5]);
  });

  it('encodeLogEntry() prefixes the timestamp and a space inside the frame', () => {
    const out = encodeLogEntry(
      { stream: 'stdout', time: TIME, data: Buffer.from('hi\n') },
      { timestamps: true, multiplexed: true },
    );
    const text = '2024-01-02T03:04:05.678000000Z hi\n';
    assert.equal(out.readUInt32BE(4), Buffer.byteLength(text));
    assert.equal(out.subarray(8).toString(), text);
  });

  it('encodeLogEntry() sends raw bytes for a TTY', () => {
    const out = encodeLogEntry(
      { stream: 'stdout', time: TIME, data: Buffer.from('raw\r\n') },
      { timestamps: false, multiplexed: false },
    );
    assert.equal(out.toString(), 'raw\r\n');
  });
});
