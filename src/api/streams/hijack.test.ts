import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hijackResponseHead, RAW_STREAM_CONTENT_TYPE } from './hijack.js';

describe('hijackResponseHead()', () => {
  it('hijackResponseHead() answers an upgrade with 101 UPGRADED and Docker header order', () => {
    assert.equal(
      hijackResponseHead(true, RAW_STREAM_CONTENT_TYPE, { 'api-version': '1.41' }),
      'HTTP/1.1 101 UPGRADED\r\n' +
        'Content-Type: application/vnd.docker.raw-stream\r\n' +
        'Connection: Upgrade\r\n' +
        'Upgrade: tcp\r\n' +
        'api-version: 1.41\r\n\r\n',
    );
  });

  it('hijackResponseHead() answers a plain request with 200 OK and skips reserved headers', () => {
    assert.equal(
      hijackResponseHead(false, RAW_STREAM_CONTENT_TYPE, { Connection: 'keep-alive', a: 'b' }),
      'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\na: b\r\n\r\n',
    );
  });
});
