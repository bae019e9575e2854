/**
 * `pouch exec [-i] [-t] [-d] [-e] [-w] [-u] CONTAINER COMMAND [ARG...]`: creates an exec, then
 * either starts it detached or hijacks `POST /exec/{id}/start` like `run` attaches, and exits
 * with the process's exit code (read from `GET /exec/{id}/json` after the streams end).
 */
import type { Command } from 'commander';
import type { ExecCreateRequest, ExecInspectResponse } from '../../../api-types/container.js';
import { invalid } from '../../../common/errors.js';
import { pathSegment, type PouchClient } from '../../client.js';
import type { CommandContext } from '../../command-context.js';
import { ExitStatus } from '../../errors.js';
import type { CliIo } from '../../io.js';
import { collect } from '../../key-value.js';
import { pumpContainerStreams } from '../../streams/container-streams.js';
import { hijack } from '../../streams/hijack.js';
import { withTerminalSession } from '../../streams/terminal-session.js';
import { buildEnv } from './create-request.js';

/** The flags of `exec`. */
export interface ExecOptions {
  interactive?: boolean;
  tty?: boolean;
  detach?: boolean;
  env?: string[];
  workdir?: string;
  user?: string;
  privileged?: boolean;
}

/** Builds the `POST /containers/{id}/exec` body. Pure, for tests. */
export function buildExecCreateRequest(
  opts: ExecOptions,
  cmd: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): ExecCreateRequest {
  if (cmd.length === 0) throw invalid('exec requires a command to run');
  const attached = opts.detach !== true;
  return {
    AttachStdin: opts.interactive === true && attached,
    AttachStdout: attached,
    AttachStderr: attached,
    Tty: opts.tty === true,
    Env: buildEnv(opts.env ?? [], [], env),
    Cmd: [...cmd],
    Privileged: opts.privileged === true,
    User: opts.user ?? '',
    WorkingDir: opts.workdir ?? '',
  };
}

async function runExecAttached(
  client: PouchClient,
  io: CliIo,
  exec: { id: string; request: ExecCreateRequest },
): Promise<void> {
  const path = `/exec/${pathSegment(exec.id)}`;
  const tty = exec.request.Tty === true;
  const connection = await hijack(client, `${path}/start`, { body: { Detach: false, Tty: tty } });
  const stdin = exec.request.AttachStdin ? io.terminal.stdin() : undefined;
  const resize = async (size: { rows: number; columns: number }) =>
    void (await client.post(`${path}/resize`, undefined, {
      h: String(size.rows),
      w: String(size.columns),
    }));
  const sinks = {
    stdout: (b: Uint8Array) => io.stdout(b),
    stderr: (b: Uint8Array) => io.stderr(b),
  };
  try {
    await withTerminalSession(
      io.terminal,
      tty ? { raw: stdin !== undefined, resize } : { raw: false },
      () => pumpContainerStreams(connection, stdin ? { tty, sinks, stdin } : { tty, sinks }),
    );
  } finally {
    if (stdin) io.terminal.releaseStdin();
  }
}

/** Adds `exec` to `program`. */
export function registerExec(program: Command, ctx: CommandContext): void {
  program
    .command('exec')
    .description('Run a command in a running container')
    .usage('[OPTIONS] CONTAINER COMMAND [ARG...]')
    .argument('<container>', 'name or ID of the container')
    .argument('<command...>', 'the command and its arguments')
    .option('-i, --interactive', 'keep STDIN open even if not attached')
    .option('-t, --tty', 'allocate a pseudo-TTY')
    .option('-d, --detach', 'run the command in the background')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable', collect)
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-u, --user <user>', 'username or UID (format: <name|uid>[:<group|gid>])')
    .option('--privileged', 'give extended privileges to the command')
    .passThroughOptions()
    .action(async (container: string, cmd: string[], opts: ExecOptions, command: Command) => {
      const request = buildExecCreateRequest(opts, cmd, ctx.io.env);
      if (request.Tty && request.AttachStdin && !ctx.io.terminal.stdinIsTty) {
        throw invalid('the input device is not a TTY');
      }
      const client = ctx.clientFor(command);
      const created = await client.post<{ Id: string }>(
        `/containers/${pathSegment(container)}/exec`,
        request,
      );
      if (opts.detach) {
        await client.post(`/exec/${pathSegment(created.Id)}/start`, {
          Detach: true,
          Tty: request.Tty,
        });
        return;
      }
      await runExecAttached(client, ctx.io, { id: created.Id, request });
      const result = await client.get<ExecInspectResponse>(`/exec/${pathSegment(created.Id)}/json`);
      if ((result.ExitCode ?? 0) !== 0) throw new ExitStatus(result.ExitCode ?? 0);
    });
}
