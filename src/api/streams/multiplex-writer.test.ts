import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { encodeFrame, frameHeader, multiplexWriter, StreamType } from './multiplex-writer.js';

function collector(): { sink: Writable; bytes: () => Buffer } {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks) };
}

describe('stdcopy framing', () => {
  it('frameHeader() is [stream, 0, 0, 0, size as big-endian uint32]', () => {
    assert.deepEqual([...frameHeader(StreamType.stdout, 5)], [1, 0, 0, 0, 0, 0, 0, 5]);
    assert.deepEqual([...frameHeader(StreamType.stderr, 0x01020304)], [2, 0, 0, 0, 1, 2, 3, 4]);
    assert.deepEqual([...frameHeader(StreamType.stdin, 256)], [0, 0, 0, 0, 0, 0, 1, 0]);
    assert.deepEqual([...frameHeader(StreamType.systemerr, 0)], [3, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('frameHeader() rejects sizes that do not fit a uint32', () => {
    assert.throws(() => frameHeader(StreamType.stdout, -1), RangeError);
    assert.throws(() => frameHeader(StreamType.stdout, 2 ** 32), RangeError);
    assert.throws(() => frameHeader(StreamType.stdout, 1.5), RangeError);
  });

  it('encodeFrame() puts header and payload in one buffer, byte for byte', () => {
    const frame = encodeFrame(StreamType.stdout, Buffer.from('hi\n'));
    assert.equal(frame.toString('hex'), '0100000000000003' + Buffer.from('hi\n').toString('hex'));
  });

  it('multiplexWriter() frames each chunk and never ends the shared output', async () => {
    const { sink, bytes } = collector();
    const out = new PassThrough();
    out.pipe(sink);
    const stdout = multiplexWriter(out, StreamType.stdout);
    const stderr = multiplexWriter(out, StreamType.stderr);
    stdout.write('a');
    stderr.write(Buffer.from('bc'));
    stdout.end('');
    stderr.end();
    await Promise.all([finished(stdout), finished(stderr)]);
    assert.equal(out.writableEnded, false);
    out.end();
    await finished(sink);
    assert.equal(bytes().toString('hex'), '010000000000000161' + '02000000000000026263');
  });

  it('multiplexWriter() waits for drain when the output is full', async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    const writer = multiplexWriter(out, StreamType.stdout);
    let done = false;
    writer.write('0123456789', () => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, false, 'the write completes only after the reader drained the output');
    out.resume();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(done, true);
  });
});
