import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../../common/errors.js';
import type { NetworkRules, PortMapping } from '../types.js';
import { validateNetwork, validatePort } from './validate.js';

const port: PortMapping = {
  owner: 'ep1',
  proto: 'tcp',
  family: 4,
  hostIp: '',
  hostPort: 8080,
  containerIp: '10.0.0.2',
  containerPort: 80,
};
const net: NetworkRules = {
  id: 'n1',
  bridge: 'br-x',
  subnets: ['10.0.0.0/24'],
  masquerade: true,
  icc: true,
  internal: false,
};

function invalidPort(patch: Record<string, unknown>): void {
  assert.throws(
    () => validatePort({ ...port, ...patch } as PortMapping),
    (e) => isKind(e, 'invalid'),
  );
}

function invalidNetwork(patch: Record<string, unknown>): void {
  assert.throws(
    () => validateNetwork({ ...net, ...patch } as NetworkRules),
    (e) => isKind(e, 'invalid'),
  );
}

describe('validate', () => {
  it('validatePort() refuses anything that could inject nft syntax', () => {
    invalidPort({ hostIp: '1.2.3.4; flush ruleset' });
    invalidPort({ hostIp: '1.2.3.4\nflush ruleset' });
    invalidPort({ containerIp: '10.0.0.2 . 80 }; flush ruleset; add element x {' });
    invalidPort({ hostIp: 'localhost' });
    invalidPort({ owner: 'ep" ; flush ruleset ; "' });
    invalidPort({ proto: 'tcp dport 1 drop' });
  });

  it('validatePort() refuses non-numeric, octal-looking and wrong-family addresses', () => {
    invalidPort({ hostIp: '010.0.0.1' });
    invalidPort({ hostIp: '10.1' });
    invalidPort({ hostIp: 'fe80::1%eth0' });
    invalidPort({ hostIp: '::1' });
    invalidPort({ family: 6 });
    invalidPort({ containerIp: '0.0.0.0' });
  });

  it('validatePort() refuses ports outside 1..65535 and non-integers', () => {
    for (const p of [0, -1, 65536, 80.5, Number.NaN, '80']) {
      invalidPort({ hostPort: p });
      invalidPort({ containerPort: p });
    }
    assert.equal(validatePort({ ...port, hostPort: 65535 }).hostPort, 65535);
  });

  it('validatePort() normalises addresses; 0.0.0.0 and :: mean every address', () => {
    assert.equal(validatePort({ ...port, hostIp: '0.0.0.0' }).hostIp, undefined);
    const v6 = validatePort({
      ...port,
      family: 6,
      hostIp: 'FD00:0::0001',
      containerIp: 'fd00:0:0:0::2',
    });
    assert.equal(v6.hostIp?.text, 'fd00::1');
    assert.equal(v6.containerIp, 'fd00::2');
    assert.equal(
      validatePort({ ...port, family: 6, hostIp: '::', containerIp: 'fd00::2' }).hostIp,
      undefined,
    );
  });

  it('validateNetwork() refuses bad bridge names, subnets and flags', () => {
    invalidNetwork({ bridge: 'br-x" . "y' });
    invalidNetwork({ bridge: 'br x' });
    invalidNetwork({ bridge: 'a-very-long-bridge-name' });
    invalidNetwork({ bridge: '' });
    invalidNetwork({ subnets: ['10.0.0.0/33'] });
    invalidNetwork({ subnets: ['10.0.0.0/24; flush ruleset'] });
    invalidNetwork({ subnets: '10.0.0.0/24' });
    invalidNetwork({ icc: 'false' });
    invalidNetwork({ id: '' });
  });

  it('validateNetwork() masks, orders and de-duplicates subnets', () => {
    const v = validateNetwork({ ...net, subnets: ['fd00::1/64', '10.0.0.9/24', '10.0.0.0/24'] });
    assert.deepEqual(
      v.subnets.map((s) => s.text),
      ['10.0.0.0/24', 'fd00::/64'],
    );
  });
});
