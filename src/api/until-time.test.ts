import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoDurationMs, parseUntilMs } from './until-time.js';

const NOW = Date.UTC(2024, 0, 10, 12, 0, 0);

describe('until-time', () => {
  it('parseGoDurationMs() reads Go duration syntax', () => {
    assert.equal(parseGoDurationMs('24h'), 24 * 3600_000);
    assert.equal(parseGoDurationMs('1h30m'), 90 * 60_000);
    assert.equal(parseGoDurationMs('1.5s'), 1500);
    assert.equal(parseGoDurationMs('10ms'), 10);
    assert.equal(parseGoDurationMs('-2m'), -120_000);
    assert.equal(parseGoDurationMs('10'), undefined);
    assert.equal(parseGoDurationMs('h'), undefined);
    assert.equal(parseGoDurationMs('1d'), undefined);
  });

  it('parseUntilMs() counts a duration back from now', () => {
    assert.equal(parseUntilMs('24h', NOW), NOW - 24 * 3600_000);
  });

  it('parseUntilMs() reads Unix seconds, with a fraction, and "0" as the epoch', () => {
    assert.equal(parseUntilMs('1704888000', NOW), 1704888000_000);
    assert.equal(parseUntilMs('1704888000.5', NOW), 1704888000_500);
    assert.equal(parseUntilMs('0', NOW), 0);
  });

  it('parseUntilMs() reads RFC 3339 forms with a zone', () => {
    assert.equal(parseUntilMs('2024-01-10T12:00:00Z', NOW), NOW);
    assert.equal(parseUntilMs('2024-01-10T14:00:00+02:00', NOW), NOW);
    assert.equal(parseUntilMs('2024-01-10T12:00:00.123456789Z', NOW), NOW + 123);
  });

  it('parseUntilMs() reads zoneless dates and times as local time', () => {
    assert.equal(parseUntilMs('2024-01-10', NOW), new Date(2024, 0, 10).getTime());
    assert.equal(parseUntilMs('2024-01-10T08', NOW), new Date(2024, 0, 10, 8).getTime());
    assert.equal(parseUntilMs('2024-01-10T08:30', NOW), new Date(2024, 0, 10, 8, 30).getTime());
  });

  it('parseUntilMs() throws invalid with Docker text for anything else', () => {
    for (const bad of ['yesterday', '2024-13-45', '']) {
      assert.throws(() => parseUntilMs(bad, NOW), {
        kind: 'invalid',
        message: `failed to parse value as time or duration: "${bad}"`,
      });
    }
  });
});
