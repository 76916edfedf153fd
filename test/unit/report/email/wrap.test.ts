import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, columns, wrap } from '../../../../src/report/email/wrap.js';

test('columns: tabs advance to the next multiple of 8', () => {
  assert.equal(columns('abc'), 3);
  assert.equal(columns('\tx'), 9);
  assert.equal(columns('ab\tx'), 9);
  assert.equal(columns('> +\tret'), 11);
});

test('wrap: at spaces within the width, with first-line and continuation prefixes; a long word stays whole', () => {
  assert.deepEqual(wrap('aaa bbb ccc ddd', { width: 8 }), ['aaa bbb', 'ccc ddd']);
  assert.deepEqual(wrap('aaa bbb ccc', { width: 9, first: '  ', rest: '    ' }), ['  aaa bbb', '    ccc']);
  assert.deepEqual(wrap('see https://example.org/a/very/long/url now', { width: 10 }), ['see', 'https://example.org/a/very/long/url', 'now']);
  assert.deepEqual(wrap(''), ['']);
});

test('clip: lines over the width end in " [...]" within the width; short lines are kept', () => {
  assert.equal(clip('short'), 'short');
  const c = clip(`> +\t${'x'.repeat(100)}`);
  assert.ok(c.endsWith(' [...]'));
  assert.equal(columns(c) <= 72, true);
  assert.equal(columns(clip('y'.repeat(72))), 72, 'exactly 72 is kept');
});
