import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ellipsis, formatPorts, shortenId } from './container-table.js';
import { parseLogTimestamp } from './logs.js';
import { renderPorts } from './port.js';

test('formatPorts() collapses consecutive ports into ranges', () => {
  assert.equal(
    formatPorts([
      { IP: '0.0.0.0', PrivatePort: 8001, PublicPort: 9001, Type: 'tcp' },
      { IP: '0.0.0.0', PrivatePort: 8000, PublicPort: 9000, Type: 'tcp' },
      { PrivatePort: 443, Type: 'tcp' },
      { PrivatePort: 53, Type: 'udp' },
      { PrivatePort: 444, Type: 'tcp' },
    ]),
    '0.0.0.0:9000-9001->8000-8001/tcp, 443-444/tcp, 53/udp',
  );
  assert.equal(formatPorts(null), '');
});

test('ellipsis() and shortenId() cut like docker', () => {
  assert.equal(ellipsis('abcdef', 4), 'abc…');
  assert.equal(ellipsis('abc', 4), 'abc');
  assert.equal(shortenId('sha256:0123456789abcdef'), '0123456789ab');
});

test('parseLogTimestamp() passes timestamps, counts durations back and converts dates', () => {
  const now = Date.UTC(2024, 0, 1, 12, 0, 0);
  assert.equal(parseLogTimestamp('1700000000.5', now), '1700000000.5');
  assert.equal(parseLogTimestamp('1h30m', now), `${now / 1000 - 5400}.000000000`);
  assert.equal(parseLogTimestamp('2024-01-01T00:00:00Z', now), `${now / 1000 - 43200}.000000000`);
  assert.throws(() => parseLogTimestamp('yesterday', now), /invalid time value/);
});

test('renderPorts() defaults the protocol to tcp', () => {
  const ports = { '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5353' }] };
  assert.equal(renderPorts(ports, 'c', '53/udp'), '0.0.0.0:5353\n');
  assert.throws(() => renderPorts(ports, 'c', '53'), /No public port '53\/tcp' published for c/);
});
