/** Builds the Markdown tables of RESULTS.md from the workloads' raw samples. */
import type { KernelFloor } from '../workloads/kernel-floor.js';
import type { P1Result } from '../workloads/p1-connect.js';
import type { P2Result } from '../workloads/p2-start.js';
import type { P3Sample } from '../workloads/p3-connect-loaded.js';
import type { P4Result, P4Sample } from '../workloads/p4-ports.js';
import type { P5Result, RestartSample } from '../workloads/p5-restart.js';
import type { P6Result } from '../workloads/p6-iperf.js';
import type { RssSnapshot } from '../workloads/p7-rss.js';
import { POP_NETWORK, POP_SUBNET, type Population } from '../workloads/population.js';
import type { NeighLimits } from './neigh.js';
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

/** How each engine's population was built and removed. */
export function populationSection(pops: Population[], neigh: NeighLimits): string {
  const rows = pops.map((p) => {
    const n = p.names.length;
    const note = [
      p.target < p.requested
        ? `scaled down from ${p.requested}: MemAvailable ${fmt(p.availableMiB / 1024, 1)} GiB`
        : '',
      p.stoppedEarly ?? '',
    ]
      .filter((x) => x !== '')
      .join('; ');
    return `| ${p.engine.name} | ${n} | ${n * p.portsPerContainer} | ${fmt(p.buildSeconds, 1)} | ${fmt((p.buildSeconds * 1000) / n, 1)} | ${fmt(p.removeSeconds ?? NaN, 1)} | ${note} |`;
  });
  return [
    '## The populations (shared by P7, P3 and P5)',
    '',
    `One engine at a time: build → P7 snapshot → P3 → (pouchd) P5 → remove. Containers \`pop-<i>\` run busybox \`httpd -f -p 80\` on network \`${POP_NETWORK}\` (${POP_SUBNET}), created and started ${pops[0]?.concurrency ?? '?'} at a time through the API. Only pouchd's publish ports (container port 80 on ${pops.find((p) => p.portsPerContainer > 0)?.portsPerContainer ?? 0} host ports each): on dockerd each published port is a docker-proxy process (P4), and thousands of them would dominate its memory and build time.`,
    '',
    '| engine | containers | published ports | build s | wall ms per container | remove s | note |',
    '|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    neigh.after.some((v, i) => v !== neigh.before[i])
      ? `The kernel's IPv4 neighbour table is shared by all namespaces, and its thresholds here (gc_thresh1/2/3 = ${neigh.before.join('/')}; Linux defaults 128/512/1024) cannot hold one entry per container: with 1,000 containers the host reaches only about 512 of them ("neighbor table overflow"), whichever engine runs them. They were raised to ${neigh.after.join('/')} for this phase and put back afterwards.`
      : `The kernel's IPv4 neighbour table thresholds (gc_thresh1/2/3 = ${neigh.before.join('/')}) were already large enough for the populations (the Linux defaults, 128/512/1024, are not: the host then reaches only about 512 of 1,000 containers).`,
  ].join('\n');
}

