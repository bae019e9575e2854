import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../../common/errors.js';
import type { PortMapping } from '../types.js';
import {
  compileAddNetwork,
  compileAddPorts,
  compileRemoveNetwork,
  compileRemovePorts,
  compileTable,
} from './index.js';
import { FULL_STATE, portRange } from './testing/golden-cases.js';

function reversed<T>(list: readonly T[]): T[] {
  return [...list].reverse();
}

describe('compile', () => {
  it('compileTable() starts by replacing only its own table', () => {
    const text = compileTable({ networks: [], ports: [] });
    assert.match(text, /^add table inet pouch\ndelete table inet pouch\ntable inet pouch \{\n/);
    assert.doesNotMatch(text, /flush ruleset|table (ip|ip6|inet) (?!pouch)/);
  });

  it('compileTable() output does not depend on record order', () => {
    const shuffled = { networks: reversed(FULL_STATE.networks), ports: reversed(FULL_STATE.ports) };
    assert.equal(compileTable(shuffled), compileTable(FULL_STATE));
  });

  it('compileTable() refuses two records claiming one key (conflict)', () => {
    const [a] = portRange('tcp', 'any4');
    assert.ok(a);
    const b: PortMapping = { ...a, owner: 'other', containerIp: '10.60.4.3' };
    assert.throws(
      () => compileTable({ networks: [], ports: [a, b] }),
      (e) => isKind(e, 'conflict'),
    );
    const [net] = FULL_STATE.networks;
    assert.ok(net);
    assert.throws(
      () => compileTable({ networks: [net, { ...net, id: 'x' }], ports: [] }),
      (e) => isKind(e, 'conflict'),
    );
  });

  it('delta compilers touch only elements, never chains or tables', () => {
    const [net] = FULL_STATE.networks;
    assert.ok(net);
    const deltas = [
      compileAddNetwork(net),
      compileRemoveNetwork(net),
      compileAddPorts(FULL_STATE.ports),
      compileRemovePorts(FULL_STATE.ports),
    ];
    for (const d of deltas) {
      for (const line of d.split('\n').filter((l) => /^\S/.test(l))) {
        assert.match(line, /^(add|delete) element inet pouch \w+ \{$|^\}$/);
      }
    }
  });

  it('compileAddPorts() of nothing is nothing; removal puts add before delete per map', () => {
    assert.equal(compileAddPorts([]), '');
    assert.equal(compileRemovePorts([]), '');
    const text = compileRemovePorts(portRange('udp', 'ip4'));
    assert.match(text, /^add element inet pouch pm4_udp_ip \{\n(.*\n){3}\}\ndelete element/);
  });

  it('compileRemovePorts() accepts the same mapping twice', () => {
    const ports = portRange('tcp', 'loopback');
    assert.equal(compileRemovePorts([...ports, ...ports]), compileRemovePorts(ports));
  });

  it('compileAddPorts() refuses an injection attempt before producing any text', () => {
    const [p] = portRange('tcp', 'any4');
    assert.ok(p);
    assert.throws(
      () => compileAddPorts([p, { ...p, hostIp: '1.2.3.4; flush ruleset' }]),
      (e) => isKind(e, 'invalid'),
    );
  });
});
