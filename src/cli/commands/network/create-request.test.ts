import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { EngineError } from '../../../common/errors.js';
import { buildNetworkCreateRequest } from './create-request.js';

function invalidWith(message: string) {
  return (err: unknown): boolean =>
    err instanceof EngineError && err.kind === 'invalid' && err.message === message;
}

describe('buildNetworkCreateRequest()', () => {
  test('sends Docker defaults for a bare name', () => {
    assert.deepEqual(buildNetworkCreateRequest({ name: 'pouchnet' }), {
      Name: 'pouchnet',
      CheckDuplicate: true,
      Driver: 'bridge',
      EnableIPv6: false,
      IPAM: { Driver: 'default', Options: {}, Config: [] },
      Internal: false,
      Options: {},
      Labels: {},
    });
  });

  test('lets the positional name win over --name', () => {
    const request = buildNetworkCreateRequest({ positionalName: 'pos', name: 'flag' });
    assert.equal(request.Name, 'pos');
  });

  test('rejects an empty name', () => {
    assert.throws(() => buildNetworkCreateRequest({}), invalidWith('network name cannot be empty'));
    assert.throws(
      () => buildNetworkCreateRequest({ name: '' }),
      invalidWith('network name cannot be empty'),
    );
  });

  test('rejects an empty driver', () => {
    assert.throws(
      () => buildNetworkCreateRequest({ name: 'n', driver: '' }),
      invalidWith('network driver cannot be empty'),
    );
  });

  test('maps the pouch example to one IPAM config', () => {
    const request = buildNetworkCreateRequest({
      name: 'pouchnet',
      driver: 'bridge',
      gateway: ['192.168.1.1'],
      subnet: ['192.168.1.0/24'],
    });
    assert.deepEqual(request.IPAM?.Config, [{ Subnet: '192.168.1.0/24', Gateway: '192.168.1.1' }]);
  });

  test('maps every flag to its Docker field', () => {
    const request = buildNetworkCreateRequest({
      name: 'n',
      driver: 'macvlan',
      subnet: ['10.1.0.0/16'],
      ipRange: ['10.1.2.0/24'],
      gateway: ['10.1.0.1'],
      auxAddress: ['router=10.1.0.2'],
      ipamDriver: 'custom',
      ipamOpt: ['foo=bar'],
      enableIpv6: true,
      internal: true,
      option: ['com.docker.network.bridge.name=br0', 'cmd=a=b'],
      label: ['env=prod'],
    });
    assert.deepEqual(request, {
      Name: 'n',
      CheckDuplicate: true,
      Driver: 'macvlan',
      EnableIPv6: true,
      IPAM: {
        Driver: 'custom',
        Options: { foo: 'bar' },
        Config: [
          {
            Subnet: '10.1.0.0/16',
            IPRange: '10.1.2.0/24',
            Gateway: '10.1.0.1',
            AuxiliaryAddresses: { router: '10.1.0.2' },
          },
        ],
      },
      Internal: true,
      Options: { 'com.docker.network.bridge.name': 'br0', cmd: 'a=b' },
      Labels: { env: 'prod' },
    });
  });

  test('pairs gateways and ranges with the subnet that contains them', () => {
    const request = buildNetworkCreateRequest({
      name: 'dual',
      subnet: ['10.1.0.0/16', 'fd00:1::/64'],
      gateway: ['fd00:1::1', '10.1.0.1'],
      ipRange: ['fd00:1::/80'],
    });
    assert.deepEqual(request.IPAM?.Config, [
      { Subnet: '10.1.0.0/16', Gateway: '10.1.0.1' },
      { Subnet: 'fd00:1::/64', IPRange: 'fd00:1::/80', Gateway: 'fd00:1::1' },
    ]);
  });

  test('rejects a gateway without a subnet', () => {
    assert.throws(
      () => buildNetworkCreateRequest({ name: 'n', gateway: ['10.0.0.1'] }),
      invalidWith('every ip-range or gateway must have a corresponding subnet'),
    );
  });

  test('rejects a gateway outside every subnet', () => {
    assert.throws(
      () =>
        buildNetworkCreateRequest({ name: 'n', subnet: ['10.0.0.0/24'], gateway: ['10.9.0.1'] }),
      invalidWith('no matching subnet for gateway 10.9.0.1'),
    );
  });

  test('rejects two gateways for one subnet', () => {
    assert.throws(
      () =>
        buildNetworkCreateRequest({
          name: 'n',
          subnet: ['10.0.0.0/24', '10.1.0.0/24'],
          gateway: ['10.0.0.1', '10.0.0.2'],
        }),
      invalidWith(
        'cannot configure multiple gateways (10.0.0.2, 10.0.0.1) for the same subnet (10.0.0.0/24)',
      ),
    );
  });

  test('rejects overlapping subnets', () => {
    assert.throws(
      () => buildNetworkCreateRequest({ name: 'n', subnet: ['10.0.0.0/16', '10.0.1.0/24'] }),
      invalidWith('multiple overlapping subnet configuration is not supported'),
    );
  });

  test('rejects an aux-address outside every subnet', () => {
    assert.throws(
      () =>
        buildNetworkCreateRequest({
          name: 'n',
          subnet: ['10.0.0.0/24'],
          auxAddress: ['a=10.5.0.1'],
        }),
      invalidWith('no matching subnet for aux-address 10.5.0.1'),
    );
  });

  test('rejects a malformed subnet', () => {
    assert.throws(
      () => buildNetworkCreateRequest({ name: 'n', subnet: ['10.0.0.0/33'] }),
      invalidWith('invalid subnet "10.0.0.0/33"'),
    );
  });

  test('rejects a k=v flag without =', () => {
    assert.throws(
      () => buildNetworkCreateRequest({ name: 'n', label: ['oops'] }),
      invalidWith('invalid key-value format: "oops"'),
    );
  });
});