export function p3Section(
  p1: P1Result | undefined,
  empty: Map<string, P3Sample>,
  loaded: Map<string, P3Sample>,
): string {
  const iterations = [...loaded.values()][0]?.connectMs.length ?? 0;
  const growth = (xs: number[], base: number[] | undefined): number =>
    base === undefined ? NaN : (median(xs) / median(base) - 1) * 100;
  const pct = (x: number): string => (Number.isFinite(x) ? `${fmt(x, 1)} %` : 'n/a');
  const lines = [
    `## P3: connect / disconnect with the population running (${iterations} iterations each)`,
    '',
    `P1's cycle (\`POST /networks/bn2/connect\` then \`disconnect\`) on one more container on \`${POP_NETWORK}\`, the network of the population. Engines run one after the other, not interleaved, so the baseline is the same cycle on the same network just before the population was built (only that container on it); P1's interleaved numbers from this run are shown too.`,
    '',
    '| engine | operation | containers running | p50 ms | p99 ms | baseline p50 ms (empty bpop) | growth from baseline | P1 p50 ms (interleaved) | growth from P1 |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const verdicts: string[] = [];
  for (const eng of [P, D]) {
    const s = loaded.get(eng);
    if (s === undefined) continue;
    const e = empty.get(eng);
    for (const [op, xs, base, p1xs] of [
      ['connect', s.connectMs, e?.connectMs, p1?.connectMs.get(eng)],
      ['disconnect', s.disconnectMs, e?.disconnectMs, p1?.disconnectMs.get(eng)],
    ] as const) {
      const g = growth(xs, base);
      lines.push(
        `| ${eng} | ${op} | ${s.population} | ${fmt(median(xs))} | ${fmt(p99(xs))} | ${fmt(median(base ?? []))} | ${pct(g)} | ${fmt(median(p1xs ?? []))} | ${pct(growth(xs, p1xs))} |`,
      );
      if (eng === P) verdicts.push(`${op} ${pct(g)} (${verdict(g <= 10)})`);
    }
  }
  const floorRows: string[] = [];
  for (const eng of [P, D]) {
    const s = loaded.get(eng);
    const base = empty.get(eng)?.floorConnectMs;
    if (s === undefined || base === undefined) continue;
    floorRows.push(
      `| ${eng}'s population | ${s.population} | ${fmt(median(s.floorConnectMs), 3)} | ${fmt(p99(s.floorConnectMs), 3)} | ${fmt(median(base), 3)} | ${pct(growth(s.floorConnectMs, base))} |`,
    );
  }
  lines.push(
    '',
    `Target: pouchd's own p50 grows ≤ 10 % from the empty host → ${verdicts.join('; ')}.`,
    '',
    "How much of that is the kernel's: the kernel floor's connect-equivalent (no daemon, in a namespace of its own, see above), measured right after each baseline and each loaded run, i.e. on the same machine with and without the population.",
    '',
    '| kernel floor connect-equivalent | containers on the machine | p50 ms | p99 ms | p50 ms before the population | growth |',
    '|---|---:|---:|---:|---:|---:|',
    ...floorRows,
  );
  // The engine's own share: its connect p50 minus the kernel floor's p50 measured next to it.
  const ownRows: string[] = [];
  for (const eng of [P, D]) {
    const s = loaded.get(eng);
    const e = empty.get(eng);
    if (s === undefined || e === undefined) continue;
    const before = median(e.connectMs) - median(e.floorConnectMs);
    const after = median(s.connectMs) - median(s.floorConnectMs);
    ownRows.push(
      `| ${eng} | ${fmt(before, 3)} | ${fmt(after, 3)} | ${pct((after / before - 1) * 100)} |`,
    );
  }
  if (ownRows.length > 0)
    lines.push(
      '',
      "The engine's own share of a connect, above the kernel: its connect p50 minus the kernel floor's p50 measured next to it.",
      '',
      '| engine | own ms, empty | own ms, with the population | growth |',
      '|---|---:|---:|---:|',
      ...ownRows,
    );
  return lines.join('\n');
}

function restartRow(s: RestartSample): string {
  const na = (x: number | undefined, d = 0): string => (x === undefined ? 'n/a' : fmt(x, d));
  const kind = s.signal === 'SIGTERM' ? 'graceful (SIGTERM)' : 'crash (kill -9)';
  const probe = s.probed
    ? `${s.downOk} / ${s.downFailed} in ${fmt(s.downMs, 0)} ms | ${s.failuresAfterSpawn} (${na(s.lastFailureMs)}) | ${na(s.confirmedMs)}`
    : 'not probed | n/a | n/a';
  return `| ${kind}, ${s.probed ? 'probed' : 'quiet'} | ${fmt(s.stopMs, 0)} | ${s.downConmons} | ${na(s.downPortElements)} | ${fmt(s.apiMs, 0)} | ${probe} | ${s.running} | ${s.processes} |`;
}

export function p5Section(r: P5Result): string {
  const of = (sig: string, probed: boolean): RestartSample | undefined =>
    r.samples.find((s) => s.signal === sig && s.probed === probed);
  const sweep = median(r.samples.map((s) => s.baselineSweepMs ?? NaN).filter(Number.isFinite));
  const probed = r.samples.filter((s) => s.probed);
  const kept = probed.length > 0 && probed.every((s) => s.downFailed === 0 && s.downOk > 0);
  const ready = (['SIGTERM', 'SIGKILL'] as const).map((sig) => {
    // The API time of the quiet run; the ports' time from the probed run (0 if none failed).
    const t = Math.max(of(sig, false)?.apiMs ?? NaN, of(sig, true)?.lastFailureMs ?? NaN);
    return `${sig === 'SIGTERM' ? 'graceful' : 'kill -9'} ${fmt(t, 0)} ms (${verdict(t <= 2000)})`;
  });
  return [
    `## P5: pouchd restart with ${r.containers} containers and ${r.ports} published ports`,
    '',
    `pouchd is stopped (SIGTERM and wait for exit, or kill -9), left down a few seconds, and started again with the same arguments and state; times in ms from the spawn of the new process, /_ping polled every 10 ms. In the probed runs a prober inside the engine's namespace (${r.concurrency} connections in flight) sweeps every published port of 127.0.0.1 back to back from before the stop until a complete sweep that began after /_ping answered ("confirmed"; one sweep takes ${fmt(sweep, 0)} ms with the daemon up); a probe succeeds when the container's httpd answers through the DNAT. The prober keeps the 2 cores busy and slows the start-up down, so the API time is taken from the quiet runs.`,
    '',
    '| restart | stop ms | conmons while down | nft port-map elements while down | spawn → /_ping ms | probes ok / failed while down | probes failed after spawn (last began at ms) | spawn → confirmed sweep ms | pop containers running after | processes in the host namespace after |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...r.samples.map(restartRow),
    '',
    `Ports ${kept ? 'kept' : '**did not keep**'} forwarding while pouchd was down: the containers (under their conmons) and the nft table outlive the daemon. Target ≤ 2 s until the API answers and every port forwards (quiet /_ping time, or the last failed probe if later): ${ready.join('; ')}.`,
    '',
    'dockerd is not measured: the same population there would publish through 10,000 docker-proxy processes (P4: one per port), and dockerd without live-restore (as here) stops every container when it stops.',
  ].join('\n');
}

/** One engine's N-container snapshot, taken on its population. */
export interface P7Loaded {
  n: number;
  ports: number;
  snap: RssSnapshot;
}

export function p7Section(idle: Map<string, RssSnapshot>, loaded: Map<string, P7Loaded>): string {
  const row = (eng: string, label: string, s: RssSnapshot | undefined): string =>
    s === undefined
      ? `| ${eng} | ${label} | n/a |  |  |  |  |  |  |`
      : `| ${eng} | ${label} | ${fmt(s.totalMiB, 1)} | ${fmt(s.totalPssMiB, 1)} | ${fmt(s.daemonMiB, 1)} | ${fmt(s.containerdMiB, 1)} | ${fmt(s.monitorsMiB, 1)} (${s.monitors}) | ${fmt(s.otherMiB, 1)} ${s.others === '' ? '' : `(${s.others})`} | ${s.processes} |`;
  const p = loaded.get(P);
  const d = loaded.get(D);
  const lines = [
    `## P7: resident memory, idle and with the population running`,
    '',
    "RSS sums every process in the engine's host namespace (containers' own processes excluded); PSS is the same processes' proportional set size (shared pages counted once). The loaded snapshot is taken 2 s after the population's last start. pouchd's containers also publish their ports (see the populations), dockerd's publish none: pouchd's number includes the port state.",
    '',
    '| engine | state | total RSS MiB | total PSS MiB | daemon MiB | containerd MiB | monitors MiB (count) | other MiB | processes |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [eng, l] of [
    [P, p],
    [D, d],
  ] as const) {
    lines.push(row(eng, 'idle', idle.get(eng)));
    if (l !== undefined)
      lines.push(row(eng, `${l.n} containers${l.ports > 0 ? `, ${l.ports} ports` : ''}`, l.snap));
  }
  const per = (eng: string, l: P7Loaded | undefined): number =>
    ((l?.snap.totalMiB ?? NaN) - (idle.get(eng)?.totalMiB ?? NaN)) / (l?.n ?? NaN);
  const pp = per(P, p);
  const dp = per(D, d);
  // Docker's total at pouchd's N: measured when the Ns match, else idle + N × its per-container cost.
  const n = p?.n ?? NaN;
  const dockerAtN =
    d?.n === n ? (d?.snap.totalMiB ?? NaN) : (idle.get(D)?.totalMiB ?? NaN) + n * dp;
  const r = (p?.snap.totalMiB ?? NaN) / dockerAtN;
  lines.push(
    '',
    `Per container: pouchd ${fmt(pp, 2)} MiB, dockerd ${fmt(dp, 2)} MiB (ratio ${ratio(pp, dp)}). Totals with ${n} containers: pouchd ${fmt(p?.snap.totalMiB ?? NaN, 0)} MiB vs dockerd ${fmt(dockerAtN, 0)} MiB${d?.n === n ? '' : ` (extrapolated from dockerd's ${d?.n ?? 'n/a'})`} → ${fmt(r, 3)} × (target ≤ 0.5: ${verdict(r <= 0.5)}).`,
  );
  return lines.join('\n');
}
