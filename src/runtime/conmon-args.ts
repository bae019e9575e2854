/**
 * conmon's command line (conmon 2.1, `--api-version 1`), built from plain data so the exact
 * flags are unit-tested. Layout of one container (see bundle.ts):
 *
 *   <bundle>/config.json rootfs/ pidfile conmon.pid   written by us / runc / conmon
 *   <bundle>/attach ctl winsz                          conmon's attach socket and fifos
 *   <exit-dir>/<id>                                    exit status, written by conmon
 *
 * `--full-attach` puts the attach socket at `<bundle>/attach` (podman does the same) instead of
 * a symlink farm under `--socket-dir-path`; we connect to it by directory fd, so long paths
 * are fine. `--log-level` defaults to warning, `--syslog` stays off (conmon's warnings go
 * nowhere once it has detached; runc's own errors come back through the sync pipe).
 */

/** The inputs of one conmon invocation. */
export interface ConmonArgsInput {
  /** runc container id (`-c`). */
  id: string;
  /** conmon's own id (`-u`): the container id, or the exec session id with `exec`. */
  cuuid: string;
  /** Absolute path to the OCI runtime binary (conmon uses execv, not a PATH lookup). */
  runtimePath: string;
  /** `--root` (and others) for runc, passed as `--runtime-arg`s. */
  runtimeArgs?: string[];
  bundle: string;
  /** Where runc writes the container (or exec) process pid. */
  pidFile: string;
  conmonPidFile: string;
  exitDir: string;
  persistDir: string;
  /** k8s-file log path; no log when unset (exec sessions: their output only goes to the client). */
  logPath?: string;
  terminal: boolean;
  stdin: boolean;
  /** Keep the container's stdin open when an attached client goes away. */
  leaveStdinOpen: boolean;
  /** With `exec`: run `runc exec --process <file>` and wait for an attach (podman's mode). */
  exec?: { processSpecPath: string };
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/** Builds conmon's argv (without the binary). */
export function buildConmonArgs(input: ConmonArgsInput): string[] {
  const args = [
    '--api-version',
    '1',
    '-c',
    input.id,
    '-u',
    input.cuuid,
    '-n',
    input.cuuid,
    '-r',
    input.runtimePath,
    '-b',
    input.bundle,
    '-p',
    input.pidFile,
    '-P',
    input.conmonPidFile,
    '--exit-dir',
    input.exitDir,
    '--persist-dir',
    input.persistDir,
    '--full-attach',
    '-l',
    input.logPath === undefined ? 'none' : `k8s-file:${input.logPath}`,
    '--log-level',
    input.logLevel ?? 'warn',
  ];
  for (const a of input.runtimeArgs ?? []) args.push('--runtime-arg', a);
  if (input.terminal) args.push('-t');
  if (input.stdin) args.push('-i');
  if (input.stdin && input.leaveStdinOpen) args.push('--leave-stdin-open');
  if (input.exec !== undefined) {
    args.push('-e', '--exec-attach', '--exec-process-spec', input.exec.processSpecPath);
  }
  return args;
}

/** One message conmon writes on its sync/attach pipes: `{"data": N, "message"?: "..."}`. */
export interface ConmonSyncMessage {
  data: number;
  message?: string;
}

/** Parses one line of conmon's pipe protocol; undefined when it is not one. */
export function parseSyncMessage(line: string): ConmonSyncMessage | undefined {
  try {
    const v = JSON.parse(line) as { data?: unknown; message?: unknown };
    if (typeof v.data !== 'number') return undefined;
    return typeof v.message === 'string' ? { data: v.data, message: v.message } : { data: v.data };
  } catch {
    return undefined;
  }
}
