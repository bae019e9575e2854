/**
 * `docker import --change`: Dockerfile instructions applied to an image's config. Supported, as
 * Docker's import supports them: CMD, ENTRYPOINT (exec form `["a","b"]` or shell form, which
 * becomes `/bin/sh -c "…"`), ENV and LABEL (`k=v k2="v 2"` or the legacy `k v`), WORKDIR,
 * EXPOSE (`80`, `53/udp`, ranges `8000-8002`), USER and STOPSIGNAL. Everything is validated
 * before the import reads its tarball, so a typo costs nothing.
 */
import { posix } from 'node:path';
import { invalid } from '../common/errors.js';
import type { ImageExecConfig } from './image-config.js';

type Handler = (cfg: ImageExecConfig, args: string, state: { cmdSet: boolean }) => void;

const refuse = (change: string, detail: string) =>
  invalid(`Cannot apply change "${change}": ${detail}`, 'INVALID_CHANGE');

/**
 * Splits `s` into words the way a shell would: whitespace separates, double quotes group (with
 * backslash escapes inside), single quotes group literally, a backslash escapes the next char.
 */
export function splitWords(s: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (quote === undefined && /\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      continue;
    }
    word ??= '';
    if (c === '\\' && quote !== "'" && i + 1 < s.length) word += s.charAt(++i);
    else if (c === quote) quote = undefined;
    else if (quote === undefined && (c === '"' || c === "'")) quote = c;
    else word += c;
  }
  if (quote !== undefined)
    throw invalid(`Cannot parse "${s}": unterminated quote`, 'INVALID_CHANGE');
  if (word !== undefined) words.push(word);
  return words;
}

/** `k=v …` pairs, or the legacy single `k v…` form. */
function keyValues(args: string, what: string): [string, string][] {
  const words = splitWords(args);
  const first = words[0];
  if (first === undefined) throw invalid(`${what} needs at least one argument`, 'INVALID_CHANGE');
  if (!first.includes('=')) {
    const rest = /^\S+\s*([\s\S]*)$/.exec(args.trim());
    return [[first, rest?.[1] ?? '']];
  }
  return words.map((w) => {
    const eq = w.indexOf('=');
    if (eq <= 0) throw invalid(`${what} expects key=value, got "${w}"`, 'INVALID_CHANGE');
    return [w.slice(0, eq), w.slice(eq + 1)];
  });
}

/** Exec form when `args` is a JSON string array, shell form otherwise (Docker's rule). */
function commandForm(args: string): string[] {
  const trimmed = args.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((s) => typeof s === 'string')) return parsed;
    } catch {
      // Not JSON: Docker falls back to the shell form.
    }
  }
  return ['/bin/sh', '-c', trimmed];
}

function exposedPorts(args: string): string[] {
  return splitWords(args).flatMap((spec) => {
    const m = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(spec);
    const start = Number(m?.[1]);
    const end = Number(m?.[2] ?? m?.[1]);
    if (m === null || start < 1 || end > 65535 || end < start) {
      throw invalid(`EXPOSE: invalid port "${spec}"`, 'INVALID_CHANGE');
    }
    const proto = (m[3] ?? 'tcp').toLowerCase();
    return Array.from({ length: end - start + 1 }, (_, i) => `${start + i}/${proto}`);
  });
}

const HANDLERS: Record<string, Handler> = {
  CMD: (cfg, args, state) => {
    cfg.Cmd = commandForm(args);
    state.cmdSet = true;
  },
  ENTRYPOINT: (cfg, args, state) => {
    cfg.Entrypoint = commandForm(args);
    // As in a Dockerfile, ENTRYPOINT drops an inherited CMD unless this change set one.
    if (!state.cmdSet) cfg.Cmd = null;
  },
  ENV: (cfg, args) => {
    for (const [k, v] of keyValues(args, 'ENV')) {
      cfg.Env = [...(cfg.Env ?? []).filter((e) => !e.startsWith(`${k}=`)), `${k}=${v}`];
    }
  },
  LABEL: (cfg, args) => {
    cfg.Labels = { ...(cfg.Labels ?? {}), ...Object.fromEntries(keyValues(args, 'LABEL')) };
  },
  WORKDIR: (cfg, args) => {
    const dir = splitWords(args).join(' ');
    if (dir === '') throw invalid('WORKDIR needs a path', 'INVALID_CHANGE');
    cfg.WorkingDir = posix.resolve('/', cfg.WorkingDir ?? '/', dir);
  },
  EXPOSE: (cfg, args) => {
    const ports = { ...(cfg.ExposedPorts ?? {}) };
    for (const p of exposedPorts(args)) ports[p] = {};
    cfg.ExposedPorts = ports;
  },
  USER: (cfg, args) => {
    cfg.User = args.trim();
  },
  STOPSIGNAL: (cfg, args) => {
    cfg.StopSignal = args.trim();
  },
};

/**
 * Applies `changes` (one instruction each; several lines per entry are allowed) to a copy of
 * `base`. Throws `invalid` naming the change for unknown instructions or bad arguments.
 */
export function applyChanges(base: ImageExecConfig, changes: readonly string[]): ImageExecConfig {
  const cfg: ImageExecConfig = { ...base };
  const state = { cmdSet: false };
  for (const line of changes.flatMap((c) => c.split('\n'))) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = /^(\S+)\s*([\s\S]*)$/.exec(trimmed);
    const keyword = (m?.[1] ?? '').toUpperCase();
    const handler = HANDLERS[keyword];
    if (handler === undefined) throw refuse(trimmed, `unknown instruction: ${keyword}`);
    try {
      handler(cfg, m?.[2] ?? '', state);
    } catch (err) {
      throw refuse(trimmed, (err as Error).message);
    }
  }
  return cfg;
}
