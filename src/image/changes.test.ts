import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isKind } from '../common/errors.js';
import { applyChanges, splitWords } from './changes.js';

describe('applyChanges()', () => {
  it('takes CMD and ENTRYPOINT in exec and shell form', () => {
    assert.deepEqual(applyChanges({}, ['CMD ["sh", "-c", "echo hi"]']).Cmd, [
      'sh',
      '-c',
      'echo hi',
    ]);
    assert.deepEqual(applyChanges({}, ['cmd echo hi']).Cmd, ['/bin/sh', '-c', 'echo hi']);
    assert.deepEqual(applyChanges({}, ['ENTRYPOINT ["/init"]']).Entrypoint, ['/init']);
    assert.deepEqual(applyChanges({}, ['CMD [not json']).Cmd, ['/bin/sh', '-c', '[not json']);
  });

  it('ENTRYPOINT drops an inherited CMD but not one set by the same changes', () => {
    assert.equal(applyChanges({ Cmd: ['old'] }, ['ENTRYPOINT ["/e"]']).Cmd, null);
    assert.deepEqual(applyChanges({}, ['CMD ["c"]', 'ENTRYPOINT ["/e"]']).Cmd, ['c']);
  });

  it('sets ENV in both forms and replaces existing keys', () => {
    const cfg = applyChanges({ Env: ['A=old', 'B=b'] }, [
      'ENV A=1 C="two words"',
      'ENV D legacy value',
    ]);
    assert.deepEqual(cfg.Env, ['B=b', 'A=1', 'C=two words', 'D=legacy value']);
  });

  it('sets WORKDIR, USER, LABEL, STOPSIGNAL and EXPOSE', () => {
    const cfg = applyChanges({}, [
      'WORKDIR /app',
      'WORKDIR sub',
      'USER nobody:nogroup',
      'LABEL a=1 "b c"=2',
      'STOPSIGNAL SIGTERM',
      'EXPOSE 80 53/udp 8000-8001/tcp',
    ]);
    assert.equal(cfg.WorkingDir, '/app/sub');
    assert.equal(cfg.User, 'nobody:nogroup');
    assert.deepEqual(cfg.Labels, { a: '1', 'b c': '2' });
    assert.equal(cfg.StopSignal, 'SIGTERM');
    assert.deepEqual(Object.keys(cfg.ExposedPorts ?? {}), [
      '80/tcp',
      '53/udp',
      '8000/tcp',
      '8001/tcp',
    ]);
  });

  it('leaves the base config untouched', () => {
    const base = { Env: ['A=1'] };
    applyChanges(base, ['ENV A=2']);
    assert.deepEqual(base, { Env: ['A=1'] });
  });

  it('refuses unknown instructions and bad arguments, naming the change', () => {
    for (const bad of [
      'RUN echo',
      'EXPOSE 0',
      'EXPOSE 80/icmp',
      'ENV',
      'LABEL =x',
      'WORKDIR',
      'ENV A="x',
    ]) {
      assert.throws(
        () => applyChanges({}, [bad]),
        (e) => isKind(e, 'invalid') && e.message.includes(`"${bad}"`),
        bad,
      );
    }
  });
});

describe('splitWords()', () => {
  it('handles quotes and escapes like a shell', () => {
    assert.deepEqual(splitWords(`a "b c" 'd e' f\\ g "h\\"i"`), ['a', 'b c', 'd e', 'f g', 'h"i']);
    assert.deepEqual(splitWords('  '), []);
    assert.deepEqual(splitWords('x=""'), ['x=']);
  });
});
