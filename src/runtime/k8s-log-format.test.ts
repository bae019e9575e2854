import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { K8sLogParser, parseK8sRecord, selectEntries } from './k8s-log-format.js';
import type { LogEntry } from './runtime.js';

const T1 = '2024-03-01T10:00:00.123456789+00:00';
const T2 = '2024-03-01T11:00:01.000000001+01:00';
const T3 = '2024-03-01T10:00:02Z';

function texts(entries: LogEntry[]): string[] {
  return entries.map((e) => `${e.stream}:${e.data.toString()}`);
}

describe('parseK8sRecord()', () => {
  it('parseK8sRecord() reads time, stream, the F/P tag and the text', () => {
    const r = parseK8sRecord(Buffer.from(`${T1} stderr F oops: x y`));
    assert.equal(r?.stream, 'stderr');
    assert.equal(r?.partial, false);
    assert.equal(r?.text.toString(), 'oops: x y');
    assert.equal(r?.time.toISOString(), '2024-03-01T10:00:00.123Z');
  });

  it('parseK8sRecord() honours the zone offset and an empty text', () => {
    const r = parseK8sRecord(Buffer.from(`${T2} stdout P `));
    assert.equal(r?.time.toISOString(), '2024-03-01T10:00:01.000Z');
    assert.equal(r?.partial, true);
    assert.equal(r?.text.length, 0);
  });

  it('parseK8sRecord() rejects malformed lines', () => {
    assert.equal(parseK8sRecord(Buffer.from('garbage')), undefined);
    assert.equal(parseK8sRecord(Buffer.from(`${T1} stdin F x`)), undefined);
  });
});

describe('K8sLogParser', () => {
  it('K8sLogParser joins partial records into one line per stream', () => {
    const p = new K8sLogParser();
    const out = p.push(
      Buffer.from(
        `${T1} stdout P abc\n${T1} stderr F err\n${T2} stdout P def\n${T3} stdout F ghi\n`,
      ),
    );
    assert.deepEqual(texts(out), ['stderr:err\n', 'stdout:abcdefghi\n']);
    assert.equal(out[1]?.time.toISOString(), '2024-03-01T10:00:00.123Z');
  });

  it('K8sLogParser handles records split across chunks', () => {
    const p = new K8sLogParser();
    const text = `${T1} stdout F hello\n${T3} stdout F world\n`;
    const out = [...p.push(Buffer.from(text.slice(0, 20))), ...p.push(Buffer.from(text.slice(20)))];
    assert.deepEqual(texts(out), ['stdout:hello\n', 'stdout:world\n']);
  });

  it('K8sLogParser.flush() returns a trailing partial line without a newline', () => {
    const p = new K8sLogParser();
    assert.deepEqual(p.push(Buffer.from(`${T1} stdout P no newline\n`)), []);
    assert.deepEqual(texts(p.flush()), ['stdout:no newline']);
    assert.deepEqual(p.flush(), []);
  });

  it('K8sLogParser keeps binary output intact', () => {
    const p = new K8sLogParser();
    const bin = Buffer.from([0xff, 0x00, 0xfe]);
    const out = p.push(Buffer.concat([Buffer.from(`${T1} stdout F `), bin, Buffer.from('\n')]));
    assert.deepEqual(out[0]?.data, Buffer.concat([bin, Buffer.from('\n')]));
  });
});

describe('selectEntries()', () => {
  const p = new K8sLogParser();
  const all = p.push(Buffer.from(`${T1} stdout F a\n${T2} stdout F b\n${T3} stdout F c\n`));
  const sec = (iso: string): number => new Date(iso).getTime() / 1000;

  it('selectEntries() keeps the last N lines with tail', () => {
    assert.deepEqual(texts(selectEntries(all, { tail: 2 })), ['stdout:b\n', 'stdout:c\n']);
    assert.deepEqual(selectEntries(all, { tail: 0 }), []);
    assert.equal(selectEntries(all, { tail: -1 }).length, 3);
    assert.equal(selectEntries(all, { tail: 10 }).length, 3);
  });

  it('selectEntries() filters by since and until before tail', () => {
    const since = sec('2024-03-01T10:00:01Z');
    assert.deepEqual(texts(selectEntries(all, { since })), ['stdout:b\n', 'stdout:c\n']);
    const until = sec('2024-03-01T10:00:01.5Z');
    assert.deepEqual(texts(selectEntries(all, { until })), ['stdout:a\n', 'stdout:b\n']);
    assert.deepEqual(texts(selectEntries(all, { since, tail: 1 })), ['stdout:c\n']);
  });
});
