import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDaemonAddress } from './daemon-address.js';

test('parseDaemonAddress() reads a unix socket path', () => {
  assert.deepEqual(parseDaemonAddress('unix:///var/run/pouchd.sock'), {
    kind: 'unix',
    url: 'unix:///var/run/pouchd.sock',
    socketPath: '/var/run/pouchd.sock',
  });
});

test('parseDaemonAddress() reads tcp host and port', () => {
  assert.deepEqual(parseDaemonAddress('tcp://10.0.0.1:2375'), {
    kind: 'tcp',
    url: 'tcp://10.0.0.1:2375',
    hostname: '10.0.0.1',
    port: 2375,
  });
});

test('parseDaemonAddress() strips brackets from an IPv6 host', () => {
  const address = parseDaemonAddress('tcp://[::1]:2376');
  assert.equal(address.kind === 'tcp' && address.hostname, '::1');
});

test('parseDaemonAddress() turns on TLS when a --tls* flag is given', () => {
  const address = parseDaemonAddress('tcp://h:2376', {
    tlsverify: true,
    tlscacert: '/ca.pem',
    tlscert: '/cert.pem',
    tlskey: '/key.pem',
  });
  assert.deepEqual(address.kind === 'tcp' && address.tls, {
    verify: true,
    caFile: '/ca.pem',
    certFile: '/cert.pem',
    keyFile: '/key.pem',
  });
});

test('parseDaemonAddress() uses TLS without verification for --tls alone', () => {
  const address = parseDaemonAddress('tcp://h:2376', { tls: true });
  assert.deepEqual(address.kind === 'tcp' && address.tls, { verify: false });
});

test('parseDaemonAddress() requires --tlscert and --tlskey together', () => {
  assert.throws(() => parseDaemonAddress('tcp://h:1', { tlscert: '/c' }), /must be given together/);
});

test('parseDaemonAddress() ignores TLS flags for unix sockets', () => {
  assert.equal(parseDaemonAddress('unix:///s', { tlsverify: true }).kind, 'unix');
});

test('parseDaemonAddress() rejects other schemes and a missing port', () => {
  assert.throws(
    () => parseDaemonAddress('http://h:1'),
    /expected unix:\/\/PATH or tcp:\/\/HOST:PORT/,
  );
  assert.throws(() => parseDaemonAddress('tcp://h'), /expected tcp:\/\/HOST:PORT/);
  assert.throws(() => parseDaemonAddress('unix://'), /socket path is empty/);
});
