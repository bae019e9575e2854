import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatNumber, ValueShapes } from './go-values.js';
import { formatFloat, sprintf } from './printf.js';

const shapes = new ValueShapes();

test('sprintf() pads with width, left-aligns with - and zero-fills numbers', () => {
  assert.equal(sprintf('[%4d|%-4d|%04d|%+d]', [7, 7, -7, 7], shapes), '[   7|7   |-007|+7]');
});

test('sprintf() truncates strings with a precision', () => {
  assert.equal(sprintf('%.3s', ['abcdef'], shapes), 'abc');
});

test('sprintf() prints %% and reports a missing verb', () => {
  assert.equal(sprintf('100%% %', [], shapes), '100% %!(NOVERB)');
});

test('sprintf() formats hex, octal, binary and characters', () => {
  assert.equal(
    sprintf('%x %X %#x %o %b %c %x', [255, 255, 255, 8, 5, 65, 'hi'], shapes),
    'ff FF 0xff 10 101 A 6869',
  );
});

test('sprintf() shows the Go type of a mismatched argument', () => {
  assert.equal(
    sprintf('%d %t %s', [1.5, 'x', null], shapes),
    '%!d(float64=1.5) %!t(string=x) %!s(<nil>)',
  );
});

test('formatFloat() follows Go for %e, %f and %g', () => {
  assert.equal(formatFloat(1234.5678, 'e', -1), '1.234568e+03');
  assert.equal(formatFloat(1234.5678, 'f', 2), '1234.57');
  assert.equal(formatFloat(1234.5678, 'g', 4), '1235');
  assert.equal(formatFloat(1.944, 'g', 4), '1.944');
  assert.equal(formatFloat(0.00001234, 'g', -1), '1.234e-05');
  assert.equal(formatFloat(100000000, 'g', -1), '1e+08');
});

test('formatNumber() prints integers in full and other floats like Go %v', () => {
  assert.equal(formatNumber(123456789), '123456789');
  assert.equal(formatNumber(0.5), '0.5');
  assert.equal(formatNumber(2.5e-7), '2.5e-07');
  assert.equal(formatNumber(Number.NaN), 'NaN');
});
