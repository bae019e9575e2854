import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nftError, parseNftStderr } from './nft-error.js';

const TEXT = 'add element inet pouch pm4_tcp_any {\n\t8080 comment "ep:a" : 10.0.0.3 . 80,\n}\n';

describe('nft-error', () => {
  it('parseNftStderr() finds the error and the transaction line it points at', () => {
    const stderr =
      '/dev/stdin:2:2-5: Error: Could not process rule: File exists\n' +
      '\t8080 comment "ep:a" : 10.0.0.3 . 80,\n\t^^^^\n';
    assert.deepEqual(parseNftStderr(stderr, TEXT), {
      message: 'Could not process rule: File exists',
      line: 2,
      source: '8080 comment "ep:a" : 10.0.0.3 . 80,',
    });
    assert.equal(parseNftStderr('', TEXT), undefined);
  });

  it('nftError() maps "File exists" to conflict, syntax errors to invalid, the rest to internal', () => {
    const exists = nftError(
      'publish ports',
      '/dev/stdin:2:2-5: Error: Could not process rule: File exists',
      TEXT,
    );
    assert.equal(exists.kind, 'conflict');
    assert.match(exists.message, /^Cannot publish ports: .*File exists \(at "8080 comment/);
    const syntax = nftError('x', '/dev/stdin:1:3-3: Error: syntax error, unexpected string', TEXT);
    assert.equal(syntax.kind, 'invalid');
    assert.equal(syntax.code, 'FIREWALL_SYNTAX');
    const missing = nftError('x', 'Error: Could not process rule: No such file or directory', TEXT);
    assert.equal(missing.kind, 'internal');
    assert.equal(nftError('x', 'killed', TEXT).message, 'Cannot x: killed');
  });
});
