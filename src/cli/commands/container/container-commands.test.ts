import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeFrame, StreamType } from '../../streams/stdcopy.js';
import { useFakeDaemon } from '../../testing/cli-harness.js';

const ID = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2';
const harness = useFakeDaemon();
const pouch = harness.pouch.bind(harness);

function urls(): string[] {
  return harness.daemon.requests.map((r) => `${r.method} ${r.url}`);
}

/** Routes of a container that prints to both streams and exits with `code` once started. */
function containerThatRuns(code: number, options: { tty?: boolean; echoStdin?: boolean } = {}) {
  const daemon = harness.daemon;
  let started = (): void => {};
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  daemon.routes['POST /v1.41/containers/create'] = () => ({
    status: 201,
    body: { Id: ID, Warnings: [] },
  });
  daemon.upgrades[`POST /v1.41/containers/${ID}/attach`] = (_req, socket) => {
    const stdin: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => stdin.push(chunk));
    const finish = async (): Promise<void> => {
      await startedPromise;
      if (options.tty) socket.write(Buffer.from('raw\r\n\x1b[0m'));
      else
        socket.write(
          Buffer.concat([
            encodeFrame(StreamType.stdout, 'out\n'),
            encodeFrame(StreamType.stderr, 'err\n'),
          ]),
        );
      if (options.echoStdin) socket.write(encodeFrame(StreamType.stdout, Buffer.concat(stdin)));
      socket.end();
    };
    if (options.echoStdin) socket.on('end', () => void finish());
    else void finish();
  };
  daemon.routes[`POST /v1.41/containers/${ID}/wait`] = async () => {
    await startedPromise;
    return { status: 200, body: { StatusCode: code } };
  };
  daemon.routes[`POST /v1.41/containers/${ID}/start`] = () => {
    started();
    return { status: 204 };
  };
  daemon.routes[`POST /v1.41/containers/${ID}/resize`] = () => ({ status: 200 });
  daemon.routes[`DELETE /v1.41/containers/${ID}`] = () => ({
    status: 404,
    body: { message: 'gone' },
  });
}

