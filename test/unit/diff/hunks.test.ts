/**
 * Hunk lines are numbered by diff/hunks.ts itself. They used to come from parse-diff, run on a
 * synthetic diff whose `@@` counts match the bodies the scan found; this holds the two readings
 * against each other, so that dropping that round trip changed nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import parseDiffLib from 'parse-diff';
import { parseDiff } from '../../../src/diff/parse.js';
import { rawHunks } from '../../../src/diff/hunks.js';
import type { DiffLine, FileDiff } from '../../../src/diff/model.js';

/** The old reading: parse-diff on `@@ -a,<old count> +b,<new count> @@` and the body lines. */
function viaParseDiff(f: FileDiff): DiffLine[][] {
  const raw = rawHunks(f);
  assert.ok(raw);
  const bodies = raw.map((r) => {
    const region = r.text.slice(r.bodyStart, r.bodyEnd);
    const lines = (region.endsWith('\n') ? region.slice(0, -1) : region).split('\n');
    return r.bodyEnd <= r.bodyStart ? [] : lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.charCodeAt(0) !== 92);
  });
  const parts: string[] = [];
  raw.forEach((r, k) => {
    const body = bodies[k] ?? [];
    if (body.length > 0) parts.push(`@@ -${r.h.oldStart},${r.oldCount} +${r.h.newStart},${r.newCount} @@`, ...body);
  });
  const chunks = parts.length > 0 ? (parseDiffLib(parts.join('\n'))[0]?.chunks ?? []) : [];
  let k = 0;
  return bodies.map((body) => {
    if (body.length === 0) return [];
    const c = chunks[k++];
    assert.ok(c && c.changes.length === body.length, 'parse-diff read every body line');
    return c.changes.map((ch): DiffLine => {
      const text = ch.content.slice(1);
      if (ch.type === 'add') return { kind: 'add', text, newLine: ch.ln };
      if (ch.type === 'del') return { kind: 'del', text, oldLine: ch.ln };
      return { kind: 'context', text, oldLine: ch.ln1, newLine: ch.ln2 };
    });
  });
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
  test(`hunk lines as parse-diff reads them: ${name}`, () => {
    const files = parseDiff(text).files;
    assert.ok(files.length > 0);
    for (const f of files) {
      const own = f.hunks.map((h) => h.lines);
      assert.ok(own.some((l) => l.length > 0));
      assert.deepEqual(own, viaParseDiff(f), f.path);
    }
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
