/**
 * Streams one layer (a tar, optionally gzip-compressed) into a directory while hashing it, so a
 * layer is read exactly once: the hash of the uncompressed bytes is the layer's diff ID (checked
 * against the image config by the caller) and the hash of the bytes as given is its blob digest
 * (checked against an OCI descriptor).
 */
import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import tarStream from 'tar-stream';
import { EngineError, invalid } from '../common/errors.js';
import { LayerWriter } from './layer-writer.js';

/** What unpacking a layer found out about it. */
export interface UnpackedLayer {
  /** `sha256:` of the uncompressed tar. */
  diffId: string;
  /** `sha256:` of the bytes as read (compressed when the layer was). */
  digest: string;
  /** Sum of the regular files' sizes. */
  sizeBytes: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

/** Reads at least `n` bytes (fewer at end of stream) and puts them back. */
async function peek(src: Readable, n: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  while (length < n && !src.readableEnded) {
    const chunk = src.read() as Buffer | string | null;
    if (chunk !== null) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buf);
      length += buf.length;
      continue;
    }
    const ac = new AbortController();
    await Promise.race([
      once(src, 'readable', { signal: ac.signal }),
      once(src, 'end', { signal: ac.signal }),
    ]).finally(() => ac.abort());
  }
  const head = Buffer.concat(chunks);
  if (head.length > 0) src.unshift(head);
  return head;
}

const startsWith = (buf: Buffer, magic: number[]) => magic.every((b, i) => buf[i] === b);

function hashing(hash: Hash) {
  return async function* (source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      hash.update(chunk);
      yield chunk;
    }
  };
}

/**
 * Unpacks `source` into the existing empty directory `dest`. Throws `invalid` for a stream that
 * is not a (gzip-compressed) tar or holds an unsafe entry; `dest` is then partly written and the
 * caller discards it.
 */
export async function unpackLayer(source: Readable, dest: string): Promise<UnpackedLayer> {
  const head = await peek(source, 4);
  if (head.length === 0) throw invalid('Cannot unpack layer: the stream is empty', 'INVALID_LAYER');
  if (startsWith(head, ZSTD_MAGIC)) {
    throw invalid('Cannot unpack layer: zstd-compressed layers are not supported', 'INVALID_LAYER');
  }
  const digest = createHash('sha256');
  const diff = createHash('sha256');
  const extract = tarStream.extract();
  const stages = startsWith(head, GZIP_MAGIC)
    ? pipeline(source, hashing(digest), createGunzip(), hashing(diff), extract)
    : pipeline(source, hashing(digest), hashing(diff), extract);
  const writer = new LayerWriter(dest);
  try {
    for await (const entry of extract) await writer.add(entry.header, entry);
    await stages;
  } catch (err) {
    extract.destroy();
    source.destroy();
    await stages.catch(() => undefined);
    if (err instanceof EngineError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.syscall !== undefined) throw err;
    throw invalid(`Cannot unpack layer: ${e.message}`, 'INVALID_LAYER');
  }
  await writer.finish();
  return {
    diffId: `sha256:${diff.digest('hex')}`,
    digest: `sha256:${digest.digest('hex')}`,
    sizeBytes: writer.sizeBytes,
  };
}
