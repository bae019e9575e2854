import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BugError, EngineError, type ErrorKind } from '../common/errors.js';
import { toHttpError } from './errors.js';

describe('toHttpError()', () => {
  const EXPECTED: Array<[ErrorKind, number]> = [
    ['invalid', 400],
    ['not_found', 404],
    ['conflict', 409],
    ['forbidden', 403],
    ['not_modified', 304],
    ['unavailable', 503],
    ['internal', 500],
  ];
  for (const [kind, status] of EXPECTED) {
    it(`toHttpError() maps kind ${kind} to ${status} with a message body`, () => {
      const mapped = toHttpError(new EngineError(kind, `some ${kind}`));
      assert.equal(mapped.status, status);
      assert.deepEqual(mapped.body, { message: `some ${kind}` });
      assert.equal(mapped.unexpected, status === 500);
    });
  }

  it('toHttpError() turns a BugError or a plain throw into an unexpected 500', () => {
    assert.deepEqual(toHttpError(new BugError('broken')), {
      status: 500,
      body: { message: 'broken' },
      unexpected: true,
    });
    assert.equal(toHttpError('a string').status, 500);
  });

  it("toHttpError() keeps fastify's client-error status and makes a bad media type a 400", () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    assert.equal(toHttpError(tooLarge).status, 413);
    const media = Object.assign(new Error('Unsupported Media Type'), {
      code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE',
      statusCode: 415,
    });
    assert.deepEqual(toHttpError(media, 'bogus'), {
      status: 400,
      body: { message: "unsupported Content-Type header (bogus): must be 'application/json'" },
      unexpected: false,
    });
  });
});
