import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { runCli } from './run.js';
import { captureIo, FakeDaemon } from './testing/fake-daemon.js';

const ID = '4c1b2d6e8f0a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c';
const NETWORK = {
  Name: 'pouchnet',
  Id: ID,
  Scope: 'local',
  Driver: 'bridge',
  EnableIPv6: false,
  IPAM: {
    Driver: 'default',
    Options: null,
    Config: [{ Subnet: '192.168.1.0/24', Gateway: '192.168.1.1' }],
  },
  Internal: false,
  Options: {},
  Labels: { env: 'prod' },
};

let daemon: FakeDaemon;

before(async () => {
  daemon = await FakeDaemon.start();
});

after(async () => {
  await daemon.close();
});

beforeEach(() => {
  daemon.routes = {};
  daemon.requests.length = 0;
});

async function pouch(
  args: string[],
  options: { input?: string[]; env?: Record<string, string> } = {},
) {
  const io = captureIo(options);
  const code = await runCli(['-H', daemon.host, ...args], io);
  return { code, out: io.out, err: io.err };
}

describe('network create', () => {
  test('pouch network create posts Docker fields and prints <name>: <id>', async () => {
    daemon.routes['POST /v1.41/networks/create'] = () => ({
      status: 201,
      body: { Id: ID, Warning: '' },
    });
    const result = await pouch([
      'network',
      'create',
      '-d',
      'bridge',
      '--subnet',
      '192.168.1.0/24',
      '--gateway',
      '192.168.1.1',
      '-l',
      'env=prod',
      'pouchnet',
    ]);
    assert.deepEqual(result, { code: 0, out: `pouchnet: ${ID}\n`, err: '' });
    const body = daemon.requests[0]?.body as Record<string, unknown>;
    assert.equal(body['Name'], 'pouchnet');
    assert.deepEqual(body['IPAM'], {
      Driver: 'default',
      Options: {},
      Config: [{ Subnet: '192.168.1.0/24', Gateway: '192.168.1.1' }],
    });
    assert.deepEqual(body['Labels'], { env: 'prod' });
  });

  test('pouch network create prints the daemon warning on stderr', async () => {
    daemon.routes['POST /v1.41/networks/create'] = () => ({
      status: 201,
      body: { Id: ID, Warning: 'careful' },
    });
    const result = await pouch(['network', 'create', '--name', 'n']);
    assert.equal(result.out, `n: ${ID}\n`);
    assert.equal(result.err, 'WARNING: careful\n');
  });

  test('pouch network create reports the daemon message and exits 1', async () => {
    daemon.routes['POST /v1.41/networks/create'] = () => ({
      status: 409,
      body: { message: 'network pouchnet: already existed' },
    });
    const result = await pouch(['network', 'create', 'pouchnet']);
    assert.deepEqual(result, {
      code: 1,
      out: '',
      err: 'Error: network pouchnet: already existed\n',
    });
  });

  test('pouch network create validates flags before any request', async () => {
    const result = await pouch(['network', 'create', '-o', 'novalue', 'n']);
    assert.deepEqual(result, {
      code: 1,
      out: '',
      err: 'Error: invalid key-value format: "novalue"\n',
    });
    assert.equal(daemon.requests.length, 0);
  });

  test('pouch network create without a name fails', async () => {
    const result = await pouch(['network', 'create']);
    assert.deepEqual(result, { code: 1, out: '', err: 'Error: network name cannot be empty\n' });
  });
});

describe('network remove', () => {
  test('pouch network rm continues past errors and exits 1', async () => {
    daemon.routes['DELETE /v1.41/networks/a'] = () => ({ status: 204 });
    daemon.routes['DELETE /v1.41/networks/c'] = () => ({ status: 204 });
    const result = await pouch(['network', 'rm', 'a', 'b', 'c']);
    assert.equal(result.code, 1);
    assert.equal(result.out, 'Removed: a\nRemoved: c\n');
    assert.equal(result.err, 'Error: page not found\n');
  });

  test('pouch network remove exits 0 when every name is removed', async () => {
    daemon.routes['DELETE /v1.41/networks/my%20net'] = () => ({ status: 204 });
    const result = await pouch(['network', 'remove', 'my net']);
    assert.deepEqual(result, { code: 0, out: 'Removed: my net\n', err: '' });
  });
});

