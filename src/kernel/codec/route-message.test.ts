import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHexFixture } from '../testing/hex-fixture.js';
import { formatIp, parseIp } from './ip-address.js';
import { decodeMessages, encodeMessage } from './message.js';
import { decodeRouteMessage, encodeRouteMessage, type RouteHeader } from './route-message.js';
import {
  AF_INET,
  RT_SCOPE_LINK,
  RT_SCOPE_UNIVERSE,
  RT_TABLE_MAIN,
  RTM_NEWROUTE,
  RTN_UNICAST,
  RTPROT_BOOT,
  RTPROT_KERNEL,
} from './rtnetlink-constants.js';

function ip(text: string): Buffer {
  const parsed = parseIp(text);
  assert.ok(parsed);
  return parsed.bytes;
}

function header(fields: Partial<RouteHeader>): RouteHeader {
  return {
    family: AF_INET,
    dstLength: 0,
    srcLength: 0,
    tos: 0,
    table: RT_TABLE_MAIN,
    protocol: RTPROT_BOOT,
    scope: RT_SCOPE_UNIVERSE,
    type: RTN_UNICAST,
    flags: 0,
    ...fields,
  };
}

function assertSameAsCaptured(name: string, payload: Buffer): void {
  const captured = readHexFixture(name);
  const [msg] = decodeMessages(captured);
  assert.ok(msg);
  const ours = encodeMessage(
    { type: RTM_NEWROUTE, flags: msg.flags, seq: msg.seq, portId: 0 },
    payload,
  );
  assert.deepEqual(ours, captured);
}

describe('route-message', () => {
  it('encodeRouteMessage() matches `ip route add default via 10.9.0.1`', () => {
    const payload = encodeRouteMessage({ header: header({}), attrs: { gateway: ip('10.9.0.1') } });
    assertSameAsCaptured('newroute-default.request.hex', payload);
  });

  it('encodeRouteMessage() matches `ip route add 10.10.0.0/16 dev eth0` (scope link)', () => {
    const payload = encodeRouteMessage({
      header: header({ dstLength: 16, scope: RT_SCOPE_LINK }),
      attrs: { dst: ip('10.10.0.0'), oif: 2 },
    });
    assertSameAsCaptured('newroute-device.request.hex', payload);
  });

  it('decodeRouteMessage() reads default, connected and device routes of a kernel dump', () => {
    const routes = decodeMessages(readHexFixture('getroute-dump.reply.hex')).map((m) =>
      decodeRouteMessage(m.payload),
    );
    assert.equal(routes.length, 3);
    const [def, connected, device] = routes;
    assert.equal(def?.header.dstLength, 0);
    assert.equal(def?.attrs.dst, undefined);
    assert.equal(formatIp(def?.attrs.gateway ?? Buffer.alloc(0)), '10.9.0.1');
    assert.equal(def?.attrs.table, RT_TABLE_MAIN);
    assert.equal(connected?.header.protocol, RTPROT_KERNEL);
    assert.equal(formatIp(connected?.attrs.dst ?? Buffer.alloc(0)), '10.9.0.0');
    assert.equal(formatIp(connected?.attrs.prefsrc ?? Buffer.alloc(0)), '10.9.0.2');
    assert.equal(device?.header.scope, RT_SCOPE_LINK);
    assert.equal(device?.header.dstLength, 16);
    assert.equal(device?.attrs.oif, 2);
  });
});
