/**
 * Image tarballs for tests, built from the host's static busybox (Debian's busybox-static) so no
 * test downloads anything:
 *
 * - `buildBusyboxImage()`: a one-layer `busybox:latest` with applet symlinks in /bin, users,
 *   and the mount points a container needs, in `docker save` format (or as an OCI layout);
 * - `buildWhiteoutImage()`: two layers where the second deletes a file (`.wh.` whiteout) and
 *   empties a directory (`.wh..wh..opq`), for overlay whiteout tests.
 *
 * Every mtime, owner and byte is fixed, so the image ID is stable across runs (for the same
 * busybox binary). The builders are synchronous, as tests call them from set-up code: tar-stream
 * is asynchronous, so the work runs on a worker thread while this thread waits on an Atomics
 * flag (the same trick as synckit).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isMainThread,
  MessageChannel,
  receiveMessageOnPort,
  Worker,
  workerData,
  type MessagePort,
} from 'node:worker_threads';
import {
  configFor,
  dockerArchive,
  ociArchive,
  tarOf,
  type TestTarEntry,
} from '../../src/image/testing/archive-builder.js';

/** The static busybox put in the image. */
export const HOST_BUSYBOX = '/bin/busybox';

/** Applets linked in /bin (those the tests run). */
export const BUSYBOX_APPLETS = [
  'sh',
  'ls',
  'cat',
  'echo',
  'ping',
  'ip',
  'ifconfig',
  'route',
  'nc',
  'httpd',
  'wget',
  'nslookup',
  'hostname',
  'sleep',
  'id',
  'true',
  'false',
  'env',
  'ps',
  'top',
  'mount',
  'sysctl',
  'grep',
  'head',
  'tail',
  'wc',
  'touch',
  'mkdir',
  'rm',
  'kill',
  'date',
  'uname',
  'readlink',
  'printf',
  'tty',
  'stty',
  'test',
  'stat',
  'chmod',
  'ln',
  'sed',
  'cp',
  'mv',
] as const;

export const BUSYBOX_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Options of the image builders. */
export interface TestImageOptions {
  /** @default 'busybox:latest' (or 'whiteout:latest') */
  tag?: string;
  /** `docker save` layout, or an OCI image layout (with a gzip-compressed layer). @default 'docker' */
  format?: 'docker' | 'oci';
}

/** The busybox root filesystem's entries. */
export function busyboxEntries(): TestTarEntry[] {
  const dir = (name: string, mode = 0o755): TestTarEntry => ({ name, type: 'directory', mode });
  return [
    dir('bin/'),
    { name: 'bin/busybox', mode: 0o755, content: readFileSync(HOST_BUSYBOX) },
    ...BUSYBOX_APPLETS.map((a): TestTarEntry => ({
      name: `bin/${a}`,
      type: 'symlink',
      linkname: 'busybox',
    })),
    dir('dev/'),
    dir('etc/'),
    { name: 'etc/group', content: 'root:x:0:\nnobody:x:65534:\n' },
    { name: 'etc/hostname', content: '' },
    { name: 'etc/hosts', content: '' },
    {
      name: 'etc/passwd',
      content:
        'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n',
    },
    { name: 'etc/resolv.conf', content: '' },
    dir('proc/', 0o555),
    dir('root/', 0o700),
    dir('sys/', 0o555),
    dir('tmp/', 0o1777),
  ];
}

/** The whiteout image's top layer: deletes /etc/secret and hides /data's lower contents. */
export function whiteoutTopEntries(): TestTarEntry[] {
  return [
    { name: 'data/', type: 'directory' },
    { name: 'data/.wh..wh..opq', content: '' },
    { name: 'data/c', content: 'c\n' },
    { name: 'etc/', type: 'directory' },
    { name: 'etc/.wh.secret', content: '' },
  ];
}

type Task = { kind: 'busybox' | 'whiteout'; dir: string; tag: string; format: 'docker' | 'oci' };

/** Builds the tarball of `task` and writes it into `task.dir`; returns its path. */
async function writeImage(task: Task): Promise<string> {
  const layers = [await tarOf(busyboxEntries())];
  if (task.kind === 'whiteout') {
    const lower = await tarOf([
      ...busyboxEntries(),
      { name: 'data/', type: 'directory' },
      { name: 'data/a', content: 'a\n' },
      { name: 'data/b', content: 'b\n' },
      { name: 'etc/secret', content: 'hidden by the top layer\n' },
    ]);
    layers.splice(0, 1, lower, await tarOf(whiteoutTopEntries()));
  }
  const archive = task.format === 'oci' ? ociArchive : dockerArchive;
  const config = configFor(layers, { exec: { Env: [BUSYBOX_PATH], Cmd: ['sh'] } });
  const file = join(task.dir, `${task.tag.replace(/[^a-zA-Z0-9]+/g, '-')}-${task.format}.tar`);
  writeFileSync(file, await archive([{ layers, tags: [task.tag], config }]));
  return file;
}

interface WorkerRequest {
  kind: 'test-image-builder';
  task: Task;
  flag: Int32Array;
  port: MessagePort;
}

/** Runs `writeImage` on a worker thread and blocks until it is done. */
function buildSync(task: Task): string {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const request: WorkerRequest = { kind: 'test-image-builder', task, flag, port: port2 };
  const worker = new Worker(new URL(import.meta.url), {
    workerData: request,
    transferList: [port2],
  });
  try {
    if (Atomics.wait(flag, 0, 0, 120_000) === 'timed-out') throw new Error('image build timed out');
    const reply = receiveMessageOnPort(port1)?.message as
      { path?: string; error?: string } | undefined;
    if (reply?.path === undefined)
      throw new Error(`image build failed: ${reply?.error ?? 'no reply'}`);
    return reply.path;
  } finally {
    port1.close();
    void worker.terminate();
  }
}

/** Writes `busybox:latest` (or `opts.tag`) as a tarball in `dir`; returns its path. */
export function buildBusyboxImage(dir: string, opts: TestImageOptions = {}): string {
  return buildSync({
    kind: 'busybox',
    dir,
    tag: opts.tag ?? 'busybox:latest',
    format: opts.format ?? 'docker',
  });
}

/**
 * Writes the two-layer whiteout image: the lower layer is busybox plus /etc/secret and
 * /data/{a,b}; the upper whites out /etc/secret and makes /data opaque with a new /data/c.
 */
export function buildWhiteoutImage(dir: string, opts: TestImageOptions = {}): string {
  return buildSync({
    kind: 'whiteout',
    dir,
    tag: opts.tag ?? 'whiteout:latest',
    format: opts.format ?? 'docker',
  });
}

function isWorkerRequest(v: unknown): v is WorkerRequest {
  return (
    typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'test-image-builder'
  );
}

if (!isMainThread && isWorkerRequest(workerData)) {
  const { task, flag, port } = workerData;
  writeImage(task)
    .then(
      (path) => port.postMessage({ path }),
      (err: unknown) =>
        port.postMessage({
          error: err instanceof Error ? (err.stack ?? err.message) : String(err),
        }),
    )
    .finally(() => {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    });
}
