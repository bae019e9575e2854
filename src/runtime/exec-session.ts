/**
 * `docker exec` through conmon's exec mode, as podman does it: a second conmon per session runs
 * `runc exec --detach --process <file>` and holds the process's stdio behind its own attach
 * socket, so output is not lost between the exec starting and our attaching:
 *
 *   1. spawn `conmon -e --exec-attach …` with sync (3), start (4) and attach (5) pipes
 *   2. write the start pipe (conmon's first, pre-fork wait)
 *   3. read `{"data": 0}` from the attach pipe: `<exec-dir>/attach` is listening; connect it
 *   4. write the start pipe again: only now does conmon run `runc exec`
 *   5. read the pid (or runc's error) from the sync pipe, later the exit code
 *
 * Each session lives in `<bundle>/exec/<session>/` (process.json, attach, ctl, pid files, and
 * its own exit dir: conmon names exit files after the container id, which must not clobber the
 * container's own). The directory is removed when the process has exited.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { EngineError } from '../common/errors.js';
import { attachStreams, connectAttachSocket } from './attach-socket.js';
import type { BundlePaths } from './bundle.js';
import { compileProcess } from './compile/oci-spec.js';
import { buildConmonArgs } from './conmon-args.js';
import { awaitConmonPid, spawnConmon, type ConmonHandle } from './conmon-process.js';
import { readExitFile } from './exit-file.js';
import type { AttachStreams, ExecSession, ProcessSpec } from './runtime.js';

/** Inputs of startExec. */
export interface ExecRequest {
  id: string;
  bundle: BundlePaths;
  process: ProcessSpec;
  stdin: boolean;
  conmonPath: string;
  runcPath: string;
  runtimeArgs: string[];
  logger: Logger;
  /** RLIMIT_NOFILE of the exec'd process (as the container's). */
  nofile: number;
  timeoutMs?: number;
}

/** The files of one exec session. */
function sessionPaths(bundle: BundlePaths, session: string): Record<string, string> {
  const dir = join(bundle.execDir, session);
  return {
    dir,
    spec: join(dir, 'process.json'),
    exitDir: join(dir, 'exits'),
    attach: join(dir, 'attach'),
    ctl: join(dir, 'ctl'),
  };
}

async function prepare(req: ExecRequest, session: string): Promise<Record<string, string>> {
  const s = sessionPaths(req.bundle, session);
  await mkdir(s['exitDir'] as string, { recursive: true, mode: 0o700 });
  await writeFile(
    s['spec'] as string,
    JSON.stringify(compileProcess(req.process, { nofile: req.nofile })),
    { mode: 0o600 },
  );
  return s;
}

function startConmon(req: ExecRequest, session: string, s: Record<string, string>): ConmonHandle {
  const dir = s['dir'] as string;
  const args = buildConmonArgs({
    id: req.id,
    cuuid: session,
    runtimePath: req.runcPath,
    runtimeArgs: req.runtimeArgs,
    bundle: dir,
    pidFile: join(dir, 'pidfile'),
    conmonPidFile: join(dir, 'conmon.pid'),
    exitDir: s['exitDir'] as string,
    persistDir: dir,
    terminal: req.process.terminal,
    stdin: req.stdin,
    leaveStdinOpen: false,
    exec: { processSpecPath: s['spec'] as string },
  });
  return spawnConmon(req.conmonPath, args, { cwd: dir, withExecPipes: true });
}

/** Steps 2–4: lets conmon set up, connects its attach socket, then lets runc exec run. */
async function attachToSession(
  req: ExecRequest,
  h: ConmonHandle,
  s: Record<string, string>,
): Promise<AttachStreams> {
  const what = `exec in container "${req.id}"`;
  h.start?.write('0');
  const ready = await h.attach?.next(req.timeoutMs ?? 30_000);
  if (ready === undefined || ready.data < 0) {
    const detail = ready?.message ?? (h.stderr() || 'conmon did not open the attach socket');
    throw new EngineError('internal', `Cannot ${what}: ${detail}`, { code: 'RUNTIME_ERROR' });
  }
  const sock = connectAttachSocket(s['attach'] as string, what);
  const streams = attachStreams(sock, {
    stdin: req.stdin,
    terminal: req.process.terminal,
    ctlFifo: s['ctl'] as string,
  });
  h.start?.end('0');
  return streams;
}

/** Starts an exec session; resolves once the process runs (or throws runc's error). */
export async function startExec(req: ExecRequest): Promise<ExecSession> {
  const session = randomBytes(8).toString('hex');
  const s = await prepare(req, session);
  const h = startConmon(req, session, s);
  let streams: AttachStreams | undefined;
  try {
    streams = await attachToSession(req, h, s);
    const pid = await awaitConmonPid(h, `exec in container "${req.id}"`, req.timeoutMs ?? 30_000);
    const exited = h.sync.next().then((msg) => {
      const code = msg?.data ?? readExitFile(s['exitDir'] as string, req.id)?.exitCode ?? 255;
      h.close();
      void rm(s['dir'] as string, { recursive: true, force: true });
      return code < 0 ? 255 : code;
    });
    return { pid, streams, exited };
  } catch (err) {
    streams?.close();
    h.close();
    await rm(s['dir'] as string, { recursive: true, force: true });
    req.logger.debug({ id: req.id, session, err }, 'exec failed');
    throw err;
  }
}
