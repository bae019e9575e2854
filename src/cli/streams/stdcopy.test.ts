import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Readable } from 'node:stream';
import { demultiplex, encodeFrame, FrameDecoder, StreamType } from './stdcopy.js';

test('encodeFrame() writes the 8-byte header then the payload', () => {
  assert.deepEqual(
    encodeFrame(StreamType.stderr, 'hi\n'),
    Buffer.from([2, 0, 0, 0, 0, 0, 0, 3, 0x68, 0x69, 0x0a]),
  );
  assert.deepEqual(
    encodeFrame(StreamType.stdout, Buffer.alloc(0x10203)).subarray(0, 8),
    Buffer.from([1, 0, 0, 0, 0, 1, 2, 3]),
  );
});

test('FrameDecoder.push() decodes frames split at every possible byte', () => {
  const input = Buffer.concat([
    encodeFrame(StreamType.stdout, 'hello '),
    encodeFrame(StreamType.stderr, Buffer.from([0, 255, 10])),
    encodeFrame(StreamType.stdout, ''),
    encodeFrame(StreamType.stdout, 'world\n'),
  ]);
  for (let cut = 0; cut <= input.length; cut++) {
    const decoder = new FrameDecoder();
    const frames = [...decoder.push(input.subarray(0, cut)), ...decoder.push(input.subarray(cut))];
    assert.deepEqual(
      frames.map((f) => [f.stream, f.payload.toString('hex')]),
      [
        [1, Buffer.from('hello ').toString('hex')],
        [2, '00ff0a'],
        [1, ''],
        [1, Buffer.from('world\n').toString('hex')],
      ],
      `cut at ${cut}`,
    );
    assert.equal(decoder.bufferedBytes, 0);
  }
});

test('FrameDecoder.push() decodes one byte at a time and keeps an unfinished frame', () => {
  const decoder = new FrameDecoder();
  const frame = encodeFrame(StreamType.stderr, 'abc');
  const frames = [...frame.subarray(0, 10)].flatMap((byte) => decoder.push(Buffer.from([byte])));
  assert.deepEqual(frames, []);
  assert.equal(decoder.bufferedBytes, 10);
  assert.equal(decoder.push(frame.subarray(10))[0]?.payload.toString(), 'abc');
});

test('FrameDecoder.push() rejects input that is not multiplexed', () => {
  assert.throws(
    () => new FrameDecoder().push(Buffer.from('HTTP/1.1 200 OK\r\n')),
    /unknown stream type 72/,
  );
});

test('demultiplex() sends each payload to its sink byte for byte', async () => {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const binary = Buffer.from([0xe2, 0x82]);
  await demultiplex(
    Readable.from([
      Buffer.concat([encodeFrame(StreamType.stdout, binary), encodeFrame(StreamType.stdin, 'x')]),
      encodeFrame(StreamType.stderr, 'oops'),
    ]),
    { stdout: (b) => void out.push(Buffer.from(b)), stderr: (b) => void err.push(Buffer.from(b)) },
  );
  assert.deepEqual(Buffer.concat(out), binary);
  assert.equal(Buffer.concat(err).toString(), 'oops');
});

test('demultiplex() rejects with the text of a systemerr frame', async () => {
  await assert.rejects(
    demultiplex(Readable.from([encodeFrame(StreamType.systemerr, 'exec failed')]), {
      stdout: () => undefined,
      stderr: () => undefined,
    }),
    /error from daemon in stream: exec failed/,
  );
});
