import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createFakeNetworkService } from './fake-network-service.js';

describe('createFakeNetworkService()', () => {
  it('createFakeNetworkService() starts with the predefined bridge, host and none', () => {
    const fake = createFakeNetworkService();
    const names = fake.listNetworks().map((n) => [n.name, n.driver, n.predefined]);
    assert.deepEqual(names, [
      ['bridge', 'bridge', true],
      ['host', 'host', true],
      ['none', 'null', true],
    ]);
  });

  it('getNetwork() reports an ambiguous ID prefix as invalid', () => {
    const fake = createFakeNetworkService();
    const ids = fake.listNetworks().map((n) => n.id);
    // Find a one-character prefix shared by two IDs, if the hashes give one; else use ''.
    const shared = ids.map((id) => id[0]).find((c, i, all) => all.indexOf(c) !== i) ?? '';
    assert.throws(() => fake.getNetwork(shared), { kind: 'invalid' });
  });

  it('pruneNetworks() never removes predefined or in-use networks', async () => {
    const fake = createFakeNetworkService();
    await fake.createNetwork({ name: 'busy' });
    await fake.createNetwork({ name: 'idle' });
    fake.attachEndpoint('busy', {});
    assert.deepEqual(await fake.pruneNetworks(() => true), ['idle']);
    assert.deepEqual(
      fake.calls.map((c) => c.method),
      ['createNetwork', 'createNetwork', 'pruneNetworks'],
    );
  });
});
