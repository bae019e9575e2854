import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessage, formatJsonMessage } from './json-messages.js';

describe('JSON message stream', () => {
  it('formatJsonMessage() writes compact JSON followed by CRLF', () => {
    assert.equal(
      formatJsonMessage({ stream: 'Loaded image: busybox:latest\n' }),
      '{"stream":"Loaded image: busybox:latest\\n"}\r\n',
    );
  });

  it('errorMessage() carries the text in both error and errorDetail', () => {
    assert.deepEqual(errorMessage(new Error('bad tar')), {
      errorDetail: { message: 'bad tar' },
      error: 'bad tar',
    });
  });
});
