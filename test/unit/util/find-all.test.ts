import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anchorOffset, findAll } from '../../../src/util/find-all.js';

/** The plain indexOf loop findAll stands in for. */
function naive(text: string, needle: string): number[] {
  const out: number[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push(i);
  return out;
}

const TEXT = [
  'EXPORT_SYMBOL(foo);',
  '+EXPORT_SYMBOL_GPL(bar); EXPORT_SYMBOL_NS(baz, "NS");',
  '-MODULE_IMPORT_NS(CXL);',
  ' #define DEFAULT_SYMBOL_NAMESPACE "FOO"',
  'XPORT_ alone, EXPORTEXPORT_ twice, ÉXPORT_ with an accent',
  'aaaa',
].join('\n');

test('findAll gives the offsets of the indexOf loop, for short and long needles', () => {
  for (const needle of ['EXPORT_', 'MODULE_IMPORT_NS', 'DEFAULT_SYMBOL_NAMESPACE', 'XPORT_', 'E', 'aa', 'NS(', 'not there', 'é', TEXT]) {
    assert.deepEqual(findAll(TEXT, needle), naive(TEXT, needle), needle);
  }
});

test('overlapping occurrences are all found', () => {
  assert.deepEqual(findAll('aaaa', 'aa'), [0, 1, 2]);
  assert.deepEqual(findAll('QQQQQQQQQ', 'QQQQQQQQ'), [0, 1]);
});

test('a needle at the very start and at the very end of the text', () => {
  assert.deepEqual(findAll('EXPORT_x EXPORT_', 'EXPORT_'), [0, 9]);
  assert.deepEqual(findAll('EXPORT_', 'EXPORT_'), [0]);
  assert.deepEqual(findAll('XPORT_', 'EXPORT_'), []);
});

test('an empty needle finds nothing (an indexOf loop would never end)', () => {
  assert.deepEqual(findAll('abc', ''), []);
});

test('the anchor starts at the rarest character of the needle', () => {
  assert.equal(anchorOffset('EXPORT_'), 1); // X
  assert.equal(anchorOffset('DEFAULT_SYMBOL_NAMESPACE'), 9); // Y
  assert.equal(anchorOffset('abc'), 1); // b is rarer than a and c in kernel diffs
  assert.equal(anchorOffset('ééé'), 0); // no known character: the first
});
