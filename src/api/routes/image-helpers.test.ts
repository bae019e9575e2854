import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { splitImagePath } from './image-routes.js';
import { loadProgressMessage } from './image-upload-routes.js';

describe('image route helpers', () => {
  it('splitImagePath() splits at the last slash so names keep theirs', () => {
    assert.deepEqual(splitImagePath('busybox/json'), { name: 'busybox', action: 'json' });
    assert.deepEqual(splitImagePath('localhost:5000/a/b:v1/tag'), {
      name: 'localhost:5000/a/b:v1',
      action: 'tag',
    });
    assert.deepEqual(splitImagePath('json'), { name: '', action: 'json' });
  });

  it('loadProgressMessage() maps counts to progressDetail and skips Loaded image reports', () => {
    assert.deepEqual(loadProgressMessage({ status: 'Loading layer', current: 1, total: 3 }), {
      status: 'Loading layer',
      progressDetail: { current: 1, total: 3 },
    });
    assert.deepEqual(loadProgressMessage({ status: 'Unpacking' }), { status: 'Unpacking' });
    assert.equal(loadProgressMessage({ status: 'Loaded image: busybox:latest' }), undefined);
  });
});
