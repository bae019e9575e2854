import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readK8sLog } from './log-reader.js';
import type { LogEntry } from './runtime.js';

const dir = mkdtempSync(join(tmpdir(), 'log-reader-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T = '2024-03-01T10:00:00.000000000Z';

async function all(it: AsyncIterable<LogEntry>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of it) out.push(`${e.stream}:${e.data.toString()}`);
  return out;
}

describe('readK8sLog()', () => {
  it('readK8sLog() reads a finished log, including a trailing partial line', async () => {
    const path = join(dir, 'a.log');
    writeFileSync(path, `${T} stdout F one\n${T} stderr F two\n${T} stdout P three`);
    appendFileSync(path, '\n');
    const got = await all(readK8sLog(path, {}, { exited: Promise.resolve() }));
    assert.deepEqual(got, ['stdout:one\n', 'stderr:two\n', 'stdout:three']);
  });

  it('readK8sLog() reads an absent log as empty', async () => {
    assert.deepEqual(
      await all(readK8sLog(join(dir, 'none.log'), {}, { exited: Promise.resolve() })),
      [],
    );
  });

  it('readK8sLog() follows appended lines until the exit, then drains', async () => {
    const path = join(dir, 'b.log');
    writeFileSync(path, `${T} stdout F first\n`);
    let exit = (): void => undefined;
    const exited = new Promise<void>((resolve) => (exit = resolve));
    setTimeout(() => appendFileSync(path, `${T} stdout P sec`), 50);
    setTimeout(() => {
      appendFileSync(path, `\n${T} stdout F ond\n${T} stderr F last\n`);
      exit();
    }, 120);
    const got = await all(readK8sLog(path, { follow: true, tail: 1 }, { exited }));
    assert.deepEqual(got, ['stdout:first\n', 'stdout:second\n', 'stderr:last\n']);
  });

  it('readK8sLog() stops following on abort', async () => {
    const path = join(dir, 'c.log');
    writeFileSync(path, '');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const got = await all(
      readK8sLog(
        path,
        { follow: true, signal: ac.signal },
        { exited: new Promise(() => undefined) },
      ),
    );
    assert.deepEqual(got, []);
  });
});
