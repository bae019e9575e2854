/**
 * The on-disk state of one container under the runtime root:
 *
 *   <root>/<id>/                bundle (runc `--bundle`, conmon `-b` and `--persist-dir`)
 *   <root>/<id>/config.json     compiled OCI spec
 *   <root>/<id>/rootfs/         overlay mount of the image layers
 *   <root>/<id>/upper, work/    the writable layer, unless the spec gives persistent dirs
 *   <root>/<id>/exec/<eid>/     one directory per exec session (conmon `--exec` bundle)
 *   <root>/exits/<id>           exit status written by conmon
 *
 * Everything is derived from the id, so a restarted daemon finds it again without a database.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { conflict, invalid } from '../common/errors.js';
import { mountOverlay, unmount } from '../kernel/fs-ops.js';
import { compileOciSpec } from './compile/oci-spec.js';
import type { RuntimeCreateSpec } from './runtime.js';

/** Where everything of one container lives. */
export interface BundlePaths {
  dir: string;
  config: string;
  rootfs: string;
  upper: string;
  work: string;
  pidFile: string;
  conmonPidFile: string;
  attachSocket: string;
  ctlFifo: string;
  execDir: string;
  exitDir: string;
}

/** Container ids become path components and runc ids: keep them boring. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Throws EngineError invalid unless `id` is usable as a directory name and runc id. */
export function checkId(id: string): void {
  if (!ID.test(id)) throw invalid(`Cannot use container id "${id}": must match ${ID.source}`);
}

/** The paths of container `id` under runtime root `root` (nothing is touched). */
export function bundlePaths(root: string, id: string): BundlePaths {
  const dir = join(root, id);
  return {
    dir,
    config: join(dir, 'config.json'),
    rootfs: join(dir, 'rootfs'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    pidFile: join(dir, 'pidfile'),
    conmonPidFile: join(dir, 'conmon.pid'),
    attachSocket: join(dir, 'attach'),
    ctlFifo: join(dir, 'ctl'),
    execDir: join(dir, 'exec'),
    exitDir: join(root, 'exits'),
  };
}

/**
 * Creates the bundle: directories, the overlay rootfs and config.json. On failure everything
 * made so far is removed again. Throws conflict when the bundle already exists.
 */
export async function createBundle(
  root: string,
  spec: RuntimeCreateSpec,
  opts: { nofile?: number } = {},
): Promise<BundlePaths> {
  checkId(spec.id);
  if (spec.rootfs.lowerDirs.length === 0) {
    throw invalid(`Cannot create container "${spec.id}": no rootfs layers given`);
  }
  if (spec.logPath.includes(':')) {
    throw invalid(`Cannot use log path "${spec.logPath}": conmon does not accept ":" in it`);
  }
  const p = bundlePaths(root, spec.id);
  // Compiling validates the spec, so nothing is touched on disk for an invalid one.
  const config = compileOciSpec(spec, { ...opts, rootfsPath: p.rootfs });
  if (existsSync(p.dir)) throw conflict(`Cannot create container "${spec.id}": bundle exists`);
  await mkdir(p.exitDir, { recursive: true, mode: 0o700 });
  await mkdir(p.dir, { recursive: true, mode: 0o700 });
  try {
    await rm(join(p.exitDir, spec.id), { force: true });
    const upper = spec.rootfs.upperDir ?? p.upper;
    const work = spec.rootfs.workDir ?? p.work;
    for (const d of [p.rootfs, upper, work, p.execDir]) await mkdir(d, { recursive: true });
    mountOverlay(p.rootfs, { lower: spec.rootfs.lowerDirs, upper, work });
    await writeFile(p.config, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  } catch (err) {
    await removeBundle(root, spec.id).catch(() => undefined);
    throw err;
  }
  return p;
}

/**
 * Unmounts the rootfs (lazily, so a straggling process cannot block it) and removes the bundle
 * and the exit file. Absent parts count as removed. Persistent upper/work dirs given in the
 * spec live elsewhere and are kept.
 */
export async function removeBundle(root: string, id: string): Promise<void> {
  checkId(id);
  const p = bundlePaths(root, id);
  // Stacked mounts (a create retried after a crash) come off one per call.
  for (let i = 0; i < 8 && unmount(p.rootfs, { detach: true }); i++);
  // Only once nothing is mounted below do we recurse: rm must never walk into the rootfs.
  await rmdir(p.rootfs).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await rm(p.dir, { recursive: true, force: true });
  await rm(join(p.exitDir, id), { force: true });
}
