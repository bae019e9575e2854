/** Helpers for container tests: run a command in a container through the API and read it back. */
import assert from 'node:assert/strict';
import type { TestDaemon } from './daemon.js';

export interface Inspect {
  Id: string;
  Name: string;
  State: { Status: string; Running: boolean; Pid: number; ExitCode: number };
  HostsPath: string;
  ResolvConfPath: string;
  HostnamePath: string;
  Config: { Hostname: string };
  NetworkSettings: {
    SandboxKey: string;
    IPAddress: string;
    Gateway: string;
    MacAddress: string;
    Networks: Record<
      string,
      {
        IPAddress: string;
        Gateway: string;
        MacAddress: string;
        IPPrefixLen: number;
        NetworkID: string;
        EndpointID: string;
      }
    >;
  };
}

/** Creates and starts a detached container; returns its ID. */
export async function runDetached(
  d: TestDaemon,
  body: Record<string, unknown>,
  name?: string,
): Promise<string> {
  const q = name === undefined ? '' : `?name=${name}`;
  const created = await d.api<{ Id: string; message?: string }>('POST', `/containers/create${q}`, {
    Image: 'busybox',
    ...body,
  });
  assert.equal(created.status, 201, created.text);
  const started = await d.api('POST', `/containers/${created.body.Id}/start`);
  assert.equal(started.status, 204, started.text);
  return created.body.Id;
}

export async function inspect(d: TestDaemon, ref: string): Promise<Inspect> {
  const r = await d.api<Inspect>('GET', `/containers/${ref}/json`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** Runs `cmd` in the running container (exec, detached) and returns its exit code and output. */
export async function execIn(
  d: TestDaemon,
  ref: string,
  cmd: string[],
): Promise<{ code: number; out: string }> {
  const created = await d.api<{ Id: string }>('POST', `/containers/${ref}/exec`, {
    Cmd: [
      'sh',
      '-c',
      `${cmd.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')} > /tmp/.exec-out 2>&1; echo $? > /tmp/.exec-code`,
    ],
  });
  assert.equal(created.status, 201, created.text);
  const started = await d.api('POST', `/exec/${created.body.Id}/start`, {
    Detach: true,
    Tty: false,
  });
  assert.ok(started.status === 200 || started.status === 204, started.text);
  for (let i = 0; i < 200; i += 1) {
    const info = await d.api<{ Running: boolean; ExitCode: number | null }>(
      'GET',
      `/exec/${created.body.Id}/json`,
    );
    if (!info.body.Running && info.body.ExitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const { readFileSync } = await import('node:fs');
  const root = `/proc/${(await inspect(d, ref)).State.Pid}/root`;
  return {
    code: Number(readFileSync(`${root}/tmp/.exec-code`, 'utf8').trim()),
    out: readFileSync(`${root}/tmp/.exec-out`, 'utf8'),
  };
}
