import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPortConfig, parseExposeSpec, parsePortSpec, splitProtoPort } from './port-spec.js';

const one = (port: string, HostIp: string, HostPort: string) => ({
  port,
  binding: { HostIp, HostPort },
});

test('splitProtoPort() defaults to tcp and lower-cases the protocol', () => {
  assert.deepEqual(splitProtoPort('80'), ['80', 'tcp']);
  assert.deepEqual(splitProtoPort('53/UDP'), ['53', 'udp']);
  assert.deepEqual(splitProtoPort('80/'), ['80', 'tcp']);
});

test('parsePortSpec() accepts every docker form', () => {
  assert.deepEqual(parsePortSpec('80'), [one('80/tcp', '', '')]);
  assert.deepEqual(parsePortSpec('8080:80'), [one('80/tcp', '', '8080')]);
  assert.deepEqual(parsePortSpec('127.0.0.1:8080:80'), [one('80/tcp', '127.0.0.1', '8080')]);
  assert.deepEqual(parsePortSpec('127.0.0.1::80'), [one('80/tcp', '127.0.0.1', '')]);
  assert.deepEqual(parsePortSpec('53:53/udp'), [one('53/udp', '', '53')]);
  assert.deepEqual(parsePortSpec('132:132/sctp'), [one('132/sctp', '', '132')]);
  assert.deepEqual(parsePortSpec('[::1]:80:80'), [one('80/tcp', '::1', '80')]);
  assert.deepEqual(parsePortSpec('[::]::80/udp'), [one('80/udp', '::', '')]);
});

test('parsePortSpec() expands ranges one mapping per port', () => {
  assert.deepEqual(parsePortSpec('8000-8002:9000-9002'), [
    one('9000/tcp', '', '8000'),
    one('9001/tcp', '', '8001'),
    one('9002/tcp', '', '8002'),
  ]);
  assert.deepEqual(parsePortSpec('7000-7001'), [one('7000/tcp', '', ''), one('7001/tcp', '', '')]);
});

test('parsePortSpec() keeps a host range for a single container port', () => {
  assert.deepEqual(parsePortSpec('8000-8100:80'), [one('80/tcp', '', '8000-8100')]);
});

test('parsePortSpec() rejects malformed specifications with docker-like messages', () => {
  const cases: [string, RegExp][] = [
    ['x', /^invalid port specification: "x"$/],
    ['8080:x', /^invalid port specification: "8080:x"$/],
    ['x:80', /^invalid port specification: "x:80"$/],
    ['70000:80', /^invalid port specification: "70000:80"$/],
    ['8080:', /^invalid port specification: "8080:"$/],
    ['0', /^invalid port specification: "0"$/],
    ['8100-8000', /^invalid range specified for port: "8100-8000"$/],
    [
      '8000-8001:80-82',
      /^invalid ranges specified for container and host ports: "80-82" and "8000-8001"$/,
    ],
    ['80/icmp', /^invalid proto: "icmp"$/],
    ['300.1.1.1:80:80', /^invalid IP address "300\.1\.1\.1"/],
    ['::1:80:80', /^invalid IP address "::1"/],
  ];
  for (const [spec, message] of cases) {
    assert.throws(() => parsePortSpec(spec), { message }, spec);
  }
});

test('parseExposeSpec() accepts ports and ranges but no host part', () => {
  assert.deepEqual(parseExposeSpec('80'), ['80/tcp']);
  assert.deepEqual(parseExposeSpec('5000-5002/udp'), ['5000/udp', '5001/udp', '5002/udp']);
  assert.throws(() => parseExposeSpec('8080:80'), /invalid port format for --expose: "8080:80"/);
  assert.throws(() => parseExposeSpec('5002-5000'), /invalid range/);
});

test('buildPortConfig() merges published and exposed ports', () => {
  assert.deepEqual(buildPortConfig(['8080:80', '127.0.0.1:8081:80', '53/udp'], ['443', '80']), {
    exposedPorts: { '80/tcp': {}, '53/udp': {}, '443/tcp': {} },
    portBindings: {
      '80/tcp': [
        { HostIp: '', HostPort: '8080' },
        { HostIp: '127.0.0.1', HostPort: '8081' },
      ],
      '53/udp': [{ HostIp: '', HostPort: '' }],
    },
  });
});