describe('run', () => {
  test('pouch run attaches before start, demultiplexes and exits with the container code', async () => {
    containerThatRuns(3);
    const result = await pouch(['run', '--name', 'web', 'busybox', 'ls', '-l']);
    assert.deepEqual([result.code, result.out, result.err], [3, 'out\n', 'err\n']);
    assert.deepEqual(urls(), [
      'POST /v1.41/containers/create?name=web',
      `POST /v1.41/containers/${ID}/attach?stream=1&stdout=1&stderr=1`,
      `POST /v1.41/containers/${ID}/wait?condition=next-exit`,
      `POST /v1.41/containers/${ID}/start`,
    ]);
    const body = harness.daemon.requests[0]?.body as Record<string, unknown>;
    assert.deepEqual(body['Cmd'], ['ls', '-l']);
    assert.equal(body['Image'], 'busybox');
  });

  test('pouch run -d starts and prints the ID without attaching', async () => {
    containerThatRuns(0);
    const result = await pouch(['run', '-d', '-p', '8080:80', 'busybox']);
    assert.deepEqual([result.code, result.out], [0, `${ID}\n`]);
    assert.deepEqual(urls(), [
      'POST /v1.41/containers/create',
      `POST /v1.41/containers/${ID}/start`,
    ]);
    const host = (harness.daemon.requests[0]?.body as { HostConfig: Record<string, unknown> })
      .HostConfig;
    assert.deepEqual(host['PortBindings'], { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
  });

  test('pouch run --rm sends AutoRemove and removes the container, ignoring 404', async () => {
    containerThatRuns(0);
    const result = await pouch(['run', '--rm', 'busybox']);
    assert.equal(result.code, 0);
    assert.equal(urls().at(-1), `DELETE /v1.41/containers/${ID}?force=1`);
    const host = (harness.daemon.requests[0]?.body as { HostConfig: Record<string, unknown> })
      .HostConfig;
    assert.equal(host['AutoRemove'], true);
  });

  test('pouch run -i pipes stdin and half-closes it at EOF', async () => {
    containerThatRuns(0, { echoStdin: true });
    const result = await pouch(['run', '-i', 'busybox', 'cat'], { stdin: 'hello stdin' });
    assert.deepEqual([result.code, result.out], [0, 'out\nhello stdin']);
    assert.match(urls()[1] ?? '', /attach\?stream=1&stdin=1&stdout=1&stderr=1$/);
  });

  test('pouch run -it uses raw mode, copies TTY bytes raw and sends the size', async () => {
    containerThatRuns(0, { tty: true });
    const result = await pouch(['run', '-it', 'busybox', 'sh'], {
      stdinIsTty: true,
      size: { rows: 40, columns: 120 },
    });
    assert.equal(result.code, 0);
    assert.deepEqual(result.io.outBytes, Buffer.from('raw\r\n\x1b[0m'));
    assert.deepEqual(result.io.terminal.rawModeCalls, [true, false]);
    assert.ok(urls().includes(`POST /v1.41/containers/${ID}/resize?h=40&w=120`));
  });

  test('pouch run -it without a TTY stdin fails with 125 before creating anything', async () => {
    const result = await pouch(['run', '-it', 'busybox']);
    assert.deepEqual(result, {
      code: 125,
      out: '',
      err: 'Error: the input device is not a TTY\n',
      io: result.io,
    });
    assert.equal(harness.daemon.requests.length, 0);
  });

  test('pouch run with a bad port exits 125 and sends nothing', async () => {
    const result = await pouch(['run', '-p', 'x', 'busybox']);
    assert.equal(result.code, 125);
    assert.equal(result.err, 'Error: invalid port specification: "x"\n');
    assert.equal(harness.daemon.requests.length, 0);
  });

  test('pouch run stops option parsing at the image', async () => {
    containerThatRuns(0);
    const result = await pouch(['run', '-d', 'busybox', 'ls', '-l', '-v', '--debug', '-H', 'x']);
    assert.equal(result.code, 0);
    const body = harness.daemon.requests[0]?.body as Record<string, unknown>;
    assert.deepEqual(body['Cmd'], ['ls', '-l', '-v', '--debug', '-H', 'x']);
  });

  test('global flags are still accepted after the command name', async () => {
    harness.daemon.routes['GET /v1.41/containers/json'] = () => ({ status: 200, body: [] });
    const result = await pouch(['ps', '-q', '--debug']);
    assert.match(result.err, /^DEBUG: GET \/v1\.41\/containers\/json\n/);
  });

  test('pouch run connects the extra networks after create', async () => {
    containerThatRuns(0);
    harness.daemon.routes['POST /v1.41/networks/second/connect'] = () => ({ status: 200 });
    const result = await pouch(['run', '-d', '--net', 'first', '--network', 'second', 'busybox']);
    assert.equal(result.code, 0);
    assert.deepEqual(harness.daemon.requests[1]?.body, {
      Container: ID,
      EndpointConfig: { IPAMConfig: { IPv4Address: '' } },
    });
    const body = harness.daemon.requests[0]?.body as { HostConfig: { NetworkMode: string } };
    assert.equal(body.HostConfig.NetworkMode, 'first');
  });
});

describe('create and start', () => {
  test('pouch create prints the ID and the warnings', async () => {
    harness.daemon.routes['POST /v1.41/containers/create'] = () => ({
      status: 201,
      body: { Id: ID, Warnings: ['low memory'] },
    });
    const result = await pouch(['create', '-h', 'box', '-e', 'A=1', 'busybox', 'echo', '-n', 'x']);
    assert.deepEqual(
      [result.code, result.out, result.err],
      [0, `${ID}\n`, 'WARNING: low memory\n'],
    );
    const body = harness.daemon.requests[0]?.body as Record<string, unknown>;
    assert.deepEqual(
      [body['Hostname'], body['Env'], body['Cmd']],
      ['box', ['A=1'], ['echo', '-n', 'x']],
    );
  });

  test('pouch create --help still prints help', async () => {
    const result = await pouch(['create', '--help']);
    assert.equal(result.code, 0);
    assert.match(result.out, /-h, --hostname <name>/);
  });

  test('pouch start prints each name and fails for the missing ones', async () => {
    harness.daemon.routes['POST /v1.41/containers/a/start'] = () => ({ status: 204 });
    const result = await pouch(['start', 'a', 'ghost']);
    assert.deepEqual([result.code, result.out, result.err], [1, 'a\n', 'Error: page not found\n']);
  });

  test('pouch start -a attaches and exits with the container code', async () => {
    containerThatRuns(7);
    harness.daemon.routes['GET /v1.41/containers/web/json'] = () => ({
      status: 200,
      body: { Id: ID, Config: { Tty: false, OpenStdin: false } },
    });
    const result = await pouch(['start', '-a', 'web']);
    assert.deepEqual([result.code, result.out, result.err], [7, 'out\n', 'err\n']);
  });
});

describe('stop, kill, restart, rm, wait', () => {
  test('pouch stop -t and restart send t and print the names', async () => {
    harness.daemon.routes['POST /v1.41/containers/a/stop'] = () => ({ status: 204 });
    harness.daemon.routes['POST /v1.41/containers/a/restart'] = () => ({ status: 204 });
    assert.equal((await pouch(['stop', '-t', '3', 'a'])).out, 'a\n');
    assert.equal((await pouch(['restart', 'a'])).out, 'a\n');
    assert.deepEqual(urls(), [
      'POST /v1.41/containers/a/stop?t=3',
      'POST /v1.41/containers/a/restart',
    ]);
  });

  test('pouch kill -s sends the signal', async () => {
    harness.daemon.routes['POST /v1.41/containers/a/kill'] = () => ({ status: 204 });
    assert.equal((await pouch(['kill', '-s', 'HUP', 'a'])).out, 'a\n');
    assert.deepEqual(urls(), ['POST /v1.41/containers/a/kill?signal=HUP']);
  });

  test('pouch rm -f removes each container and reports failures', async () => {
    harness.daemon.routes['DELETE /v1.41/containers/a'] = () => ({ status: 204 });
    harness.daemon.routes['DELETE /v1.41/containers/b'] = () => ({
      status: 409,
      body: { message: 'You cannot remove a running container b' },
    });
    const result = await pouch(['rm', '-f', 'a', 'b']);
    assert.deepEqual(
      [result.code, result.out, result.err],
      [1, 'a\n', 'Error: You cannot remove a running container b\n'],
    );
    assert.equal(urls()[0], 'DELETE /v1.41/containers/a?force=1');
  });

  test('pouch wait prints each exit code', async () => {
    harness.daemon.routes['POST /v1.41/containers/a/wait'] = () => ({
      status: 200,
      body: { StatusCode: 0 },
    });
    harness.daemon.routes['POST /v1.41/containers/b/wait'] = () => ({
      status: 200,
      body: { StatusCode: 137 },
    });
    assert.deepEqual((await pouch(['wait', 'a', 'b'])).out, '0\n137\n');
  });
});

describe('ps, inspect, port', () => {
  test('pouch ps -a prints the docker table', async () => {
    const created = Math.floor(Date.now() / 1000) - 125;
    harness.daemon.routes['GET /v1.41/containers/json'] = () => ({
      status: 200,
      body: [
        {
          Id: ID,
          Names: ['/web'],
          Image: 'busybox',
          Command: 'sh -c while true; do sleep 1; done',
          Created: created,
          Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }],
          State: 'running',
          Status: 'Up 2 minutes',
        },
      ],
    });
    const result = await pouch(['ps', '-a']);
    assert.equal(harness.daemon.requests[0]?.url, '/v1.41/containers/json?all=1');
    assert.equal(
      result.out,
      'CONTAINER ID   IMAGE     COMMAND                  CREATED         STATUS         PORTS                  NAMES\n' +
        'a1b2c3d4e5f6   busybox   "sh -c while true; d…"   2 minutes ago   Up 2 minutes   0.0.0.0:8080->80/tcp   web\n',
    );
  });

  test('pouch ps -q prints short IDs and sends filters', async () => {
    harness.daemon.routes['GET /v1.41/containers/json'] = () => ({
      status: 200,
      body: [{ Id: ID }],
    });
    const result = await pouch(['ps', '-q', '--filter', 'status=exited']);
    assert.equal(result.out, 'a1b2c3d4e5f6\n');
    const url = new URL(harness.daemon.requests[0]?.url ?? '', 'http://x');
    assert.equal(url.searchParams.get('filters'), '{"status":["exited"]}');
  });

  test('pouch inspect falls back to images and networks', async () => {
    harness.daemon.routes['GET /v1.41/containers/busybox/json'] = () => ({
      status: 404,
      body: { message: 'no' },
    });
    harness.daemon.routes['GET /v1.41/images/busybox/json'] = () => ({
      status: 200,
      body: { Id: 'sha256:1' },
    });
    harness.daemon.routes['GET /v1.41/containers/web/json'] = () => ({
      status: 200,
      body: { Id: ID, Name: '/web' },
    });
    const result = await pouch(['inspect', '-f', '{{.Id}}', 'web', 'busybox', 'ghost']);
    assert.deepEqual(
      [result.code, result.out, result.err],
      [1, `${ID}\nsha256:1\n`, 'Error: No such object: ghost\n'],
    );
  });

  test('pouch inspect --type container prints a 4-space JSON array', async () => {
    harness.daemon.routes['GET /v1.41/containers/web/json'] = () => ({
      status: 200,
      body: { Id: ID },
    });
    const result = await pouch(['inspect', '--type', 'container', 'web']);
    assert.equal(result.out, `${JSON.stringify([{ Id: ID }], null, 4)}\n`);
    assert.equal(
      (await pouch(['inspect', '--type', 'volume', 'x'])).err,
      'Error: "volume" is not a valid value for --type\n',
    );
  });

  test('pouch port lists the mappings and errors for an unpublished port', async () => {
    harness.daemon.routes['GET /v1.41/containers/web/json'] = () => ({
      status: 200,
      body: {
        Id: ID,
        NetworkSettings: {
          Ports: {
            '80/tcp': [
              { HostIp: '0.0.0.0', HostPort: '8080' },
              { HostIp: '::', HostPort: '8080' },
            ],
            '443/tcp': null,
          },
        },
      },
    });
    assert.equal(
      (await pouch(['port', 'web'])).out,
      '80/tcp -> 0.0.0.0:8080\n80/tcp -> [::]:8080\n',
    );
    assert.equal((await pouch(['port', 'web', '80'])).out, '0.0.0.0:8080\n[::]:8080\n');
    const missing = await pouch(['port', 'web', '443/tcp']);
    assert.deepEqual(
      [missing.code, missing.err],
      [1, "Error: No public port '443/tcp' published for web\n"],
    );
  });
});

