import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderInspect } from './inspect-output.js';

test('renderInspect() prints a JSON array with 4-space indentation', () => {
  assert.equal(renderInspect([{ Name: 'a' }]), '[\n    {\n        "Name": "a"\n    }\n]\n');
});

test('renderInspect() prints [] for no items', () => {
  assert.equal(renderInspect([]), '[]\n');
});

test('renderInspect() applies the template per item, one line each', () => {
  assert.equal(renderInspect([{ Name: 'a' }, { Name: 'b' }], '{{.Name}}'), 'a\nb\n');
});

test('renderInspect() throws template errors before printing anything', () => {
  assert.throws(() => renderInspect([{}], '{{.Name'), /template: :1: unclosed action$/);
});
