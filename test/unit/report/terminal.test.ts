import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatRanges } from '../../../src/report/format/ranges.js';
import { formatTerminal, sanitize, stripSubjectTags } from '../../../src/report/format/terminal.js';
import type { RunResult } from '../../../src/model/series.js';
import { COMPLETE_KEY, PARTIAL_KEY, sampleResult } from './sample-result.js';

// eslint-disable-next-line no-control-regex -- ESC [ starts an ANSI colour sequence
const ANSI = /\u001b\[/;

function lines(text: string): string[] {
  return text.split('\n');
}

test('terminal: series header lines, complete and missing', () => {
  const out = formatTerminal(sampleResult(), { color: false });
  const ls = lines(out);
  assert.ok(ls.includes('[v2] net: fix foo (3/3 patches, complete)'), out);
  assert.ok(ls.includes('[RFC v1] mm: rework bar (7/8 patches, missing: 8)'), out);
  assert.ok(out.includes(`key: ${COMPLETE_KEY}`));
  assert.ok(out.includes(`key: ${PARTIAL_KEY}`));
  assert.ok(ls.includes('  cover: net: fix foo (1 reply)'), out);
});

test('terminal: a superseded revision and a partial reroll say so, and so do the patches it took', () => {
  const r = sampleResult();
  const [complete, partial] = r.series;
  assert.ok(complete && partial);
  partial.supersededBy = 2;
  complete.rerollOf = 1;
  const first = complete.patches[0];
  assert.ok(first);
  first.fromRevision = 1;
  const ls = lines(formatTerminal(r, { color: false }));
  assert.ok(ls.includes('[v2] net: fix foo (3/3 patches, complete, partial reroll of v1)'), ls.join('\n'));
  assert.ok(ls.includes('[RFC v1] mm: rework bar (7/8 patches, missing: 8, superseded by v2)'), ls.join('\n'));
  assert.ok(ls.includes('  1/3 net: foo step 1 (1 file, +10 -3, from v1)'), ls.join('\n'));
});

test('terminal: patch lines with file counts, diffstat and replies', () => {
  const ls = lines(formatTerminal(sampleResult(), { color: false }));
  assert.ok(ls.includes('  1/3 net: foo step 1 (1 file, +10 -3)'));
  assert.ok(ls.includes('  2/3 net: foo step 2 (2 files, +6 -3, 2 replies)'));
  assert.ok(ls.includes('  7/8 mm: bar part 7 (1 file, +1 -0)'));
});

test('terminal: who wrote and who sent a series, a patch by someone else, its in-body title', () => {
  const run = sampleResult();
  const s = run.series[0]!;
  s.author = 'Zoë Hacker <zoe@example.org>';
  s.patches[0] = { ...s.patches[0]!, author: 'Zoë Hacker <zoe@example.org>', title: 'net: the in-body title' };
  const out = formatTerminal(run, { color: false });
  assert.match(out, /author: Zoë Hacker <zoe@example\.org> {2}sent by: A U Thor <author@example\.org>/);
  assert.ok(lines(out).includes('  1/3 net: the in-body title (1 file, +10 -3)'), out);
  assert.ok(lines(out).includes('  2/3 net: foo step 2 (2 files, +6 -3, 2 replies, by A U Thor <author@example.org>)'), out);
  // Sent by its author: one `from:` as before.
  assert.match(formatTerminal(sampleResult(), { color: false }), /from: A U Thor <author@example\.org>/);
});

test('terminal: findings under their series, grouped by severity', () => {
  const out = formatTerminal(sampleResult(), { color: false });
  const ls = lines(out);
  const warn = ls.indexOf(
    '  warning symbol-exports: new EXPORT_SYMBOL foo_helper without in-tree user at include/linux/foo.h:12 (patch 2/3)',
  );
  const info = ls.indexOf('  info symbol-exports: EXPORT_SYMBOL of foo_other should be EXPORT_SYMBOL_GPL at drivers/net/foo.c:40 (patch 3/3)');
  const partialHeader = ls.findIndex((l) => l.startsWith('[RFC v1]'));
  assert.ok(warn > 0 && info > warn && partialHeader > info, out);
  const err = ls.indexOf('  error kconfig-select: select of user-visible symbol BAR at mm/Kconfig (patch 4/8)');
  const noLoc = ls.indexOf('  warning header-moves: series moves a header without updating users');
  assert.ok(err > partialHeader && noLoc > err, out);
});

test('terminal: findings not tied to a series come after the series', () => {
  const out = formatTerminal(sampleResult(), { color: false });
  const ls = lines(out);
  const other = ls.indexOf('Other findings');
  const fatal = ls.indexOf('  error input/unreadable-mbox: could not parse archive.mbox: truncated message at archive.mbox (fatal)');
  assert.ok(other > 0 && fatal === other + 1, out);
});

test('terminal: summary line counts', () => {
  const out = formatTerminal(sampleResult(), { color: false });
  const last = lines(out.trimEnd()).at(-1);
  assert.equal(last, '2 series, 10 patches, 5 findings (2 errors, 2 warnings, 1 info)');
  assert.ok(out.endsWith(')\n'));
});

test('terminal: no ANSI codes without color, some with color', () => {
  assert.doesNotMatch(formatTerminal(sampleResult(), { color: false }), ANSI);
  const colored = formatTerminal(sampleResult(), { color: true });
  assert.match(colored, ANSI);
  // Colour only decorates: stripping it gives the plain text back.
  // eslint-disable-next-line no-control-regex
  assert.equal(colored.replace(/\u001b\[[0-9;]*m/g, ''), formatTerminal(sampleResult(), { color: false }));
});

test('terminal: escape sequences in mail-controlled text are neutralised', () => {
  const r = sampleResult();
  const s = r.series[0];
  assert.ok(s);
  s.subject = 'evil \u001b[2J\u001b]0;pwned\u0007 subject\nsecond line';
  const out = formatTerminal(r, { color: false });
  assert.doesNotMatch(out, ANSI);
  assert.ok(out.includes('second line (3/3 patches'));
  assert.equal(sanitize('a\u202eb'), 'a\ufffdb');
});

test('terminal: patch subjects lose their [PATCH] tags, cover findings say so', () => {
  const r = sampleResult();
  const s = r.series[0];
  assert.ok(s && s.cover && s.patches[0]);
  s.patches[0].subject = '[PATCH net-next v2 1/3] net: foo step 1';
  s.cover.subject = '[PATCH net-next v2 0/3] net: fix foo';
  r.findings.push({
    ruleId: 'input/bad-encoding',
    messageId: 'enc',
    message: 'unknown charset',
    severity: 'warning',
    subject: { key: COMPLETE_KEY, revision: 2, patch: 0, messageId: '<cover@example.org>' },
    fingerprint: 'fp-cover',
  });
  const ls = lines(formatTerminal(r, { color: false }));
  assert.ok(ls.includes('  1/3 net: foo step 1 (1 file, +10 -3)'));
  assert.ok(ls.includes('  cover: net: fix foo (1 reply)'));
  assert.ok(ls.includes('  warning input/bad-encoding: unknown charset (cover)'));
  assert.equal(stripSubjectTags('[RFC] [PATCH 2/2]'), '[RFC] [PATCH 2/2]');
});

test('terminal: empty run prints just the summary', () => {
  const empty: RunResult = { series: [], findings: [], stats: { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [] } };
  assert.equal(formatTerminal(empty, { color: false }), '0 series, 0 patches, 0 findings (0 errors, 0 warnings, 0 info)\n');
});

test('terminal: missing ranges are written short', () => {
  assert.equal(formatRanges([{ from: 8, to: 8 }]), '8');
  assert.equal(formatRanges([{ from: 2, to: 5 }, { from: 8, to: 8 }, { from: 10, to: 11 }]), '2-5, 8, 10, 11');
  assert.equal(formatRanges([{ from: 2, to: 99_999 }]), '2-99999');
  assert.equal(formatRanges([]), '');
});