describe('network inspect', () => {
  test('pouch network inspect prints a 4-space JSON array', async () => {
    daemon.routes['GET /v1.41/networks/pouchnet'] = () => ({ status: 200, body: NETWORK });
    const result = await pouch(['network', 'inspect', 'pouchnet']);
    assert.equal(result.code, 0);
    assert.equal(result.out, `${JSON.stringify([NETWORK], null, 4)}\n`);
  });

  test('pouch network inspect -f applies the template per network', async () => {
    daemon.routes['GET /v1.41/networks/pouchnet'] = () => ({ status: 200, body: NETWORK });
    const result = await pouch([
      'network',
      'inspect',
      '-f',
      '{{.Name}} {{.ID}} {{range .IPAM.Config}}{{.Subnet}}{{end}}',
      'pouchnet',
      'pouchnet',
    ]);
    const line = `pouchnet ${ID} 192.168.1.0/24\n`;
    assert.deepEqual(result, { code: 0, out: line + line, err: '' });
  });

  test('pouch network inspect prints what it found and fails for the rest', async () => {
    daemon.routes['GET /v1.41/networks/pouchnet'] = () => ({ status: 200, body: NETWORK });
    daemon.routes['GET /v1.41/networks/ghost'] = () => ({
      status: 404,
      body: { message: 'network ghost: not found' },
    });
    const result = await pouch(['network', 'inspect', '-f', '{{.Name}}', 'ghost', 'pouchnet']);
    assert.deepEqual(result, {
      code: 1,
      out: 'pouchnet\n',
      err: 'Error: network ghost: not found\n',
    });
  });

  test('pouch network inspect rejects a bad template before any request', async () => {
    const result = await pouch(['network', 'inspect', '-f', '{{.Name', 'pouchnet']);
    assert.deepEqual(result, { code: 1, out: '', err: 'Error: template: :1: unclosed action\n' });
    assert.equal(daemon.requests.length, 0);
  });
});

describe('network list', () => {
  test('pouch network ls prints the table', async () => {
    daemon.routes['GET /v1.41/networks'] = () => ({ status: 200, body: [NETWORK] });
    const result = await pouch(['network', 'ls']);
    assert.equal(
      result.out,
      'NETWORK ID   NAME       DRIVER   SCOPE\n4c1b2d6e8f   pouchnet   bridge   local\n',
    );
    assert.equal(daemon.requests[0]?.url, '/v1.41/networks');
  });

  test('pouch network list sends filters as JSON and -q prints IDs', async () => {
    daemon.routes['GET /v1.41/networks'] = () => ({ status: 200, body: [NETWORK] });
    const result = await pouch(['network', 'list', '-q', '-f', 'driver=bridge']);
    assert.equal(result.out, '4c1b2d6e8f\n');
    const url = new URL(daemon.requests[0]?.url ?? '', 'http://x');
    assert.equal(url.searchParams.get('filters'), '{"driver":["bridge"]}');
  });
});

describe('network prune', () => {
  test('pouch network prune asks first and does nothing on no', async () => {
    const result = await pouch(['network', 'prune'], { input: ['n'] });
    assert.equal(result.code, 0);
    assert.match(
      result.out,
      /^WARNING! This will remove all custom networks not used by at least one container\.\nAre you sure you want to continue\? \[y\/N\] $/,
    );
    assert.equal(daemon.requests.length, 0);
  });

  test('pouch network prune deletes after yes and lists the networks', async () => {
    daemon.routes['POST /v1.41/networks/prune'] = () => ({
      status: 200,
      body: { NetworksDeleted: ['a', 'b'] },
    });
    const result = await pouch(['network', 'prune'], { input: ['y'] });
    assert.ok(result.out.endsWith('[y/N] Deleted Networks:\na\nb\n'));
  });

  test('pouch network prune -f skips the prompt', async () => {
    daemon.routes['POST /v1.41/networks/prune'] = () => ({
      status: 200,
      body: { NetworksDeleted: ['a'] },
    });
    const result = await pouch(['network', 'prune', '-f', '--filter', 'label=env=dev']);
    assert.deepEqual(result, { code: 0, out: 'Deleted Networks:\na\n', err: '' });
    const url = new URL(daemon.requests[0]?.url ?? '', 'http://x');
    assert.equal(url.searchParams.get('filters'), '{"label":["env=dev"]}');
  });
});

describe('network connect and disconnect', () => {
  test('pouch network connect posts the endpoint config', async () => {
    daemon.routes['POST /v1.41/networks/pouchnet/connect'] = () => ({ status: 200 });
    const result = await pouch([
      'network',
      'connect',
      '--ip',
      '192.168.1.5',
      '--alias',
      'web',
      'pouchnet',
      'c1',
    ]);
    assert.deepEqual(result, {
      code: 0,
      out: 'container c1 is connected to network pouchnet\n',
      err: '',
    });
    assert.deepEqual(daemon.requests[0]?.body, {
      Container: 'c1',
      EndpointConfig: {
        IPAMConfig: { IPv4Address: '192.168.1.5', IPv6Address: '', LinkLocalIPs: [] },
        Aliases: ['web'],
        Links: [],
      },
    });
  });

  test('pouch network disconnect -f posts Force', async () => {
    daemon.routes['POST /v1.41/networks/pouchnet/disconnect'] = () => ({ status: 200 });
    const result = await pouch(['network', 'disconnect', '-f', 'pouchnet', 'c1']);
    assert.deepEqual(result, {
      code: 0,
      out: 'container c1 is disconnected from network pouchnet\n',
      err: '',
    });
    assert.deepEqual(daemon.requests[0]?.body, { Container: 'c1', Force: true });
  });
});

