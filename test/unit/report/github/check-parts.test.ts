/** The check run's parts: conclusion from the fail level, annotations and their batches, the summary and its cut. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../../src/model/finding.js';
import type { Series } from '../../../../src/model/series.js';
import { annotationOf, annotationsOf, batches } from '../../../../src/report/github/annotations.js';
import { conclusionFor } from '../../../../src/report/github/check-run.js';
import { commentBody, fixedBody, readMarker } from '../../../../src/report/github/comment.js';
import { place } from '../../../../src/report/github/placement.js';
import { checkSummary, cut, SUMMARY_LIMIT } from '../../../../src/report/github/summary.js';
import { diffLines } from '../../../../src/ingest/github/diff-lines.js';

const f = (over: Partial<Finding> & { fp: string }): Finding => ({
  ruleId: 'symbol-exports',
  messageId: 'added',
  message: `sym_${over.fp} is newly exported with EXPORT_SYMBOL_GPL: the global API grows by one symbol`,
  severity: 'warning',
  subject: { key: 'k', revision: 2 },
  location: { path: 'drivers/vfio/group.c', line: 10 },
  data: { macro: 'EXPORT_SYMBOL_GPL', namespace: '', path: 'drivers/vfio/group.c', symbol: `sym_${over.fp}` },
  fingerprint: over.fp,
  ...over,
});

const series: Series = {
  key: 'k', revision: 2, versionInferred: false, subject: '[PATCH v2 0/2] KVM: x86: let the VFIO device see IOMMU groups', author: 'ada', sender: 'ada', date: null,
  total: 2, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null,
};

test('conclusion: failure at or above the fail level, neutral below it, success with nothing; a fixed finding never fails', () => {
  const err = f({ fp: 'e', severity: 'error' });
  const warn = f({ fp: 'w' });
  assert.equal(conclusionFor([err, warn], 'error'), 'failure');
  assert.equal(conclusionFor([warn], 'error'), 'neutral');
  assert.equal(conclusionFor([warn], 'warning'), 'failure');
  assert.equal(conclusionFor([warn], 'none'), 'neutral');
  assert.equal(conclusionFor([], 'info'), 'success');
  assert.equal(conclusionFor([{ ...err, versions: { status: 'fixed', fixedIn: 2, severity: 'error' } }], 'error'), 'success');
});

test('annotations: levels from severities, every located finding, in batches of at most 50', () => {
  assert.equal(annotationOf(f({ fp: 'a', severity: 'error' }))?.annotation_level, 'failure');
  assert.equal(annotationOf(f({ fp: 'a', severity: 'warning' }))?.annotation_level, 'warning');
  assert.equal(annotationOf(f({ fp: 'a', severity: 'info' }))?.annotation_level, 'notice');
  const { location: _drop, ...unlocated } = f({ fp: 'u' });
  assert.equal(annotationOf(unlocated), null, 'a series-level finding has no place in a file');
  const many = Array.from({ length: 137 }, (_, i) => f({ fp: `x${i}`, location: { path: 'a.c', line: i + 1 } }));
  const parts = batches(annotationsOf(many));
  assert.deepEqual(parts.map((p) => p.length), [50, 50, 37]);
  assert.deepEqual(parts.flat().map((a) => a.start_line), many.map((m) => m.location!.line));
});

test('summary: delta per subsystem and macro, version tracking, every finding; over 65,535 characters it is cut with a note', () => {
  const findings = [f({ fp: 'a' }), f({ fp: 'b', ruleId: 'kconfig-select', messageId: 'kvmVfioSelect', severity: 'error', message: 'KVM selects KVM_VFIO', versions: { status: 'new' } }), f({ fp: 'c', versions: { status: 'fixed', fixedIn: 2, severity: 'warning' }, severity: 'info', message: 'fixed in v2: old_sym is newly exported' })];
  const s = checkSummary({ series, findings, previous: { revision: 1 }, links: ['https://lore.kernel.org/kvm/x@y/'], notes: [], failLevel: 'error', conclusion: 'failure', commented: new Set(['a']), refused: new Set(['b']) });
  assert.match(s, /\| `drivers\/vfio` \| `EXPORT_SYMBOL_GPL` \| \+1 \| −0 \|/);
  assert.match(s, /Net API delta: \*\*\+1\*\*/);
  assert.match(s, /### Kconfig\n- error: KVM selects KVM_VFIO/);
  assert.match(s, /### Since v1\n- fixed in v2: old_sym is newly exported \(`drivers\/vfio\/group\.c:10`\)\n/);
  assert.match(s, /<https:\/\/lore\.kernel\.org\/kvm\/x@y\/>/);
  assert.match(s, /refused by GitHub: not a line of the diff/);
  const big = Array.from({ length: 2000 }, (_, i) => f({ fp: `z${i}`, message: `a long message number ${i} `.repeat(5) }));
  const long = checkSummary({ series, findings: big, links: [], notes: [], failLevel: 'error', conclusion: 'neutral', commented: new Set(), refused: new Set() });
  assert.ok(long.length <= SUMMARY_LIMIT, `${long.length}`);
  assert.match(long, /The summary was cut here: GitHub keeps 65,535 characters/);
  assert.equal(cut('short'), 'short');
});

test('line comments carry a marker with the fingerprint; a fixed one is struck through and says so', () => {
  const body = commentBody(f({ fp: '0123abcd' }), 2);
  assert.deepEqual(readMarker(body), { fingerprint: '0123abcd', fixed: false });
  const fixed = fixedBody(body, '0123abcd', 3);
  assert.match(fixed, /^\*\*Fixed in v3\.\*\*/);
  assert.match(fixed, /~~sym_0123abcd is newly exported/);
  assert.deepEqual(readMarker(fixed), { fingerprint: '0123abcd', fixed: true });
  assert.equal(readMarker('a human comment'), null);
});

test('placement: added lines on the right, a removed export on the left, lines off the diff nowhere', () => {
  const d = diffLines([{ filename: 'drivers/vfio/group.c', patch: '@@ -8,3 +8,3 @@\n ctx\n-EXPORT_SYMBOL(old);\n+EXPORT_SYMBOL_GPL(sym_a);\n ctx' }]);
  assert.deepEqual(place(f({ fp: 'a', location: { path: 'drivers/vfio/group.c', line: 9 } }), d), { path: 'drivers/vfio/group.c', line: 9, side: 'RIGHT' });
  assert.deepEqual(place(f({ fp: 'r', messageId: 'removed', location: { path: 'drivers/vfio/group.c', line: 9 } }), d), { path: 'drivers/vfio/group.c', line: 9, side: 'LEFT' });
  assert.equal(place(f({ fp: 'o', location: { path: 'drivers/vfio/group.c', line: 200 } }), d), null);
  assert.equal(place(f({ fp: 'x', location: { path: 'other.c', line: 9 } }), d), null);
});

test('line comments: each fingerprint once, at most maxComments, the most severe kept, in the findings\' order', async () => {
  const { commentable } = await import('../../../../src/report/github/placement.js');
  const d = diffLines([{ filename: 'a.c', patch: `@@ -0,0 +1,10 @@\n${Array.from({ length: 10 }, (_, i) => `+l${i}`).join('\n')}` }]);
  const fs = Array.from({ length: 10 }, (_, i) => f({ fp: `p${i}`, severity: i === 7 ? 'error' : 'info', location: { path: 'a.c', line: i + 1 } }));
  assert.equal(commentable([...fs, fs[0]!], d, 0).length, 10);
  const three = commentable(fs, d, 3);
  assert.deepEqual(three.map((p) => p.f.fingerprint), ['p0', 'p1', 'p7']);
});
