import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PouchClient } from '../client.js';
import { parseDaemonAddress } from '../daemon-address.js';
import { FakeDaemon } from '../testing/fake-daemon.js';
import { pumpContainerStreams } from './container-streams.js';
import { hijack } from './hijack.js';
import { encodeFrame, StreamType } from './stdcopy.js';
import { Readable } from 'node:stream';

let daemon: FakeDaemon;
let client: PouchClient;

before(async () => {
  daemon = await FakeDaemon.start();
  client = new PouchClient({ address: parseDaemonAddress(daemon.host) });
});

after(async () => {
  await daemon.close();
});

test('hijack() upgrades, sends the JSON body and carries bytes both ways', async () => {
  daemon.upgrades['POST /v1.41/exec/e1/start'] = (_req, socket) => {
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('end', () => socket.end(encodeFrame(StreamType.stdout, Buffer.concat(received))));
  };
  const connection = await hijack(client, '/exec/e1/start', {
    body: { Detach: false, Tty: false },
  });
  const request = daemon.requests.at(-1);
  assert.equal(request?.headers['upgrade'], 'tcp');
  assert.equal(request?.headers['connection'], 'Upgrade');
  assert.deepEqual(request?.body, { Detach: false, Tty: false });
  const out: Buffer[] = [];
  await pumpContainerStreams(connection, {
    tty: false,
    stdin: Readable.from([Buffer.from('ping\n'), Buffer.from([0, 1, 2])]),
    sinks: { stdout: (b) => void out.push(Buffer.from(b)), stderr: () => undefined },
  });
  assert.deepEqual(
    Buffer.concat(out),
    Buffer.concat([Buffer.from('ping\n'), Buffer.from([0, 1, 2])]),
  );
});

test('hijack() passes the query and copies raw TTY output unchanged', async () => {
  daemon.upgrades['POST /v1.41/containers/c1/attach'] = (_req, socket) => {
    socket.end(Buffer.from([1, 0, 0, 0, 0xff, 0x1b, 0x5b]));
  };
  const connection = await hijack(client, '/containers/c1/attach', {
    query: { stream: '1', stdin: undefined },
  });
  assert.equal(daemon.requests.at(-1)?.url, '/v1.41/containers/c1/attach?stream=1');
  const out: Buffer[] = [];
  await pumpContainerStreams(connection, {
    tty: true,
    sinks: { stdout: (b) => void out.push(Buffer.from(b)), stderr: () => undefined },
  });
  assert.deepEqual(Buffer.concat(out), Buffer.from([1, 0, 0, 0, 0xff, 0x1b, 0x5b]));
});

test('hijack() rejects with the daemon message when the answer is an error', async () => {
  daemon.routes['POST /v1.41/containers/ghost/attach'] = () => ({
    status: 404,
    body: { message: 'No such container: ghost' },
  });
  await assert.rejects(hijack(client, '/containers/ghost/attach'), /No such container: ghost/);
});
