import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NetworkResource } from '../../../api-types/network.js';
import { renderNetworkList } from './list.js';

function net(name: string, id: string, driver = 'bridge'): NetworkResource {
  return { Name: name, Id: id, Driver: driver, Scope: 'local' } as NetworkResource;
}

const networks = [
  net('pouchnet', 'c3b5a0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b'),
  net('bridge', '5f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7bc3b5a'),
  net('host', '0a9b8c7d6e5f4a3b2c1d0e9f8a7bc3b5a0f1e2d3c4b5a69788796a5b4c3d2e1f', 'host'),
];

test('renderNetworkList() prints the aligned table with 10-character IDs, sorted by name', () => {
  assert.equal(
    renderNetworkList(networks),
    'NETWORK ID   NAME       DRIVER   SCOPE\n' +
      '5f1e2d3c4b   bridge     bridge   local\n' +
      '0a9b8c7d6e   host       host     local\n' +
      'c3b5a0f1e2   pouchnet   bridge   local\n',
  );
});

test('renderNetworkList() prints only the header for no networks', () => {
  assert.equal(renderNetworkList([]), 'NETWORK ID   NAME   DRIVER   SCOPE\n');
});

test('renderNetworkList() prints short IDs only with quiet', () => {
  assert.equal(
    renderNetworkList(networks, { quiet: true }),
    '5f1e2d3c4b\n0a9b8c7d6e\nc3b5a0f1e2\n',
  );
});

test('renderNetworkList() prints full IDs with noTrunc', () => {
  const [first] = renderNetworkList(networks, { quiet: true, noTrunc: true }).split('\n');
  assert.equal(first, networks[1]?.Id);
});

test('renderNetworkList() sorts names naturally (net2 before net10)', () => {
  const out = renderNetworkList([net('net10', 'a'.repeat(64)), net('net2', 'b'.repeat(64))], {
    quiet: true,
  });
  assert.equal(out, 'bbbbbbbbbb\naaaaaaaaaa\n');
});
