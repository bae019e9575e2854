import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ExitWatcher, parseExitFile, readExitFile } from './exit-file.js';

const dir = mkdtempSync(join(tmpdir(), 'exit-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('parseExitFile()', () => {
  it('parseExitFile() reads conmon exit codes, 128+N for signals', () => {
    assert.equal(parseExitFile('0'), 0);
    assert.equal(parseExitFile('143'), 143);
    assert.equal(parseExitFile('3\n'), 3);
  });

  it('parseExitFile() maps conmon unknown status -1 to 255', () => {
    assert.equal(parseExitFile('-1'), 255);
  });

  it('parseExitFile() returns undefined for an empty or garbled file', () => {
    assert.equal(parseExitFile(''), undefined);
    assert.equal(parseExitFile('abc'), undefined);
  });
});

describe('readExitFile()', () => {
  it('readExitFile() returns the code and the file mtime', () => {
    writeFileSync(join(dir, 'c1'), '3');
    const s = readExitFile(dir, 'c1');
    assert.equal(s?.exitCode, 3);
    assert.ok(s !== undefined && Math.abs(s.finishedAt.getTime() - Date.now()) < 60_000);
  });

  it('readExitFile() returns undefined while there is no file', () => {
    assert.equal(readExitFile(dir, 'absent'), undefined);
  });
});

describe('ExitWatcher', () => {
  it('ExitWatcher.wait() resolves when the exit file appears later', async () => {
    const w = new ExitWatcher(dir, { pollMs: 50 });
    const p = w.wait('c2');
    setTimeout(() => writeFileSync(join(dir, 'c2'), '137'), 30);
    assert.equal((await p).exitCode, 137);
    w.dispose();
  });

  it('ExitWatcher.wait() resolves at once for an exit recorded earlier', async () => {
    writeFileSync(join(dir, 'c3'), '0');
    const w = new ExitWatcher(dir);
    assert.equal((await w.wait('c3')).exitCode, 0);
    w.dispose();
  });

  it('ExitWatcher.settle() resolves pending waiters', async () => {
    const w = new ExitWatcher(dir);
    const p = w.wait('c4');
    w.settle('c4', { exitCode: 255, finishedAt: new Date(0) });
    assert.equal((await p).exitCode, 255);
    w.dispose();
  });
});

describe('ExitWatcher with a lost monitor', () => {
  it('ExitWatcher.wait() ends with 255 when isLost() reports the monitor gone', async () => {
    const w = new ExitWatcher(dir, { pollMs: 20, isLost: (id) => id === 'lost' });
    const s = await w.wait('lost');
    assert.equal(s.exitCode, 255);
    w.dispose();
  });
});
