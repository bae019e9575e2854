import assert from 'node:assert/strict';
import { test } from 'node:test';
import { humanDuration, humanSize, timeAgo } from '../../human-units.js';
import { parseTagTarget, splitRepoTag } from './image-ref.js';
import { JsonMessageRenderer } from './json-messages.js';
import { renderImageDelete } from './manage.js';

test('humanDuration() follows docker wording', () => {
  const s = 1000;
  const cases: [number, string][] = [
    [500, 'Less than a second'],
    [s, '1 second'],
    [42 * s, '42 seconds'],
    [61 * s, 'About a minute'],
    [5 * 60 * s, '5 minutes'],
    [3600 * s, 'About an hour'],
    [5 * 3600 * s, '5 hours'],
    [3 * 86400 * s, '3 days'],
    [20 * 86400 * s, '2 weeks'],
    [90 * 86400 * s, '3 months'],
    [800 * 86400 * s, '2 years'],
  ];
  for (const [ms, text] of cases) assert.equal(humanDuration(ms), text);
  assert.equal(timeAgo(100, 105_000), '5 seconds ago');
});

test('humanSize() uses decimal units and three significant digits', () => {
  assert.equal(humanSize(512), '512B');
  assert.equal(humanSize(4_261_574), '4.26MB');
  assert.equal(humanSize(1_234_567_890), '1.23GB');
  assert.equal(humanSize(128_000_000), '128MB');
});

test('splitRepoTag() finds the tag after the last slash only', () => {
  assert.deepEqual(splitRepoTag('busybox'), ['busybox', undefined]);
  assert.deepEqual(splitRepoTag('busybox:1.36'), ['busybox', '1.36']);
  assert.deepEqual(splitRepoTag('localhost:5000/app'), ['localhost:5000/app', undefined]);
  assert.deepEqual(splitRepoTag('localhost:5000/app:v1'), ['localhost:5000/app', 'v1']);
  assert.throws(() => parseTagTarget('app:'), /invalid reference format/);
});

test('JsonMessageRenderer drops progress off a terminal and prints status lines', () => {
  let out = '';
  const renderer = new JsonMessageRenderer((t) => void (out += t), false);
  renderer.render({ status: 'Loading layer', progress: '[=>  ]', id: 'x' });
  renderer.render({ status: 'Done', id: 'x' });
  renderer.render({ stream: 'Loaded image: a:b\n' });
  assert.equal(out, 'x: Done\nLoaded image: a:b\n');
});

test('renderImageDelete() prints one line per item', () => {
  assert.equal(
    renderImageDelete([{ Untagged: 'a:b' }, { Deleted: 'sha256:1' }]),
    'Untagged: a:b\nDeleted: sha256:1\n',
  );
  assert.equal(renderImageDelete(null), '');
});
