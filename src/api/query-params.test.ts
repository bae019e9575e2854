import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { intQueryParam, parseGoInt, queryParamList } from './query-params.js';

describe('query parameters', () => {
  it('queryParamList() returns every value in order, or none', () => {
    assert.deepEqual(queryParamList({ changes: ['ENV A=1', 'CMD sh'] }, 'changes'), [
      'ENV A=1',
      'CMD sh',
    ]);
    assert.deepEqual(queryParamList({ changes: 'CMD sh' }, 'changes'), ['CMD sh']);
    assert.deepEqual(queryParamList({}, 'changes'), []);
    assert.deepEqual(queryParamList(undefined, 'changes'), []);
  });

  it('parseGoInt() reads signed decimal integers like strconv.Atoi', () => {
    assert.equal(parseGoInt('10'), 10);
    assert.equal(parseGoInt('-1'), -1);
    assert.equal(parseGoInt('+7'), 7);
  });

  it('parseGoInt() throws invalid with Go text for anything else', () => {
    for (const value of ['', ' 1', '1.0', '0x10', 'ten']) {
      assert.throws(() => parseGoInt(value), {
        kind: 'invalid',
        message: `strconv.Atoi: parsing "${value}": invalid syntax`,
      });
    }
    assert.throws(() => parseGoInt('99999999999999999999'), { message: /value out of range$/ });
  });

  it('intQueryParam() is undefined when absent or empty', () => {
    assert.equal(intQueryParam({}, 't'), undefined);
    assert.equal(intQueryParam({ t: '' }, 't'), undefined);
    assert.equal(intQueryParam({ t: ['3', '4'] }, 't'), 3);
  });
});
