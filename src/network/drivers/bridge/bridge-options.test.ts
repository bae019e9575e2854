import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BRIDGE_OPT, parseBridgeOptions } from './bridge-options.js';

describe('parseBridgeOptions()', () => {
  it('applies Docker defaults when no option is given', () => {
    assert.deepEqual(parseBridgeOptions({}), {
      bridgeName: undefined,
      enableIcc: true,
      enableIpMasquerade: true,
      hostBindingIpv4: '0.0.0.0',
      defaultBridge: false,
      mtu: undefined,
      ifacePrefix: 'eth',
    });
  });

  it('reads every known option', () => {
    const o = parseBridgeOptions({
      [BRIDGE_OPT.NAME]: 'p1',
      [BRIDGE_OPT.ENABLE_ICC]: 'false',
      [BRIDGE_OPT.ENABLE_IP_MASQUERADE]: '0',
      [BRIDGE_OPT.HOST_BINDING_IPV4]: '127.0.0.1',
      [BRIDGE_OPT.MTU]: '9000',
      [BRIDGE_OPT.IFACE_PREFIX]: 'net',
    });
    assert.equal(o.bridgeName, 'p1');
    assert.equal(o.enableIcc, false);
    assert.equal(o.enableIpMasquerade, false);
    assert.equal(o.hostBindingIpv4, '127.0.0.1');
    assert.equal(o.mtu, 9000);
    assert.equal(o.ifacePrefix, 'net');
  });

  it('keeps unknown keys out of the way, as Docker does', () => {
    assert.doesNotThrow(() => parseBridgeOptions({ 'com.example.whatever': 'x' }));
  });

  for (const [key, value] of [
    [BRIDGE_OPT.MTU, 'huge'],
    [BRIDGE_OPT.MTU, '67'],
    [BRIDGE_OPT.ENABLE_ICC, 'maybe'],
    [BRIDGE_OPT.HOST_BINDING_IPV4, '1.2.3.400'],
    [BRIDGE_OPT.NAME, 'a-name-that-is-far-too-long'],
    [BRIDGE_OPT.NAME, 'has/slash'],
    [BRIDGE_OPT.IFACE_PREFIX, 'prefixtoolong'],
  ] as const) {
    it(`rejects ${key}=${value} as invalid, naming the option`, () => {
      assert.throws(
        () => parseBridgeOptions({ [key]: value }),
        (err: Error & { kind?: string }) => {
          assert.equal(err.kind, 'invalid');
          assert.ok(err.message.includes(key), err.message);
          return true;
        },
      );
    });
  }
});
