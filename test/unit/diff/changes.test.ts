import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChangeCursor, linesNear, parseDiff } from '../../../src/diff/parse.js';
import { windows } from '../../../src/diff/lines-near.js';
import type { FileDiff } from '../../../src/diff/model.js';

const DIFF = [
  'diff --git a/include/linux/foo.h b/include/linux/foo.h',
  'index 1111111..2222222 100644',
  '--- a/include/linux/foo.h',
  '+++ b/include/linux/foo.h',
  '@@ -10,5 +10,6 @@ struct foo {',
  ' \tint a;',
  '-\tint b;\r',
  '+\tint b; /* EXPORT_ nothing */\r',
  '+',
  ' ',
  ' EXPORT_SYMBOL(foo);',
  ' }',
  '@@ -40,3 +41,3 @@',
  ' x',
  '-EXPORT_SYMBOL(bar);',
  '+EXPORT_SYMBOL_GPL(bar);',
  '\\ No newline at end of file',
  ' y',
  '',
].join('\n');

function only(text: string): FileDiff {
  const f = parseDiff(text).files[0];
  assert.ok(f);
  return f;
}

/** The same file as a plain object with built hunks: the code paths that do not read the diff text. */
function built(f: FileDiff): FileDiff {
  return { ...f, hunks: f.hunks };
}

function changes(f: FileDiff): [string, string, number][] {
  const out: [string, string, number][] = [];
  for (const c = new ChangeCursor(f); c.next(); ) out.push([c.kind, c.text.slice(c.start, c.end), c.line]);
  return out;
}

test('ChangeCursor: every added and removed line with its number, CR and `\\` markers left out', () => {
  const want: [string, string, number][] = [
    ['del', '\tint b;', 11],
    ['add', '\tint b; /* EXPORT_ nothing */', 11],
    ['add', '', 12],
    ['del', 'EXPORT_SYMBOL(bar);', 41],
    ['add', 'EXPORT_SYMBOL_GPL(bar);', 42],
  ];
  assert.deepEqual(changes(only(DIFF)), want);
  assert.deepEqual(changes(built(only(DIFF))), want);
});

test('ChangeCursor on a file without hunks ends at once', () => {
  const f = only('diff --git a/x.bin b/x.bin\nindex 1..2 100644\nBinary files a/x.bin and b/x.bin differ\n');
  assert.deepEqual(changes(f), []);
});

test('linesNear from the text gives the runs the built hunks give', () => {
  const f = only(DIFF);
  for (const [before, after] of [[0, 0], [1, 1], [30, 8]] as const) {
    const fromText = linesNear(f, 'EXPORT_', before, after);
    assert.deepEqual(fromText, linesNear(built(f), 'EXPORT_', before, after), `${before}/${after}`);
  }
  const runs = linesNear(f, 'EXPORT_', 0, 0);
  assert.deepEqual(runs, [
    [{ kind: 'add', text: '\tint b; /* EXPORT_ nothing */', newLine: 11 }],
    [{ kind: 'context', text: 'EXPORT_SYMBOL(foo);', oldLine: 13, newLine: 14 }],
    [{ kind: 'del', text: 'EXPORT_SYMBOL(bar);', oldLine: 41 }, { kind: 'add', text: 'EXPORT_SYMBOL_GPL(bar);', newLine: 42 }],
  ]);
  assert.deepEqual(linesNear(f, 'NOT_THERE', 3, 3), []);
});

test('windows merge overlapping and touching runs, clipped to the hunk', () => {
  assert.deepEqual(windows([0, 3, 10], 12, 1, 1), [[0, 5], [9, 12]]);
  assert.deepEqual(windows([0, 4], 12, 1, 1), [[0, 2], [3, 6]]);
  assert.deepEqual(windows([5], 6, 30, 8), [[0, 6]]);
  assert.deepEqual(windows([], 6, 1, 1), []);
});
