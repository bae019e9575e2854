import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  containerResolvConf,
  parseResolvConf,
  renderHosts,
  renderResolvConf,
  writeInPlace,
} from './network-files.js';

describe('renderHosts()', () => {
  it('writes the default entries, extra hosts, links, then the own address and hostname', () => {
    const text = renderHosts({
      hostname: 'web',
      domainname: 'example.org',
      extraHosts: ['db:10.0.0.5', 'v6host:fd00::7'],
      links: [{ ip: '10.88.0.9', names: ['cache', 'redis1'] }],
      ownAddresses: ['10.88.0.2'],
    });
    assert.equal(
      text,
      [
        '127.0.0.1\tlocalhost',
        '::1\tlocalhost ip6-localhost ip6-loopback',
        'fe00::0\tip6-localnet',
        'ff00::0\tip6-mcastprefix',
        'ff02::1\tip6-allnodes',
        'ff02::2\tip6-allrouters',
        '10.0.0.5\tdb',
        'fd00::7\tv6host',
        '10.88.0.9\tcache redis1',
        '10.88.0.2\tweb.example.org web',
        '',
      ].join('\n'),
    );
  });
});

describe('containerResolvConf()', () => {
  const host = parseResolvConf(
    '# generated\nnameserver 127.0.0.53\nnameserver 10.1.1.1\nsearch corp.example\noptions edns0\n',
  );

  it('drops loopback nameservers and keeps search and options', () => {
    assert.equal(
      renderResolvConf(containerResolvConf(host, {})),
      'nameserver 10.1.1.1\nsearch corp.example\noptions edns0\n',
    );
  });

  it('falls back to public resolvers when only loopback ones remain', () => {
    const onlyLocal = parseResolvConf('nameserver 127.0.0.53\n');
    assert.deepEqual(containerResolvConf(onlyLocal, {}).nameservers, ['8.8.8.8', '8.8.4.4']);
  });

  it('lets --dns, --dns-search and --dns-option replace their parts, one line each kind', () => {
    const out = containerResolvConf(host, {
      dns: ['1.1.1.1', '9.9.9.9'],
      search: ['a', 'b'],
      options: ['timeout:3', 'ndots:9'],
    });
    assert.equal(
      renderResolvConf(out),
      'nameserver 1.1.1.1\nnameserver 9.9.9.9\nsearch a b\noptions timeout:3 ndots:9\n',
    );
  });
});

describe('writeInPlace()', () => {
  it('replaces the content, longer or shorter, keeping the inode (the bind mount sees it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pouch-wip-'));
    try {
      const path = join(dir, 'hosts');
      writeFileSync(path, '127.0.0.1 localhost\n10.0.0.2 a\n');
      const inode = statSync(path).ino;
      writeInPlace(path, '127.0.0.1 localhost\n10.0.0.2 a\n10.1.0.2 a\n');
      assert.equal(readFileSync(path, 'utf8'), '127.0.0.1 localhost\n10.0.0.2 a\n10.1.0.2 a\n');
      writeInPlace(path, 'x\n');
      assert.equal(readFileSync(path, 'utf8'), 'x\n');
      assert.equal(statSync(path).ino, inode);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates a missing file with mode 0644', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pouch-wip-'));
    try {
      const path = join(dir, 'hostname');
      writeInPlace(path, 'box\n');
      assert.equal(readFileSync(path, 'utf8'), 'box\n');
      assert.equal(statSync(path).mode & 0o777, 0o644 & ~process.umask());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
