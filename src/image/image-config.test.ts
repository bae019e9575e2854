import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { parseImageConfig, toContainerConfigDto, toRuntimeConfig } from './image-config.js';

const DIFF = `sha256:${'1'.repeat(64)}`;
const rootfs = { type: 'layers', diff_ids: [DIFF] };

describe('parseImageConfig()', () => {
  it('reads a docker save config', () => {
    const cfg = parseImageConfig(
      JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs, config: { Cmd: ['sh'] } }),
    );
    assert.deepEqual(cfg.rootfs.diff_ids, [DIFF]);
    assert.deepEqual(cfg.config?.Cmd, ['sh']);
  });

  it('refuses configs that cannot describe an image', () => {
    const bad = [
      'not json',
      '[]',
      JSON.stringify({ rootfs: { type: 'layers' } }),
      JSON.stringify({ rootfs: { type: 'layers', diff_ids: ['md5:1'] } }),
      JSON.stringify({ rootfs, config: { Env: 'PATH=/bin' } }),
      JSON.stringify({ rootfs, config: { Labels: { a: 1 } } }),
      JSON.stringify({ rootfs, os: 7 }),
    ];
    for (const b of bad)
      assert.throws(
        () => parseImageConfig(b),
        (e) => isKind(e, 'invalid'),
        b,
      );
  });
});

describe('config mapping', () => {
  const cfg = parseImageConfig(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      rootfs,
      config: {
        Env: ['PATH=/bin'],
        Entrypoint: ['/init'],
        Cmd: ['run'],
        WorkingDir: '/app',
        User: 'nobody',
        ExposedPorts: { '80/tcp': {}, '53/udp': {} },
        Labels: { a: 'b' },
        StopSignal: 'SIGQUIT',
      },
    }),
  );

  it('toRuntimeConfig() carries every field a container starts from', () => {
    assert.deepEqual(toRuntimeConfig(cfg), {
      env: ['PATH=/bin'],
      cmd: ['run'],
      entrypoint: ['/init'],
      workingDir: '/app',
      user: 'nobody',
      exposedPorts: ['80/tcp', '53/udp'],
      labels: { a: 'b' },
      stopSignal: 'SIGQUIT',
    });
  });

  it('toRuntimeConfig() fills Docker defaults for an empty config', () => {
    const empty = parseImageConfig(JSON.stringify({ rootfs }));
    assert.deepEqual(toRuntimeConfig(empty), {
      env: [],
      workingDir: '',
      user: '',
      exposedPorts: [],
      labels: {},
    });
  });

  it('toContainerConfigDto() uses Docker ContainerConfig names and nulls', () => {
    const dto = toContainerConfigDto(cfg);
    assert.deepEqual(dto.ExposedPorts, { '80/tcp': {}, '53/udp': {} });
    assert.deepEqual(dto.Entrypoint, ['/init']);
    assert.equal(dto.User, 'nobody');
    assert.equal(dto.StopSignal, 'SIGQUIT');
    const empty = toContainerConfigDto(parseImageConfig(JSON.stringify({ rootfs })));
    assert.equal(empty.Cmd, null);
    assert.equal(empty.Labels, null);
    assert.equal(empty.ExposedPorts, undefined);
    assert.equal(empty.Tty, false);
  });
});