describe('logs and exec', () => {
  test('pouch logs demultiplexes a non-TTY log and passes the flags', async () => {
    harness.daemon.routes['GET /v1.41/containers/web/json'] = () => ({
      status: 200,
      body: { Id: ID, Config: { Tty: false } },
    });
    harness.daemon.routes['GET /v1.41/containers/web/logs'] = () => ({
      status: 200,
      contentType: 'application/vnd.docker.raw-stream',
      body: [
        encodeFrame(StreamType.stdout, 'line 1\n').subarray(0, 5),
        Buffer.concat([
          encodeFrame(StreamType.stdout, 'line 1\n').subarray(5),
          encodeFrame(StreamType.stderr, 'warn\n'),
        ]),
      ],
    });
    const result = await pouch([
      'logs',
      '-f',
      '--tail',
      '10',
      '-t',
      '--since',
      '1700000000',
      'web',
    ]);
    assert.deepEqual([result.code, result.out, result.err], [0, 'line 1\n', 'warn\n']);
    assert.equal(
      harness.daemon.requests[1]?.url,
      '/v1.41/containers/web/logs?stdout=1&stderr=1&follow=1&tail=10&timestamps=1&since=1700000000',
    );
  });

  test('pouch logs copies a TTY log raw', async () => {
    harness.daemon.routes['GET /v1.41/containers/web/json'] = () => ({
      status: 200,
      body: { Id: ID, Config: { Tty: true } },
    });
    harness.daemon.routes['GET /v1.41/containers/web/logs'] = () => ({
      status: 200,
      body: Buffer.from([1, 0, 0, 0, 9]),
    });
    const result = await pouch(['logs', 'web']);
    assert.deepEqual(result.io.outBytes, Buffer.from([1, 0, 0, 0, 9]));
  });

  test('pouch exec runs the command attached and exits with its code', async () => {
    harness.daemon.routes['POST /v1.41/containers/web/exec'] = () => ({
      status: 201,
      body: { Id: 'e1' },
    });
    harness.daemon.upgrades['POST /v1.41/exec/e1/start'] = (_req, socket) => {
      socket.end(
        Buffer.concat([
          encodeFrame(StreamType.stdout, 'hi\n'),
          encodeFrame(StreamType.stderr, 'no\n'),
        ]),
      );
    };
    harness.daemon.routes['GET /v1.41/exec/e1/json'] = () => ({
      status: 200,
      body: { ExitCode: 2 },
    });
    const result = await pouch(['exec', '-e', 'A=1', '-w', '/tmp', 'web', 'sh', '-c', 'exit 2']);
    assert.deepEqual([result.code, result.out, result.err], [2, 'hi\n', 'no\n']);
    assert.deepEqual(harness.daemon.requests[0]?.body, {
      AttachStdin: false,
      AttachStdout: true,
      AttachStderr: true,
      Tty: false,
      Env: ['A=1'],
      Cmd: ['sh', '-c', 'exit 2'],
      Privileged: false,
      User: '',
      WorkingDir: '/tmp',
    });
    assert.deepEqual(harness.daemon.requests[1]?.body, { Detach: false, Tty: false });
  });

  test('pouch exec -d starts detached without streams', async () => {
    harness.daemon.routes['POST /v1.41/containers/web/exec'] = () => ({
      status: 201,
      body: { Id: 'e2' },
    });
    harness.daemon.routes['POST /v1.41/exec/e2/start'] = () => ({ status: 200 });
    const result = await pouch(['exec', '-d', 'web', 'sleep', '10']);
    assert.equal(result.code, 0);
    assert.deepEqual(harness.daemon.requests[1]?.body, { Detach: true, Tty: false });
  });
});
