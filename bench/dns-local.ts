/**
 * Local-answer throughput of the embedded resolver: one DnsServer on 127.0.0.1 (random port) with
 * a fake directory, loaded by dnsperf with `web A` queries. Docker's embedded resolver does about
 * 52,000 queries/s for local answers (peers.md); the target here is to beat that.
 * Run: `node dist/bench/dns-local.js [seconds] [clients] [maxQps]` (needs `dnsperf` on PATH).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DnsServer, Forwarder } from '../src/network/dns/index.js';
import { fakeAsker, FakeDirectory } from '../src/network/dns/testing/fake-directory.js';

const seconds = Number(process.argv[2] ?? 10);
const clients = Number(process.argv[3] ?? 8);
const maxQps = Number(process.argv[4] ?? 200_000);

function runDnsperf(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('dnsperf', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`dnsperf exited ${code}: ${out}`)),
    );
  });
}

function field(out: string, label: string): string {
  return new RegExp(`${label}\\s*([0-9.]+)`).exec(out)?.[1] ?? '?';
}

async function main(): Promise<void> {
  const directory = new FakeDirectory();
  directory.records = [{ networkId: 'n1', networkName: 'bench', names: ['web'], v4: '10.9.0.2' }];
  directory.askers.set('127.0.0.1', fakeAsker('ep-bench', ['n1']));
  const forwarder = new Forwarder();
  const server = new DnsServer();
  const logger = { debug: () => undefined, warn: () => undefined };
  await server.start({
    address: '127.0.0.1',
    port: 0,
    networkId: 'n1',
    directory,
    forwarder,
    logger,
  });
  const dir = mkdtempSync(join(tmpdir(), 'dns-bench-'));
  try {
    const data = join(dir, 'queries.txt');
    writeFileSync(data, 'web A\n'.repeat(1000));
    const { port } = server.address();
    const out = await runDnsperf([
      ...['-s', '127.0.0.1', '-p', String(port), '-d', data],
      ...['-l', String(seconds), '-Q', String(maxQps), '-c', String(clients)],
    ]);
    const qps = field(out, 'Queries per second:');
    const latency = field(out, 'Average Latency \\(s\\):');
    const lost = field(out, 'Queries lost:');
    console.log(
      out
        .split('\n')
        .filter((l) => /Queries|Latency|Response codes/.test(l))
        .join('\n'),
    );
    console.log(
      `\nqueries/s: ${qps}  avg latency: ${(Number(latency) * 1000).toFixed(3)} ms  lost: ${lost}`,
    );
    console.log(`server stats: ${JSON.stringify(server.stats)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await server.stop();
    forwarder.close();
  }
}

await main();
