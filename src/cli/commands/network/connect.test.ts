import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildNetworkConnectRequest } from './connect.js';

test('buildNetworkConnectRequest() maps every flag into EndpointConfig', () => {
  assert.deepEqual(
    buildNetworkConnectRequest('web', {
      ip: '10.0.0.5',
      ip6: 'fd00::5',
      alias: ['a', 'b'],
      link: ['db:database'],
      linkLocalIp: ['169.254.0.5'],
    }),
    {
      Container: 'web',
      EndpointConfig: {
        IPAMConfig: {
          IPv4Address: '10.0.0.5',
          IPv6Address: 'fd00::5',
          LinkLocalIPs: ['169.254.0.5'],
        },
        Aliases: ['a', 'b'],
        Links: ['db:database'],
      },
    },
  );
});

test('buildNetworkConnectRequest() sends empty values when no flag is given', () => {
  assert.deepEqual(buildNetworkConnectRequest('web', {}), {
    Container: 'web',
    EndpointConfig: {
      IPAMConfig: { IPv4Address: '', IPv6Address: '', LinkLocalIPs: [] },
      Aliases: [],
      Links: [],
    },
  });
});
