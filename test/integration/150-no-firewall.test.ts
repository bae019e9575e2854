/**
 * `--iptables=false` (PouchContainer's flag): the engine programs no firewall at all.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useDaemon } from '../helpers/daemon.js';
import { inNetns } from '../helpers/test-host.js';

describe('pouchd --iptables=false', () => {
  const suite = useDaemon(['--iptables=false']);

  it('creates no nftables table, and networks still work', async () => {
    const r = await suite.daemon().api('POST', '/networks/create', { Name: 'plain' });
    assert.equal(r.status, 201, r.text);
    const tables = inNetns(suite.host().path, 'nft', ['list', 'tables']);
    assert.equal(tables.status, 0, tables.stderr);
    assert.doesNotMatch(tables.stdout, /pouch/);
  });

  it('says so in /info warnings', async () => {
    const info = await suite.daemon().api<{ Warnings: string[] | null }>('GET', '/info');
    assert.match((info.body.Warnings ?? []).join('\n'), /firewall is disabled/);
  });
});
