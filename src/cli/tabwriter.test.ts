import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTable } from './tabwriter.js';

test('formatTable() pads every column but the last to the widest cell plus padding', () => {
  const out = formatTable([
    ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE'],
    ['0123456789', 'bridge', 'bridge', 'local'],
    ['abcdef0123', 'a-much-longer-name', 'host', 'local'],
  ]);
  assert.equal(
    out,
    'NETWORK ID   NAME                 DRIVER   SCOPE\n' +
      '0123456789   bridge               bridge   local\n' +
      'abcdef0123   a-much-longer-name   host     local\n',
  );
});

test('formatTable() leaves the last cell unpadded', () => {
  assert.equal(
    formatTable(
      [
        ['a', 'b'],
        ['ccc', 'd'],
      ],
      { padding: 1 },
    ),
    'a   b\nccc d\n',
  );
});

test('formatTable() sizes columns per block of consecutive rows, like Go', () => {
  // The one-cell row breaks the column block: rows after it are aligned on their own.
  const out = formatTable([['a', 'x'], ['long-cell', 'y'], ['break'], ['b', 'z']], { padding: 1 });
  assert.equal(out, 'a         x\nlong-cell y\nbreak\nb z\n');
});

test('formatTable() honours minWidth', () => {
  assert.equal(formatTable([['k:', 'v']], { minWidth: 6, padding: 1 }), 'k:    v\n');
});

test('formatTable() counts code points, not UTF-16 units', () => {
  assert.equal(
    formatTable(
      [
        ['é', '1'],
        ['ab', '2'],
      ],
      { padding: 1 },
    ),
    'é  1\nab 2\n',
  );
});

test('formatTable() returns an empty string for no rows', () => {
  assert.equal(formatTable([]), '');
});
