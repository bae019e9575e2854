/** Builds the Markdown tables of RESULTS.md from the workloads' raw samples. */
import type { KernelFloor } from '../workloads/kernel-floor.js';
import type { P1Result } from '../workloads/p1-connect.js';
import type { P2Result } from '../workloads/p2-start.js';
import type { P4Result, P4Sample } from '../workloads/p4-ports.js';
import type { P6Result } from '../workloads/p6-iperf.js';
import type { RssSnapshot } from '../workloads/p7-rss.js';
import { fmt, median, p99, ratio } from './stats.js';

const P = 'pouchd';
const D = 'dockerd';
const get = (m: Map<string, number[]>, k: string): number[] => m.get(k) ?? [];
const verdict = (ok: boolean): string => (ok ? 'met' : '**not met**');

/** One latency row: medians, p99s and ratios. */
function latencyRow(label: string, p: number[], d: number[]): string {
  return `| ${label} | ${fmt(median(p))} | ${fmt(p99(p))} | ${fmt(median(d))} | ${fmt(p99(d))} | ${ratio(median(p), median(d))} | ${ratio(p99(p), p99(d))} |`;
}

const LATENCY_HEAD = [
  '| operation | pouchd p50 ms | pouchd p99 ms | dockerd p50 ms | dockerd p99 ms | ratio p50 | ratio p99 |',
  '|---|---:|---:|---:|---:|---:|---:|',
];

export function floorSection(k: KernelFloor): string {
  return [
    `## Kernel floor (no daemon, ${k.iterations} iterations)`,
    '',
    'Direct rtnetlink through dist/src/kernel: "connect" = veth with its peer born in an existing namespace and enslaved to a bridge + rtnetlink socket opened in the namespace + address + link up + default route; "full sandbox" = the same plus creating the namespace and setting lo up.',
    '',
    '| operation | p50 ms | p99 ms |',
    '|---|---:|---:|',
    `| connect-equivalent (veth+addr+route) | ${fmt(median(k.connectMs), 3)} | ${fmt(p99(k.connectMs), 3)} |`,
    `| full sandbox (netns+veth+addr+route) | ${fmt(median(k.sandboxMs), 3)} | ${fmt(p99(k.sandboxMs), 3)} |`,
  ].join('\n');
}

export function p1Section(r: P1Result, k: KernelFloor): string {
  const pc = median(get(r.connectMs, P));
  const dc = median(get(r.connectMs, D));
  const floor = median(k.connectMs);
  return [
    `## P1: connect / disconnect of a running container (${r.iterations} iterations each, interleaved)`,
    '',
    ...LATENCY_HEAD,
    latencyRow('POST /networks/bn2/connect', get(r.connectMs, P), get(r.connectMs, D)),
    latencyRow('POST /networks/bn2/disconnect', get(r.disconnectMs, P), get(r.disconnectMs, D)),
    '',
    `Targets: connect p50 ≤ 0.1 × dockerd → ${ratio(pc, dc)} × (${verdict(pc <= 0.1 * dc)}); ≤ 1.5 × kernel floor (${fmt(floor, 3)} ms) → ${ratio(pc, floor)} × (${verdict(pc <= 1.5 * floor)}). The API latency includes the HTTP round trip over the unix socket.`,
  ].join('\n');
}

export function p2Section(r: P2Result): string {
  const p = median(get(r.pingMs, P));
  const d = median(get(r.pingMs, D));
  return [
    `## P2: create + start until the address answers ping (${r.runs} runs each, interleaved)`,
    '',
    ...LATENCY_HEAD,
    latencyRow('create → start returned', get(r.startMs, P), get(r.startMs, D)),
    latencyRow('create → first answered ping', get(r.pingMs, P), get(r.pingMs, D)),
    '',
    `Ping: \`nsenter --net=<engine host netns> ping -c1 -W1\` in a loop after start returned (each attempt costs a process spawn, a few ms, for both engines). Unanswered attempts: pouchd ${r.extraPings.get(P) ?? 0}, dockerd ${r.extraPings.get(D) ?? 0}. Target ≤ 0.5 × dockerd → ${ratio(p, d)} × (${verdict(p <= 0.5 * d)}).`,
  ].join('\n');
}

