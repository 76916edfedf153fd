/**
 * Hunk lines come from parse-diff, run on a synthetic diff whose `@@` counts match the bodies
 * the scan found. This holds them against a reading written here, line by line from the text,
 * so that a change in parse-diff or in the synthetic diff shows up as a failure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDiff } from '../../../src/diff/parse.js';
import type { DiffLine } from '../../../src/diff/model.js';

/** An independent reading of one diff's hunks: kind from the first character, numbers from the header. */
function readByHand(text: string): DiffLine[][] {
  const out: DiffLine[][] = [];
  let cur: DiffLine[] | null = null;
  let o = 0;
  let n = 0;
  let left = 0;
  const rows = text.split('\n');
  if (rows.at(-1) === '') rows.pop(); // the text's last newline ends a line, it does not start one
  for (const raw of rows) {
    const l = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (l === '-- ') cur = null; // the mail signature
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(l);
    if (m) {
      cur = [];
      out.push(cur);
      o = Number(m[1]);
      n = Number(m[3]);
      left = Number(m[2] ?? 1) + Number(m[4] ?? 1);
      continue;
    }
    if (!cur || left <= 0) continue;
    if (l.startsWith('\\')) continue;
    if (l.startsWith('+')) {
      cur.push({ kind: 'add', text: l.slice(1), newLine: n++ });
      left -= 1;
    } else if (l.startsWith('-')) {
      cur.push({ kind: 'del', text: l.slice(1), oldLine: o++ });
      left -= 1;
    } else {
      cur.push({ kind: 'context', text: l.slice(1), oldLine: o++, newLine: n++ });
      left -= 2;
    }
  }
  return out;
}

const CASES: Record<string, string> = {
  'two hunks, CRLF lines, an empty context line, no newline at the end': [
    'diff --git a/drivers/foo.c b/drivers/foo.c',
    'index 1111111..2222222 100644',
    '--- a/drivers/foo.c',
    '+++ b/drivers/foo.c',
    '@@ -10,6 +10,7 @@ static int foo(void)',
    ' \tint a;',
    '-\tint b;\r',
    '+\tint b = 0;\r',
    '+',
    '',
    '\r',
    ' \treturn a;',
    ' }',
    '@@ -40,2 +41,2 @@',
    '-EXPORT_SYMBOL(foo);',
    '\\ No newline at end of file',
    '+EXPORT_SYMBOL_GPL(foo);',
    '\\ No newline at end of file',
    '',
  ].join('\n'),
  'a new file and a hunk whose header miscounts its lines': [
    'diff --git a/include/linux/bar.h b/include/linux/bar.h',
    'new file mode 100644',
    'index 0000000..3333333',
    '--- /dev/null',
    '+++ b/include/linux/bar.h',
    '@@ -0,0 +1,3 @@',
    '+#ifndef _BAR_H',
    '+#define _BAR_H',
    '+#endif',
    'diff --git a/Kconfig b/Kconfig',
    'index 4444444..5555555 100644',
    '--- a/Kconfig',
    '+++ b/Kconfig',
    '@@ -1,9 +1,9 @@ config FOO',
    ' config FOO',
    '-\tselect BAR',
    '+\tselect BAZ',
    ' \thelp',
    '-- ',
    '2.39.2',
    '',
  ].join('\n'),
};

for (const [name, text] of Object.entries(CASES)) {
  test(`hunk lines read through parse-diff: ${name}`, () => {
    const files = parseDiff(text).files;
    assert.ok(files.length > 0);
    const lines = files.flatMap((f) => f.hunks.map((h) => h.lines));
    assert.ok(lines.every((l) => l.length > 0));
    assert.deepEqual(lines, readByHand(text));
  });
}

test('hunks are built once, on first read, and can be replaced', () => {
  const f = parseDiff(CASES['two hunks, CRLF lines, an empty context line, no newline at the end'] as string).files[0];
  assert.ok(f);
  const first = f.hunks;
  assert.equal(f.hunks, first);
  assert.ok(Object.keys(f).includes('hunks'), 'hunks is an own enumerable property');
  f.hunks = [];
  assert.deepEqual(f.hunks, []);
});