describe('errors and exit codes', () => {
  test('a 500 with a message prints Error: <message> and exits 1', async () => {
    daemon.routes['GET /v1.41/networks'] = () => ({
      status: 500,
      body: { message: 'store is broken' },
    });
    assert.deepEqual(await pouch(['network', 'ls']), {
      code: 1,
      out: '',
      err: 'Error: store is broken\n',
    });
  });

  test('an error without a JSON body prints the raw text', async () => {
    daemon.routes['GET /v1.41/networks'] = () => ({ status: 502, body: 'bad gateway' });
    assert.equal((await pouch(['network', 'ls'])).err, 'Error: bad gateway\n');
  });

  test('a missing socket says the daemon is not running', async () => {
    const io = captureIo();
    const host = `unix://${daemon.socketPath}.missing`;
    const code = await runCli(['-H', host, 'network', 'ls'], io);
    assert.equal(code, 1);
    assert.equal(
      io.err,
      `Error: Cannot connect to the pouch daemon at ${host}: is pouchd running?\n`,
    );
  });

  test('POUCH_HOST is used when -H is absent', async () => {
    daemon.routes['GET /v1.41/networks'] = () => ({ status: 200, body: [] });
    const io = captureIo({ env: { POUCH_HOST: daemon.host } });
    assert.equal(await runCli(['network', 'ls', '-q'], io), 0);
    assert.equal(daemon.requests.length, 1);
  });

  test('an unknown network subcommand prints the pouch message and exits 1', async () => {
    const result = await pouch(['network', 'bogus']);
    assert.deepEqual(result, {
      code: 1,
      out: '',
      err: "Error: command 'pouch network bogus' does not exist.\nPlease execute 'pouch network --help' for help.\n",
    });
  });

  test('pouch network alone prints its help and exits 0', async () => {
    const result = await pouch(['network']);
    assert.equal(result.code, 0);
    assert.match(result.out, /Usage: pouch network/);
    assert.match(result.out, /create \[options\] \[name\]/);
  });

  test('--help exits 0 and an unknown option exits 1', async () => {
    assert.equal((await pouch(['network', 'create', '--help'])).code, 0);
    const bad = await pouch(['network', 'ls', '--bogus']);
    assert.deepEqual(bad, { code: 1, out: '', err: "Error: unknown option '--bogus'\n" });
  });

  test('-v prints the client version', async () => {
    const result = await pouch(['-v']);
    assert.equal(result.code, 0);
    assert.match(result.out, /^pouch version \S+\n$/);
  });

  test('--debug logs each request on stderr', async () => {
    daemon.routes['GET /v1.41/networks'] = () => ({ status: 200, body: [] });
    const result = await pouch(['--debug', 'network', 'ls']);
    assert.match(result.err, /^DEBUG: GET \/v1\.41\/networks\nDEBUG: -> 200 2 bytes\n$/);
  });
});

describe('version and info', () => {
  test('pouch version prints client and server sections', async () => {
    daemon.routes['GET /v1.41/version'] = () => ({
      status: 200,
      body: {
        Version: '0.1.0',
        ApiVersion: '1.41',
        MinAPIVersion: '1.24',
        GitCommit: 'abc',
        GoVersion: 'node',
        Os: 'linux',
        Arch: 'amd64',
        KernelVersion: '6.1',
        BuildTime: '',
        Platform: { Name: 'pouch' },
        Components: [],
      },
    });
    const result = await pouch(['version']);
    assert.equal(result.code, 0);
    assert.match(result.out, /^Client:\n Version: +\S+\n/);
    assert.match(
      result.out,
      /\nServer: pouch\n Engine:\n {2}Version: +0\.1\.0\n {2}API version: +1\.41 \(minimum version 1\.24\)\n/,
    );
  });

  test('pouch version prints the client section even when the daemon is down', async () => {
    const io = captureIo();
    const code = await runCli(['-H', `unix://${daemon.socketPath}.gone`, 'version'], io);
    assert.equal(code, 1);
    assert.match(io.out, /^Client:\n/);
    assert.match(io.err, /is pouchd running\?/);
  });

  test('pouch info prints key: value lines and warnings on stderr', async () => {
    daemon.routes['GET /v1.41/info'] = () => ({
      status: 200,
      body: {
        Containers: 2,
        ContainersRunning: 1,
        ContainersPaused: 0,
        ContainersStopped: 1,
        Name: 'host1',
        MemTotal: 2087354368,
        Warnings: ['no swap'],
      },
    });
    const result = await pouch(['info']);
    assert.equal(
      result.out,
      'Containers: 2\n Running: 1\n Paused: 0\n Stopped: 1\nName: host1\nTotal Memory: 1.944GiB\n',
    );
    assert.equal(result.err, 'WARNING: no swap\n');
  });
});
