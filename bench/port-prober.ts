/**
 * The port prober P5 runs inside an engine's host namespace:
 *
 *   nsenter --net=<netns> node dist/bench/port-prober.js <host> <first-port> <count> <concurrency>
 *
 * It sweeps the ports first…first+count-1 back to back until its stdin closes. A probe connects,
 * sends an HTTP request and waits for the first byte of the answer: a published port reaches a
 * container's busybox httpd only through the engine's DNAT (nothing listens on those ports in the
 * host namespace), so a byte back proves that port forwards. A sweep ends when every port has
 * answered once in it; a failed port is retried after RETRY_MS, and given up after GIVE_UP_MS.
 *
 * Output, one JSON object per line (the reader timestamps them on arrival):
 *   {"ev":"sweep-start","sweep":i} / {"ev":"sweep-end","sweep":i,"ms":…,"failures":…,"gaveUp":…}
 *   {"ev":"fail","port":p,"code":"ECONNREFUSED","age":ms since that probe began}
 *   {"ev":"mark","label":…,"ok":…,"fail":…}   (answer to a `mark <label>` line on stdin: totals)
 */
import { connect } from 'node:net';
import { createInterface } from 'node:readline';

const RETRY_MS = 20;
const TIMEOUT_MS = 1000;
const GIVE_UP_MS = 30_000;

const [host = '127.0.0.1', firstText = '0', countText = '0', concText = '32'] =
  process.argv.slice(2);
const first = Number(firstText);
const count = Number(countText);
const concurrency = Number(concText);
let okTotal = 0;
let failTotal = 0;
let stopping = false;

const emit = (o: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** undefined when a byte came back, else why not. */
function probe(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    let done = false;
    const finish = (why?: string): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve(why);
    };
    const timer = setTimeout(() => finish('ETIMEDOUT'), TIMEOUT_MS);
    s.once('connect', () => s.write('GET / HTTP/1.0\r\n\r\n'));
    s.once('data', () => finish());
    s.once('error', (err: NodeJS.ErrnoException) => finish(err.code ?? err.message));
    s.once('close', () => finish('closed without an answer'));
  });
}

interface Pending {
  port: number;
  notBefore: number;
  firstFailure?: number;
}

async function sweep(i: number): Promise<void> {
  emit({ ev: 'sweep-start', sweep: i });
  const t0 = performance.now();
  const queue: Pending[] = Array.from({ length: count }, (_, k) => ({
    port: first + k,
    notBefore: 0,
  }));
  let failures = 0;
  let gaveUp = 0;
  const worker = async (): Promise<void> => {
    for (let p = queue.shift(); p !== undefined && !stopping; p = queue.shift()) {
      const wait = p.notBefore - performance.now();
      if (wait > 0) await sleep(wait);
      const began = performance.now();
      const why = await probe(p.port);
      if (why === undefined) {
        okTotal += 1;
        continue;
      }
      failTotal += 1;
      failures += 1;
      emit({ ev: 'fail', port: p.port, code: why, age: performance.now() - began });
      p.firstFailure ??= began;
      if (performance.now() - p.firstFailure > GIVE_UP_MS) gaveUp += 1;
      else queue.push({ ...p, notBefore: performance.now() + RETRY_MS });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  emit({ ev: 'sweep-end', sweep: i, ms: performance.now() - t0, failures, gaveUp });
}

createInterface({ input: process.stdin })
  .on('line', (line) => {
    const m = /^mark (.*)$/.exec(line);
    if (m !== null) emit({ ev: 'mark', label: m[1], ok: okTotal, fail: failTotal });
  })
  .on('close', () => {
    stopping = true;
  });

async function main(): Promise<void> {
  for (let i = 0; !stopping; i += 1) await sweep(i);
  process.exit(0);
}

void main();