export function p4Section(r: P4Result): string {
  const sizes = [...new Set((r.samples.get(P) ?? []).map((s) => s.ports))];
  const pick = (eng: string, n: number, f: (s: P4Sample) => number): number[] =>
    (r.samples.get(eng) ?? []).filter((s) => s.ports === n).map(f);
  const rows: string[] = [];
  const notes: string[] = [];
  for (const n of sizes) {
    rows.push(
      latencyRow(
        `${n} ports: create+start`,
        pick(P, n, (s) => s.publishMs),
        pick(D, n, (s) => s.publishMs),
      ),
    );
    rows.push(
      latencyRow(
        `${n} ports: rm -f`,
        pick(P, n, (s) => s.removeMs),
        pick(D, n, (s) => s.removeMs),
      ),
    );
    if (n > 0) {
      const pt = median(pick(P, n, (s) => s.publishMs + s.removeMs));
      const dt = median(pick(D, n, (s) => s.publishMs + s.removeMs));
      notes.push(
        `${n} ports: (create+start+rm) ${ratio(pt, dt)} × dockerd (${verdict(pt <= 0.05 * dt)})`,
      );
    }
  }
  const proc = [
    '| ports | engine | extra processes while running (median) | daemon RSS growth while running MiB | daemon RSS retained after rm MiB |',
    '|---:|---|---:|---:|---:|',
  ];
  for (const n of sizes)
    for (const eng of [P, D])
      proc.push(
        `| ${n} | ${eng} | ${fmt(median(pick(eng, n, (s) => s.extraProcesses)), 0)} | ${fmt(median(pick(eng, n, (s) => s.rssGrowthMiB)), 1)} | ${fmt(median(pick(eng, n, (s) => s.rssAfterRemoveMiB)), 1)} |`,
      );
  return [
    `## P4: publish a port range on one container, then remove it (${r.rounds} rounds, interleaved)`,
    '',
    ...LATENCY_HEAD,
    ...rows,
    '',
    `Target ≤ 0.05 × dockerd: ${notes.join('; ')}.`,
    '',
    'Processes are counted in the engine\'s host namespace (daemon, conmon/shim, docker-proxy, …) against the count before the container was created; "0 ports" is the baseline of one container.',
    '',
    ...proc,
  ].join('\n');
}

export function p6Section(r: P6Result): string {
  const rows = [P, D].map((eng) => {
    const pub = median(get(r.published, eng));
    const dir = median(get(r.direct, eng));
    return `| ${eng} | ${fmt(pub)} | ${fmt(dir)} | ${fmt(pub / dir, 3)} |`;
  });
  const pr = median(get(r.published, P)) / median(get(r.direct, P));
  return [
    `## P6: throughput, published port vs container address (iperf3, ${r.seconds} s × ${r.rounds} rounds, medians)`,
    '',
    '| engine | host → 127.0.0.1:published Gbit/s | host → container IP Gbit/s | published / direct |',
    '|---|---:|---:|---:|',
    ...rows,
    '',
    `pouchd published/direct = ${fmt(pr, 3)} (target ≥ 0.95: ${verdict(pr >= 0.95)}); pouchd/dockerd on the published path = ${ratio(median(get(r.published, P)), median(get(r.published, D)))}.`,
    ...(r.errors.length > 0 ? ['', 'Errors:', ...r.errors.map((e) => `- ${e}`)] : []),
  ].join('\n');
}

export function p7Section(
  n: number,
  idle: Map<string, RssSnapshot>,
  withN: Map<string, RssSnapshot>,
  startSeconds: Map<string, number>,
): string {
  const row = (eng: string, label: string, s: RssSnapshot | undefined): string =>
    s === undefined
      ? `| ${eng} | ${label} | n/a |  |  |  |  |  |`
      : `| ${eng} | ${label} | ${fmt(s.totalMiB, 1)} | ${fmt(s.daemonMiB, 1)} | ${fmt(s.containerdMiB, 1)} | ${fmt(s.monitorsMiB, 1)} (${s.monitors}) | ${fmt(s.otherMiB, 1)} ${s.others === '' ? '' : `(${s.others})`} | ${s.processes} |`;
  const lines = [
    `## P7: resident memory, idle and with ${n} running containers`,
    '',
    `N scaled down to ${n} for this machine. RSS sums every process in the engine's host namespace (containers' own processes excluded).`,
    '',
    '| engine | state | total MiB | daemon MiB | containerd MiB | monitors MiB (count) | other MiB | processes |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const eng of [P, D]) {
    lines.push(row(eng, 'idle', idle.get(eng)));
    lines.push(row(eng, `${n} containers`, withN.get(eng)));
  }
  const per = (eng: string): number =>
    ((withN.get(eng)?.totalMiB ?? NaN) - (idle.get(eng)?.totalMiB ?? NaN)) / n;
  lines.push(
    '',
    `Per container: pouchd ${fmt(per(P), 2)} MiB, dockerd ${fmt(per(D), 2)} MiB (ratio ${ratio(per(P), per(D))}); totals with ${n}: ratio ${ratio(withN.get(P)?.totalMiB ?? NaN, withN.get(D)?.totalMiB ?? NaN)}. Time to start the ${n} containers one by one: pouchd ${fmt(startSeconds.get(P) ?? NaN, 1)} s, dockerd ${fmt(startSeconds.get(D) ?? NaN, 1)} s.`,
  );
  return lines.join('\n');
}
