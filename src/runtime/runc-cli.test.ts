import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindForRuncMessage, runcErrorMessage } from './runc-cli.js';

describe('runcErrorMessage()', () => {
  it('runcErrorMessage() takes the msg of error records of runc JSON logs', () => {
    const stderr =
      '{"level":"warning","msg":"ignored","time":"t"}\n' +
      '{"level":"error","msg":"container does not exist","time":"t"}\n';
    assert.equal(runcErrorMessage(stderr), 'container does not exist');
  });

  it('runcErrorMessage() keeps plain text lines', () => {
    assert.equal(runcErrorMessage('exec: no such file\n'), 'exec: no such file');
    assert.equal(runcErrorMessage(''), 'runc failed without a message');
  });
});

describe('kindForRuncMessage()', () => {
  it('kindForRuncMessage() maps runc messages to error kinds', () => {
    assert.equal(kindForRuncMessage('container does not exist'), 'not_found');
    assert.equal(kindForRuncMessage('container not running'), 'conflict');
    assert.equal(kindForRuncMessage('cannot start a container that has stopped'), 'conflict');
    assert.equal(kindForRuncMessage('something odd'), 'internal');
  });
});
