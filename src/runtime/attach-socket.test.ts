import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrameDecoder, PIPE } from './attach-socket.js';

function frame(pipe: number, text: string): Buffer {
  const body = Buffer.concat([Buffer.from([pipe]), Buffer.from(text)]);
  const head = Buffer.alloc(4);
  head.writeUInt32BE(body.length);
  return Buffer.concat([head, body]);
}

describe('FrameDecoder', () => {
  it('FrameDecoder splits packets and names their pipe', () => {
    const d = new FrameDecoder();
    const out = d.push(Buffer.concat([frame(PIPE.STDOUT, 'out\n'), frame(PIPE.STDERR, 'err\n')]));
    assert.deepEqual(
      out.map((p) => [p.pipe, p.data.toString()]),
      [
        [2, 'out\n'],
        [3, 'err\n'],
      ],
    );
  });

  it('FrameDecoder reassembles packets split at any byte', () => {
    const bytes = Buffer.concat([frame(PIPE.STDOUT, 'hello'), frame(PIPE.STDOUT, 'world')]);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const d = new FrameDecoder();
      const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
      assert.deepEqual(
        out.map((p) => p.data.toString()),
        ['hello', 'world'],
        `cut at ${cut}`,
      );
    }
  });

  it('FrameDecoder skips empty packets', () => {
    const empty = Buffer.alloc(4);
    assert.deepEqual(new FrameDecoder().push(empty), []);
  });
});
