/**
 * A TCP listener requires TLS with client certificates; the unix socket is root-only.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { POUCHD, startDaemon, type TestDaemon } from '../helpers/daemon.js';
import { createTestHost, inNetns, type TestHost } from '../helpers/test-host.js';
import { makeTlsFiles, type TlsFiles } from '../helpers/tls-certs.js';

describe('API listeners', () => {
  let host: TestHost;
  let tls: TlsFiles;
  let daemon: TestDaemon | undefined;

  before(async () => {
    host = createTestHost();
    tls = makeTlsFiles(host.dir);
    daemon = await startDaemon(host, [
      '-l',
      'tcp://127.0.0.1:2376',
      '--tlscacert',
      tls.ca,
      '--tlscert',
      tls.serverCert,
      '--tlskey',
      tls.serverKey,
    ]);
  });

  after(async () => {
    await daemon?.kill9();
    host.dispose();
  });

  it('makes the unix socket mode 0660', () => {
    assert.equal(statSync(daemon?.socket ?? '').mode & 0o777, 0o660);
  });

  it('serves a client that presents a certificate signed by the CA', () => {
    const r = inNetns(host.path, 'curl', [
      '-sS',
      '--cacert',
      tls.ca,
      '--cert',
      tls.clientCert,
      '--key',
      tls.clientKey,
      'https://127.0.0.1:2376/_ping',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'OK');
  });

  it('refuses a client without a certificate', () => {
    const r = inNetns(host.path, 'curl', [
      '-sS',
      '--cacert',
      tls.ca,
      'https://127.0.0.1:2376/_ping',
    ]);
    assert.notEqual(r.status, 0);
    assert.notEqual(r.stdout, 'OK');
  });

  it('refuses to start a TCP listener without TLS material', () => {
    const r = spawnSync(
      'nsenter',
      [
        `--net=${host.path}`,
        process.execPath,
        POUCHD,
        '--home-dir',
        `${host.dir}/h2`,
        '--exec-root-dir',
        `${host.dir}/r2`,
        '-l',
        'tcp://127.0.0.1:2377',
      ],
      { encoding: 'utf8', timeout: 20_000 },
    );
    assert.notEqual(r.status, 0);
    assert.match(r.stdout + r.stderr, /TCP listener needs --tlscert/);
  });
});
