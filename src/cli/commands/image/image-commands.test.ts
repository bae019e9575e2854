import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { useFakeDaemon } from '../../testing/cli-harness.js';

const harness = useFakeDaemon();
const pouch = harness.pouch.bind(harness);
const IMAGE_ID = 'sha256:beae173ccac6ad749f76713cf4440fe3d21d1043fe616dfbe30775815d1d0f6a';
let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pouch-cli-image-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const LOAD_ANSWER =
  '{"status":"Loading layer","progressDetail":{"current":512,"total":1024},"progress":"[=====>     ]","id":"abc"}\n' +
  '{"stream":"Loaded image: busybox:latest\\n"}\n';

describe('load', () => {
  test('pouch load -i streams the file as application/x-tar and prints the result', async () => {
    const file = join(dir, 'busybox.tar');
    const tar = Buffer.alloc(200_000, 7);
    await writeFile(file, tar);
    harness.daemon.routes['POST /v1.41/images/load'] = () => ({ status: 200, body: LOAD_ANSWER });
    const result = await pouch(['load', '-i', file]);
    assert.deepEqual(
      [result.code, result.out, result.err],
      [0, 'Loaded image: busybox:latest\n', ''],
    );
    const request = harness.daemon.requests[0];
    assert.equal(request?.url, '/v1.41/images/load?quiet=1');
    assert.equal(request?.headers['content-type'], 'application/x-tar');
    assert.deepEqual(request?.raw, tar);
  });

  test('pouch load reads stdin and shows progress on a terminal', async () => {
    harness.daemon.routes['POST /v1.41/images/load'] = () => ({ status: 200, body: LOAD_ANSWER });
    const result = await pouch(['load'], { stdin: 'tarbytes', stdoutIsTty: true });
    assert.equal(
      result.out,
      '\r\x1b[2Kabc: Loading layer [=====>     ]\nLoaded image: busybox:latest\n',
    );
    assert.equal(harness.daemon.requests[0]?.url, '/v1.41/images/load?quiet=0');
    assert.equal(harness.daemon.requests[0]?.raw.toString(), 'tarbytes');
  });

  test('pouch load reports an error message of the stream', async () => {
    harness.daemon.routes['POST /v1.41/images/load'] = () => ({
      status: 200,
      body: '{"errorDetail":{"message":"invalid tar header"},"error":"invalid tar header"}\n',
    });
    const result = await pouch(['image', 'load'], { stdin: 'x' });
    assert.deepEqual([result.code, result.err], [1, 'Error: invalid tar header\n']);
  });

  test('pouch load fails clearly for a missing file and a terminal stdin', async () => {
    assert.match(
      (await pouch(['load', '-i', join(dir, 'nope.tar')])).err,
      /^Error: Cannot open ".*nope\.tar"/,
    );
    assert.equal(
      (await pouch(['load'], { stdinIsTty: true })).err,
      'Error: requested load from stdin, but stdin is empty\n',
    );
    assert.equal(harness.daemon.requests.length, 0);
  });
});

describe('import', () => {
  test('pouch import - REPO:TAG posts fromSrc=- with the changes', async () => {
    harness.daemon.routes['POST /v1.41/images/create'] = () => ({
      status: 200,
      body: `{"status":"${IMAGE_ID}"}\n`,
    });
    const result = await pouch(
      ['import', '-c', 'ENV A=1', '-c', 'CMD ["sh"]', '-m', 'hi', '-', 'myapp:v1'],
      {
        stdin: 'rootfs',
      },
    );
    assert.deepEqual([result.code, result.out], [0, `${IMAGE_ID}\n`]);
    const url = new URL(harness.daemon.requests[0]?.url ?? '', 'http://x');
    assert.equal(url.searchParams.get('fromSrc'), '-');
    assert.equal(url.searchParams.get('repo'), 'myapp');
    assert.equal(url.searchParams.get('tag'), 'v1');
    assert.equal(url.searchParams.get('message'), 'hi');
    assert.deepEqual(url.searchParams.getAll('changes'), ['ENV A=1', 'CMD ["sh"]']);
    assert.equal(harness.daemon.requests[0]?.raw.toString(), 'rootfs');
  });

  test('pouch import rejects an upper-case repository', async () => {
    const result = await pouch(['import', '-', 'MyApp']);
    assert.equal(
      result.err,
      'Error: invalid reference format: repository name must be lowercase\n',
    );
  });
});

describe('images, rmi, tag, image inspect', () => {
  test('pouch images prints one row per tag with docker sizes', async () => {
    const created = Math.floor(Date.now() / 1000) - 3 * 24 * 3600;
    harness.daemon.routes['GET /v1.41/images/json'] = () => ({
      status: 200,
      body: [
        {
          Id: IMAGE_ID,
          RepoTags: ['busybox:latest', 'localhost:5000/busybox:1'],
          RepoDigests: [],
          Created: created,
          Size: 4_261_574,
        },
        {
          Id: 'sha256:0123456789abcdef',
          RepoTags: null,
          RepoDigests: null,
          Created: created,
          Size: 512,
        },
      ],
    });
    const result = await pouch(['images']);
    assert.equal(
      result.out,
      'REPOSITORY               TAG      IMAGE ID       CREATED      SIZE\n' +
        'busybox                  latest   beae173ccac6   3 days ago   4.26MB\n' +
        'localhost:5000/busybox   1        beae173ccac6   3 days ago   4.26MB\n' +
        '<none>                   <none>   0123456789ab   3 days ago   512B\n',
    );
    const quiet = await pouch(['image', 'ls', '-q', '-a']);
    assert.equal(quiet.out, 'beae173ccac6\n0123456789ab\n');
    assert.equal(harness.daemon.requests.at(-1)?.url, '/v1.41/images/json?all=1');
  });

  test('pouch rmi prints Untagged and Deleted lines and continues past errors', async () => {
    harness.daemon.routes['DELETE /v1.41/images/busybox'] = () => ({
      status: 200,
      body: [{ Untagged: 'busybox:latest' }, { Deleted: IMAGE_ID }],
    });
    const result = await pouch(['rmi', '-f', 'ghost', 'busybox']);
    assert.deepEqual(
      [result.code, result.out, result.err],
      [1, `Untagged: busybox:latest\nDeleted: ${IMAGE_ID}\n`, 'Error: page not found\n'],
    );
    assert.equal(harness.daemon.requests[1]?.url, '/v1.41/images/busybox?force=1');
  });

  test('pouch tag posts repo and tag', async () => {
    harness.daemon.routes['POST /v1.41/images/busybox/tag'] = () => ({ status: 201 });
    const result = await pouch(['tag', 'busybox', 'localhost:5000/box:v2']);
    assert.deepEqual([result.code, result.out], [0, '']);
    assert.equal(
      harness.daemon.requests[0]?.url,
      '/v1.41/images/busybox/tag?repo=localhost%3A5000%2Fbox&tag=v2',
    );
  });

  test('pouch image inspect -f applies the template', async () => {
    harness.daemon.routes['GET /v1.41/images/busybox/json'] = () => ({
      status: 200,
      body: { Id: IMAGE_ID, Os: 'linux' },
    });
    const result = await pouch(['image', 'inspect', '-f', '{{.Os}}', 'busybox']);
    assert.deepEqual([result.code, result.out], [0, 'linux\n']);
  });
});
