import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildContainerCreateRequest, buildEnv, parseRestartPolicy } from './create-request.js';
import { parseNetworkSpec, planNetworks } from './network-flags.js';

test('buildContainerCreateRequest() with no flags sends the image, command and bridge mode', () => {
  const request = buildContainerCreateRequest({}, 'busybox', ['ls', '-l']);
  assert.equal(request.Image, 'busybox');
  assert.deepEqual(request.Cmd, ['ls', '-l']);
  assert.equal(request.Entrypoint, null);
  assert.equal(request.AttachStdout, true);
  assert.equal(request.AttachStdin, false);
  assert.equal(request.HostConfig?.NetworkMode, 'bridge');
  assert.deepEqual(request.NetworkingConfig, {
    EndpointsConfig: {
      bridge: {
        IPAMConfig: { IPv4Address: '', IPv6Address: '' },
        Aliases: [],
        Links: [],
        MacAddress: '',
      },
    },
  });
});

test('buildContainerCreateRequest() with no command leaves Cmd to the image', () => {
  assert.equal(buildContainerCreateRequest({}, 'busybox', []).Cmd, null);
});

test('buildContainerCreateRequest() maps the network flags onto the primary endpoint', () => {
  const request = buildContainerCreateRequest(
    {
      network: ['pnet', 'other'],
      ip: '10.1.0.5',
      ip6: 'fd00::5',
      macAddress: '02:42:ac:11:00:02',
      networkAlias: ['web', 'www'],
      link: ['db:database'],
      addHost: ['h1:10.0.0.9', 'h6:::1'],
      dns: ['8.8.8.8'],
      dnsSearch: ['example.com'],
      dnsOption: ['ndots:2'],
      hostname: 'box',
      domainname: 'example.com',
      disableNetworkFiles: true,
      sysctl: ['net.ipv4.ip_forward=1'],
    },
    'busybox',
    [],
  );
  assert.equal(request.HostConfig?.NetworkMode, 'pnet');
  assert.deepEqual(request.NetworkingConfig?.EndpointsConfig, {
    pnet: {
      IPAMConfig: { IPv4Address: '10.1.0.5', IPv6Address: 'fd00::5' },
      Aliases: ['web', 'www'],
      Links: ['db:database'],
      MacAddress: '02:42:ac:11:00:02',
    },
  });
  assert.equal(request.MacAddress, '02:42:ac:11:00:02');
  assert.deepEqual(request.HostConfig?.ExtraHosts, ['h1:10.0.0.9', 'h6:::1']);
  assert.deepEqual(request.HostConfig?.Dns, ['8.8.8.8']);
  assert.deepEqual(request.HostConfig?.DnsSearch, ['example.com']);
  assert.deepEqual(request.HostConfig?.DnsOptions, ['ndots:2']);
  assert.deepEqual(request.HostConfig?.Links, ['db:database']);
  assert.deepEqual(request.HostConfig?.Sysctls, { 'net.ipv4.ip_forward': '1' });
  assert.equal(request.Hostname, 'box');
  assert.equal(request.Domainname, 'example.com');
  assert.equal(request.DisableNetworkFiles, true);
});

test('buildContainerCreateRequest() maps ports, env, labels and lifecycle flags', () => {
  const request = buildContainerCreateRequest(
    {
      publish: ['8080:80', '[::1]:53:53/udp'],
      expose: ['9000-9001'],
      publishAll: true,
      env: ['A=1', 'HOME', 'MISSING'],
      label: ['tier=web', 'flag'],
      workdir: '/srv',
      user: '1000:1000',
      entrypoint: '/bin/sh',
      interactive: true,
      tty: true,
      rm: true,
      stopSignal: 'SIGINT',
      stopTimeout: '5',
    },
    'busybox',
    [],
    { env: { HOME: '/root' } },
  );
  assert.deepEqual(request.ExposedPorts, {
    '80/tcp': {},
    '53/udp': {},
    '9000/tcp': {},
    '9001/tcp': {},
  });
  assert.deepEqual(request.HostConfig?.PortBindings, {
    '80/tcp': [{ HostIp: '', HostPort: '8080' }],
    '53/udp': [{ HostIp: '::1', HostPort: '53' }],
  });
  assert.equal(request.HostConfig?.PublishAllPorts, true);
  assert.deepEqual(request.Env, ['A=1', 'HOME=/root', 'MISSING']);
  assert.deepEqual(request.Labels, { tier: 'web', flag: '' });
  assert.equal(request.WorkingDir, '/srv');
  assert.equal(request.User, '1000:1000');
  assert.deepEqual(request.Entrypoint, ['/bin/sh']);
  assert.deepEqual(
    [request.AttachStdin, request.OpenStdin, request.StdinOnce, request.Tty],
    [true, true, true, true],
  );
  assert.equal(request.HostConfig?.AutoRemove, true);
  assert.equal(request.StopSignal, 'SIGINT');
  assert.equal(request.StopTimeout, 5);
});

