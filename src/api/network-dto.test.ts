import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { NetworkView } from '../network/types.js';
import { toCreateResponse, toNetworkResource, toNetworkSpec } from './network-dto.js';

function view(overrides: Partial<NetworkView> = {}): NetworkView {
  return {
    id: 'a'.repeat(64),
    name: 'n1',
    driver: 'bridge',
    scope: 'local',
    created: '2024-01-02T03:04:05.123456789Z',
    enableIPv6: false,
    internal: false,
    attachable: false,
    predefined: false,
    ipam: { driver: 'default', options: {}, config: [] },
    options: {},
    labels: {},
    endpoints: [],
    ...overrides,
  };
}

describe('network-dto', () => {
  it('toNetworkSpec() applies Docker defaults for a minimal request', () => {
    assert.deepEqual(toNetworkSpec({ Name: 'n' }), {
      name: 'n',
      driver: 'bridge',
      enableIPv6: false,
      internal: false,
      attachable: false,
      ipam: { driver: 'default', config: [] },
    });
  });

  it('toNetworkSpec() treats empty Driver strings as unset', () => {
    const spec = toNetworkSpec({ Name: 'n', Driver: '', IPAM: { Driver: '' } });
    assert.equal(spec.driver, 'bridge');
    assert.equal(spec.ipam?.driver, 'default');
  });

  it('toNetworkSpec() maps AuxiliaryAddresses and its alias AuxAddress', () => {
    const spec = toNetworkSpec({
      Name: 'n',
      IPAM: {
        Config: [
          { Subnet: '10.0.0.0/24', AuxiliaryAddresses: { a: '10.0.0.9' } },
          { Subnet: '10.0.1.0/24', AuxAddress: { b: '10.0.1.9' } },
        ],
      },
    });
    assert.deepEqual(spec.ipam?.config, [
      { subnet: '10.0.0.0/24', auxAddresses: { a: '10.0.0.9' } },
      { subnet: '10.0.1.0/24', auxAddresses: { b: '10.0.1.9' } },
    ]);
  });

  it('toNetworkSpec() accepts local scope and ignores CheckDuplicate', () => {
    assert.doesNotThrow(() => toNetworkSpec({ Name: 'n', Scope: 'local', CheckDuplicate: false }));
  });

  it('toNetworkSpec() refuses ConfigFrom pointing at a network', () => {
    assert.throws(() => toNetworkSpec({ Name: 'n', ConfigFrom: { Network: 'base' } }), {
      kind: 'invalid',
      code: 'UNSUPPORTED_NETWORK_OPTION',
    });
  });

  it('toCreateResponse() always sends Warning', () => {
    assert.deepEqual(toCreateResponse({ id: 'x' }), { Id: 'x', Warning: '' });
    assert.deepEqual(toCreateResponse({ id: 'x', warning: 'w' }), { Id: 'x', Warning: 'w' });
  });

  it('toNetworkResource() omits empty IPAM config fields as Docker does', () => {
    const resource = toNetworkResource(
      view({
        ipam: {
          driver: 'default',
          options: {},
          config: [
            { subnet: '10.0.0.0/24', ipRange: '', gateway: '10.0.0.1', auxAddresses: {} },
            { subnet: 'fd00::/64', ipRange: 'fd00::/80', auxAddresses: { r: 'fd00::9' } },
          ],
        },
      }),
    );
    assert.deepEqual(resource.IPAM.Config, [
      { Subnet: '10.0.0.0/24', Gateway: '10.0.0.1' },
      { Subnet: 'fd00::/64', IPRange: 'fd00::/80', AuxiliaryAddresses: { r: 'fd00::9' } },
    ]);
  });

  it('toNetworkResource() keys Containers by container ID, or leaves it empty for lists', () => {
    const endpoint = {
      containerId: 'c'.repeat(64),
      name: 'web1',
      endpointId: 'e'.repeat(64),
      macAddress: '02:42:0a:00:00:02',
      ipv4Address: '10.0.0.2/24',
      ipv6Address: '',
    };
    const full = toNetworkResource(view({ endpoints: [endpoint] }));
    assert.deepEqual(full.Containers, {
      [endpoint.containerId]: {
        Name: 'web1',
        EndpointID: endpoint.endpointId,
        MacAddress: '02:42:0a:00:00:02',
        IPv4Address: '10.0.0.2/24',
        IPv6Address: '',
      },
    });
    const listed = toNetworkResource(view({ endpoints: [endpoint] }), { withContainers: false });
    assert.deepEqual(listed.Containers, {});
    assert.equal(listed.Created, '2024-01-02T03:04:05.123456789Z');
  });
});
