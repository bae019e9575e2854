import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { familiarName, familiarTagged, parseReference, parseTagTarget } from './reference.js';

const isInvalid = (err: unknown) => isKind(err, 'invalid');

describe('parseReference()', () => {
  it('normalises official images to docker.io/library', () => {
    assert.deepEqual(parseReference('busybox'), { domain: 'docker.io', path: 'library/busybox' });
    assert.deepEqual(parseReference('library/busybox:1.36'), {
      domain: 'docker.io',
      path: 'library/busybox',
      tag: '1.36',
    });
    assert.deepEqual(parseReference('docker.io/library/busybox:latest'), {
      domain: 'docker.io',
      path: 'library/busybox',
      tag: 'latest',
    });
    assert.equal(parseReference('index.docker.io/busybox').domain, 'docker.io');
  });

  it('recognises registries by a dot, a port or localhost', () => {
    assert.deepEqual(parseReference('quay.io/coreos/etcd:v3'), {
      domain: 'quay.io',
      path: 'coreos/etcd',
      tag: 'v3',
    });
    assert.deepEqual(parseReference('localhost:5000/app'), {
      domain: 'localhost:5000',
      path: 'app',
    });
    assert.deepEqual(parseReference('localhost/app'), { domain: 'localhost', path: 'app' });
    assert.deepEqual(parseReference('me/app'), { domain: 'docker.io', path: 'me/app' });
  });

  it('keeps digests', () => {
    const digest = `sha256:${'a'.repeat(64)}`;
    assert.equal(parseReference(`busybox@${digest}`).digest, digest);
  });

  it('refuses what Docker refuses', () => {
    for (const bad of [
      '',
      ':latest',
      'Busybox',
      'a//b',
      'busybox:',
      'bad tag',
      'x:-1',
      'a@sha256:1',
      '-x',
    ]) {
      assert.throws(() => parseReference(bad), isInvalid, bad);
    }
    assert.throws(() => parseReference('a'.repeat(64)), /64-byte hexadecimal/);
    assert.throws(() => parseReference('MyApp'), /must be lowercase/);
    assert.throws(() => parseReference(`x:${'t'.repeat(129)}`), isInvalid);
  });
});

describe('familiarName()', () => {
  it('drops docker.io and library/ the way the Docker CLI shows names', () => {
    assert.equal(familiarName(parseReference('docker.io/library/busybox')), 'busybox');
    assert.equal(familiarName(parseReference('docker.io/me/app')), 'me/app');
    assert.equal(familiarName(parseReference('quay.io/library/x')), 'quay.io/library/x');
    assert.equal(familiarName(parseReference('library/a/b')), 'library/a/b');
  });

  it('familiarTagged() defaults the tag to latest', () => {
    assert.equal(familiarTagged(parseReference('busybox')), 'busybox:latest');
    assert.equal(familiarTagged(parseReference('docker.io/library/busybox:1')), 'busybox:1');
  });
});

describe('parseTagTarget()', () => {
  it('applies the tag argument over the one in repo', () => {
    assert.equal(parseTagTarget('me/app'), 'me/app:latest');
    assert.equal(parseTagTarget('me/app', 'v1'), 'me/app:v1');
    assert.equal(parseTagTarget('me/app:v1', 'v2'), 'me/app:v2');
    assert.equal(parseTagTarget('me/app:v1', ''), 'me/app:v1');
  });

  it('refuses digests and bad tags', () => {
    assert.throws(() => parseTagTarget(`me/app@sha256:${'a'.repeat(64)}`), /digest/);
    assert.throws(() => parseTagTarget('me/app', '.bad'), /invalid tag format/);
    assert.throws(() => parseTagTarget('Me/App'), isInvalid);
  });
});
