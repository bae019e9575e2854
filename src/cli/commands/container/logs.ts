/**
 * `pouch logs [-f] [--tail N] [-t] [--since] [--until] CONTAINER`: inspects the container first
 * (a TTY container's log is raw, any other is multiplexed) and copies the stream to
 * stdout/stderr until it ends (with `-f`: until the container stops).
 */
import type { Command } from 'commander';
import type { ContainerInspectResponse } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { pathSegment } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { openStream } from '../../streams/http-stream.js';
import { copyRaw, demultiplex } from '../../streams/stdcopy.js';

interface LogsOptions {
  follow?: boolean;
  tail?: string;
  timestamps?: boolean;
  since?: string;
  until?: string;
}

const DURATION_UNITS_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Docker's `--since`/`--until` values → the API's `seconds.nanoseconds`: a unix timestamp is
 * passed through, a Go duration (`10m`, `1h30m`) counts back from `nowMs`, a date (RFC 3339)
 * is converted.
 * @throws EngineError `invalid` for anything else.
 */
export function parseLogTimestamp(value: string, nowMs: number): string {
  if (/^\d+(\.\d{1,9})?$/.test(value)) return value;
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  let ms: number | undefined;
  if (parts.length > 0 && parts.map((p) => p[0]).join('') === value) {
    ms =
      nowMs -
      parts.reduce((sum, p) => sum + Number(p[1]) * (DURATION_UNITS_MS[p[2] ?? ''] ?? 0), 0);
  } else if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(Date.parse(value))) {
    ms = Date.parse(value);
  }
  if (ms === undefined) throw invalid(`invalid time value: ${JSON.stringify(value)}`);
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return `${seconds}.${String(nanos).padStart(9, '0')}`;
}

/** Adds `logs` to `program`. */
export function registerLogs(program: Command, ctx: CommandContext): void {
  program
    .command('logs')
    .description('Fetch the logs of a container')
    .usage('[OPTIONS] CONTAINER')
    .argument('<container>', 'name or ID of the container')
    .option('-f, --follow', 'follow log output')
    .option('--tail <n>', 'number of lines to show from the end of the logs', 'all')
    .option('-t, --timestamps', 'show timestamps')
    .option('--since <time>', 'show logs since a timestamp or relative time (e.g. 42m)')
    .option('--until <time>', 'show logs before a timestamp or relative time (e.g. 42m)')
    .action(async (name: string, opts: LogsOptions, command: Command) => {
      const now = Date.now();
      const query = {
        stdout: '1',
        stderr: '1',
        follow: opts.follow ? '1' : undefined,
        tail: opts.tail,
        timestamps: opts.timestamps ? '1' : undefined,
        since: opts.since === undefined ? undefined : parseLogTimestamp(opts.since, now),
        until: opts.until === undefined ? undefined : parseLogTimestamp(opts.until, now),
      };
      const client = ctx.clientFor(command);
      const path = `/containers/${pathSegment(name)}`;
      const info = await client.get<ContainerInspectResponse>(`${path}/json`);
      const body = await openStream(client, 'GET', `${path}/logs`, { query });
      const sinks = {
        stdout: (b: Uint8Array) => ctx.io.stdout(b),
        stderr: (b: Uint8Array) => ctx.io.stderr(b),
      };
      if (info.Config?.Tty) await copyRaw(body, sinks);
      else await demultiplex(body, sinks);
    });
}
