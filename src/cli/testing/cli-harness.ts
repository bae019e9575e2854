/**
 * One fake daemon per test file, reset before each test, and `pouch(...)` running the CLI
 * in-process against it. Test-only.
 */
import { after, before, beforeEach } from 'node:test';
import { runCli } from '../run.js';
import { captureIo, FakeDaemon, type CaptureOptions, type CapturedIo } from './fake-daemon.js';

/** What one CLI run produced. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  io: CapturedIo;
}

/** The harness of one test file. */
export interface CliHarness {
  readonly daemon: FakeDaemon;
  pouch(args: string[], options?: CaptureOptions): Promise<CliRun>;
}

/** Registers the hooks and returns the harness. */
export function useFakeDaemon(): CliHarness {
  let daemon: FakeDaemon | undefined;
  before(async () => {
    daemon = await FakeDaemon.start();
  });
  after(async () => {
    await daemon?.close();
  });
  beforeEach(() => {
    if (!daemon) return;
    daemon.routes = {};
    daemon.upgrades = {};
    daemon.requests.length = 0;
  });
  const must = (): FakeDaemon => {
    if (!daemon) throw new Error('the fake daemon is not running');
    return daemon;
  };
  return {
    get daemon() {
      return must();
    },
    async pouch(args, options = {}) {
      const io = captureIo(options);
      const code = await runCli(['-H', must().host, ...args], io);
      return { code, out: io.out, err: io.err, io };
    },
  };
}
