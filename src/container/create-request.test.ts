import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContainerCreateRequest } from '../api-types/container.js';
import type { ResolvedImage } from '../image/image-service.js';
import { planContainer } from './create-request.js';

const image: ResolvedImage = {
  id: 'sha256:' + 'a'.repeat(64),
  ref: 'busybox:latest',
  layerDirs: [],
  config: {
    env: ['PATH=/bin', 'A=image'],
    cmd: ['sh'],
    workingDir: '',
    user: '',
    exposedPorts: ['53/udp'],
    labels: { from: 'image' },
  },
};

describe('planContainer()', () => {
  it('merges image defaults: env by key, cmd, labels, exposed ports', () => {
    const p = planContainer(
      {
        Image: 'busybox',
        Env: ['A=mine', 'B=1'],
        Labels: { mine: 'x' },
        ExposedPorts: { '80/tcp': {} },
      },
      image,
    );
    assert.deepEqual(p.config.Env, ['PATH=/bin', 'A=mine', 'B=1']);
    assert.deepEqual(p.config.Cmd, ['sh']);
    assert.deepEqual(p.config.Labels, { from: 'image', mine: 'x' });
    assert.deepEqual(Object.keys(p.config.ExposedPorts ?? {}).sort(), ['53/udp', '80/tcp']);
    assert.equal(p.hostConfig.NetworkMode, 'bridge');
    assert.deepEqual(Object.keys(p.endpoints), ['bridge']);
  });

  it('an explicit entrypoint drops the image cmd, as Docker does', () => {
    const p = planContainer({ Image: 'busybox', Entrypoint: ['echo'] }, image);
    assert.deepEqual(p.config.Entrypoint, ['echo']);
    assert.equal(p.config.Cmd, null);
  });

  it('takes the network from EndpointsConfig when NetworkMode is unset, keeping the static IP', () => {
    const p = planContainer(
      {
        Image: 'busybox',
        NetworkingConfig: { EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: '10.0.0.5' } } } },
      },
      image,
    );
    assert.equal(p.hostConfig.NetworkMode, 'n1');
    assert.equal(p.endpoints.n1?.IPAMConfig?.IPv4Address, '10.0.0.5');
  });

  it('gives container: and host modes no endpoint of their own except host', () => {
    assert.deepEqual(
      Object.keys(
        planContainer({ Image: 'b', HostConfig: { NetworkMode: 'container:x' } }, image).endpoints,
      ),
      [],
    );
    assert.deepEqual(
      Object.keys(
        planContainer({ Image: 'b', HostConfig: { NetworkMode: 'host' } }, image).endpoints,
      ),
      ['host'],
    );
  });

  for (const [what, req, message] of [
    ['two networks at create', { NetworkingConfig: { EndpointsConfig: { a: {}, b: {} } } }, /a, b/],
    [
      'a malformed IPv4',
      { NetworkingConfig: { EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: '1.2.3' } } } } },
      /invalid IPv4/,
    ],
    [
      'an IPv6 given as IPv4',
      { NetworkingConfig: { EndpointsConfig: { n1: { IPAMConfig: { IPv4Address: 'fd00::1' } } } } },
      /invalid IPv4/,
    ],
    ['a bad MAC', { MacAddress: 'zz:zz' }, /MAC/],
    [
      'a hostname with container mode',
      { Hostname: 'x', HostConfig: { NetworkMode: 'container:y' } },
      /conflicting options: hostname/,
    ],
    ['a non-net sysctl', { HostConfig: { Sysctls: { 'kernel.x': '1' } } }, /only net\./],
    ['a bad add-host', { HostConfig: { ExtraHosts: ['db:notanip'] } }, /add-host/],
    ['a bad dns server', { HostConfig: { Dns: ['nope'] } }, /nope/],
    ['an invalid hostname', { Hostname: '-bad' }, /hostname/],
  ] as Array<[string, ContainerCreateRequest, RegExp]>) {
    it(`refuses ${what}`, () => {
      assert.throws(
        () => planContainer({ Image: 'busybox', ...req }, image),
        (err: Error & { kind?: string }) => {
          assert.equal(err.kind, 'invalid');
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }
});