test('buildContainerCreateRequest() detached does not attach streams', () => {
  const request = buildContainerCreateRequest({ detach: true, interactive: true }, 'busybox', []);
  assert.deepEqual(
    [
      request.AttachStdin,
      request.AttachStdout,
      request.AttachStderr,
      request.OpenStdin,
      request.StdinOnce,
    ],
    [false, false, false, true, false],
  );
});

test('buildContainerCreateRequest() has no endpoint for container: mode', () => {
  const request = buildContainerCreateRequest({ network: ['container:web'] }, 'busybox', []);
  assert.equal(request.HostConfig?.NetworkMode, 'container:web');
  assert.deepEqual(request.NetworkingConfig, { EndpointsConfig: {} });
});

test('buildContainerCreateRequest() rejects malformed flags', () => {
  const cases: [Parameters<typeof buildContainerCreateRequest>[0], RegExp][] = [
    [{ publish: ['x'] }, /^invalid port specification: "x"$/],
    [{ publish: ['9-8:80'] }, /invalid range/],
    [{ ip: '10.0.0' }, /^invalid IPv4 address: 10\.0\.0$/],
    [{ ip6: '10.0.0.1' }, /^invalid IPv6 address: 10\.0\.0\.1$/],
    [{ macAddress: 'zz' }, /^invalid MAC address: zz$/],
    [{ addHost: ['nohost'] }, /^invalid add-host format: "nohost"$/],
    [{ addHost: ['h:1.2.3'] }, /^invalid add-host format/],
    [{ dns: ['dns.google'] }, /^invalid DNS server address/],
    [{ link: ['a:b:c'] }, /^invalid link format/],
    [{ sysctl: ['novalue'] }, /^invalid key-value format: "novalue"$/],
    [{ env: ['=x'] }, /^invalid environment variable/],
    [{ restart: 'sometimes' }, /^invalid restart policy: "sometimes"$/],
    [{ restart: 'always', rm: true }, /^conflicting options: --restart and --rm$/],
    [{ stopTimeout: 'soon' }, /^invalid stop timeout/],
    [{ network: ['a:mode', 'b:mode'] }, /only one network/],
    [{ network: ['host', 'pnet'] }, /cannot be combined/],
  ];
  for (const [opts, message] of cases) {
    assert.throws(
      () => buildContainerCreateRequest(opts, 'busybox', []),
      { message },
      JSON.stringify(opts),
    );
  }
});

test('buildEnv() puts env-file lines first and skips comments and blanks', () => {
  assert.deepEqual(buildEnv(['B=2'], ['# comment', '', 'A=1', '  C'], { C: 'c' }), [
    'A=1',
    'C=c',
    'B=2',
  ]);
  assert.throws(() => buildEnv(['MY VAR=1'], [], {}), /contains whitespaces/);
});

test('parseRestartPolicy() accepts docker policies', () => {
  assert.deepEqual(parseRestartPolicy('on-failure:3'), {
    Name: 'on-failure',
    MaximumRetryCount: 3,
  });
  assert.deepEqual(parseRestartPolicy('unless-stopped'), {
    Name: 'unless-stopped',
    MaximumRetryCount: 0,
  });
  assert.throws(() => parseRestartPolicy('always:2'), /invalid restart policy/);
});

test('parseNetworkSpec() understands pouch forms', () => {
  assert.deepEqual(parseNetworkSpec('pnet'), { name: 'pnet', mode: false });
  assert.deepEqual(parseNetworkSpec('pnet:10.0.0.2'), {
    name: 'pnet',
    ipv4: '10.0.0.2',
    mode: false,
  });
  assert.deepEqual(parseNetworkSpec('pnet:10.0.0.2:mode'), {
    name: 'pnet',
    ipv4: '10.0.0.2',
    mode: true,
  });
  assert.deepEqual(parseNetworkSpec('container:abc'), { name: 'container:abc', mode: false });
  assert.throws(() => parseNetworkSpec('pnet:nope'), /invalid IPv4 address: nope/);
});

test('planNetworks() makes the :mode entry primary and connects the others later', () => {
  const plan = planNetworks({ net: ['a', 'b:mode', 'c:10.0.0.3'] });
  assert.equal(plan.mode, 'b');
  assert.deepEqual(plan.extraNetworks, [
    { name: 'a', mode: false },
    { name: 'c', ipv4: '10.0.0.3', mode: false },
  ]);
});
