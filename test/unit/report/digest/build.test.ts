import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMaintainers } from '../../../../src/kernel/maintainers.js';
import type { Finding } from '../../../../src/model/finding.js';
import { buildDigests } from '../../../../src/report/digest/build.js';
import type { DigestInput, DigestVersion } from '../../../../src/report/digest/input.js';
import { inputFromRun } from '../../../../src/report/digest/from-run.js';
import { sampleResult } from '../sample-result.js';

const MAINTAINERS = `
FOO DRIVER
M:	Ann Author <ann@example.org>
R:	Rob Reviewer <rob@example.org>
L:	foo@lists.example.org
S:	Maintained
F:	drivers/foo/
F:	include/linux/foo.h
X:	drivers/foo/legacy/

BAR CORE
M:	Ann Author <ann@example.org>
M:	Bea Bar <bea@example.org>
S:	Odd Fixes
F:	drivers/bar/
F:	arch/x86/Kconfig

THE REST
M:	Linus Torvalds <torvalds@linux-foundation.org>
L:	linux-kernel@vger.kernel.org
S:	Buried alive in reporters
F:	*
F:	*/
`;

const db = parseMaintainers(MAINTAINERS);
let fp = 0;

function finding(key: string, revision: number, ruleId: string, messageId: string, severity: Finding['severity'], path: string | undefined, data: Record<string, string | number> = {}, versions?: Finding['versions']): Finding {
  return {
    ruleId,
    messageId,
    message: `${ruleId}/${messageId} at ${path ?? 'series'}`,
    severity,
    subject: { key, revision },
    ...(path ? { location: { path, line: 3 } } : {}),
    data: { path: path ?? '', ...data },
    fingerprint: `fp${++fp}`,
    ...(versions ? { versions } : {}),
  };
}

function version(key: string, revision: number, date: string, files: string[], findings: Finding[]): DigestVersion {
  return { key, revision, subject: `[PATCH v${revision}] ${key}`, author: 'Someone <s@example.org>', date, patches: files.length, files, findings, links: { lore: `https://lore.kernel.org/r/${key}.v${revision}@x/` } };
}

const exp = (key: string, rev: number, messageId: string, path: string, macro: string, symbol: string, extra: Record<string, string> = {}): Finding =>
  finding(key, rev, 'symbol-exports', messageId, messageId === 'added' || messageId === 'loosenedGpl' ? 'warning' : 'info', path, { symbol, macro, namespace: extra.namespace ?? '', ...extra });

const input: DigestInput = {
  versions: [
    // foo v1 (in the period) is superseded by v2 (after it).
    version('foo', 1, '2023-11-14T10:00:00Z', ['drivers/foo/a.c'], [exp('foo', 1, 'added', 'drivers/foo/a.c', 'EXPORT_SYMBOL', 'foo_a')]),
    version('foo', 2, '2023-11-25T10:00:00Z', ['drivers/foo/a.c'], []),
    // bar v1 before the period, v2 in it: revised; one export still open, one fixed.
    version('bar', 1, '2023-11-01T10:00:00Z', ['drivers/bar/b.c'], [exp('bar', 1, 'added', 'drivers/bar/b.c', 'EXPORT_SYMBOL_GPL', 'bar_old')]),
    version('bar', 2, '2023-11-15T10:00:00Z', ['drivers/bar/b.c', 'arch/x86/Kconfig', 'drivers/foo/legacy/x.c'], [
      exp('bar', 2, 'added', 'drivers/bar/b.c', 'EXPORT_SYMBOL_GPL', 'bar_new', { namespace: 'BAR' }),
      exp('bar', 2, 'removed', 'drivers/bar/b.c', 'EXPORT_SYMBOL', 'bar_gone'),
      exp('bar', 2, 'loosenedGpl', 'drivers/bar/b.c', 'EXPORT_SYMBOL', 'bar_loose', { oldMacro: 'EXPORT_SYMBOL_GPL' }),
      exp('bar', 2, 'addedRestricted', 'drivers/bar/b.c', 'EXPORT_SYMBOL_FOR_MODULES', 'bar_mod', { modules: 'kvm' }),
      { ...exp('bar', 2, 'added', 'drivers/bar/b.c', 'EXPORT_SYMBOL_GPL', 'bar_old'), severity: 'info', versions: { status: 'fixed', since: 1, fixedIn: 2, severity: 'warning' } },
      finding('bar', 2, 'kconfig-select', 'kvmVfioSelect', 'error', 'arch/x86/Kconfig', { selector: 'KVM_X86', symbol: 'KVM_VFIO' }),
      // Excluded from FOO DRIVER by X:, and nobody else's but THE REST: routed to nobody.
      exp('bar', 2, 'added', 'drivers/foo/legacy/x.c', 'EXPORT_SYMBOL', 'legacy_x'),
      finding('bar', 2, 'input/missing-patch', 'missing', 'warning', undefined),
    ]),
    // A series only THE REST claims: nobody's digest.
    version('doc', 1, '2023-11-16T10:00:00Z', ['Documentation/x.rst'], []),
    // Outside the period (after it): in nobody's digest for the period.
    version('late', 1, '2023-12-10T10:00:00Z', ['drivers/foo/z.c'], []),
  ],
};

const period = { since: new Date('2023-11-13T00:00:00Z'), until: new Date('2023-11-20T00:00:00Z') };

test('--all: one digest per maintainer with a series in the period, none for THE REST', () => {
  const ds = buildDigests(input, db, { ...period, select: { all: true } });
  assert.deepEqual(ds.map((d) => d.recipient.address), ['ann@example.org', 'bea@example.org']);
  const withReviewers = buildDigests(input, db, { ...period, select: { all: true, roles: ['maintainer', 'reviewer'] } });
  assert.deepEqual(withReviewers.map((d) => d.recipient.address), ['ann@example.org', 'bea@example.org', 'rob@example.org']);
  assert.equal(buildDigests(input, db, { ...period, select: { address: 'torvalds@linux-foundation.org' } }).length, 0);
});

test("a maintainer's digest: series states, export delta, loosened and restricted, Kconfig, attention", () => {
  const [ann] = buildDigests(input, db, { ...period, select: { address: 'Ann@Example.org' } });
  assert.ok(ann);
  assert.equal(ann.recipient.display, 'Ann Author <ann@example.org>');
  assert.equal(ann.recipient.role, 'maintainer');
  assert.equal(ann.period.week, '2023-W46');
  assert.deepEqual(
    ann.series.map((s) => [s.id, s.state, s.supersededBy ?? null, s.olderRevisions]),
    [
      ['foo#v1', 'superseded', 2, []],
      ['bar#v2', 'revised', null, [1]],
    ],
  );
  assert.deepEqual(ann.totals.byState, { new: 0, revised: 1, superseded: 1 });
  // foo_a (+1), bar_new (+1), bar_gone (−1); the fixed bar_old and the X:-excluded legacy_x do not count.
  assert.deepEqual(ann.totals.exports, { added: 2, removed: 1, net: 1 });
  const bar = ann.subsystems.find((s) => s.name === 'BAR CORE');
  assert.ok(bar);
  assert.equal(bar.status, 'Odd Fixes');
  assert.deepEqual(bar.exports.byMacro, { EXPORT_SYMBOL_GPL: { added: 1, removed: 0 }, EXPORT_SYMBOL: { added: 0, removed: 1 } });
  assert.deepEqual(bar.exports.byNamespace, { BAR: { added: 1, removed: 0 }, '': { added: 0, removed: 1 } });
  assert.deepEqual(bar.exports.loosened.map((x) => [x.symbol, x.oldMacro, x.macro]), [['bar_loose', 'EXPORT_SYMBOL_GPL', 'EXPORT_SYMBOL']]);
  assert.deepEqual(bar.exports.restricted.map((x) => [x.symbol, x.modules]), [['bar_mod', 'kvm']]);
  assert.deepEqual(bar.kconfig.map((k) => [k.status, k.path, k.series]), [['open', 'arch/x86/Kconfig', 'bar#v2']]);
  assert.deepEqual(ann.attention.map((a) => [a.series, a.ruleId, a.path]), [['bar#v2', 'kconfig-select', 'arch/x86/Kconfig']]);
  const foo = ann.subsystems.find((s) => s.name === 'FOO DRIVER');
  assert.deepEqual(foo?.series, ['foo#v1']);
  const barSeries = ann.series.find((s) => s.id === 'bar#v2');
  // Its files of Ann's: not the X:-excluded one. Its findings: hers, plus the series-wide one.
  assert.deepEqual(barSeries?.files, ['arch/x86/Kconfig', 'drivers/bar/b.c']);
  assert.equal(barSeries?.findings.some((f) => f.ruleId === 'input/missing-patch'), true);
  assert.equal(barSeries?.findings.some((f) => f.path === 'drivers/foo/legacy/x.c'), false);
  assert.equal(barSeries?.fixed, 1);
  assert.deepEqual(ann.totals.findings['symbol-exports'], { warning: 3, info: 2 });
});

test('a list gets the digest of its sections only', () => {
  const [list] = buildDigests(input, db, { ...period, select: { address: 'foo@lists.example.org' } });
  assert.equal(list?.recipient.role, 'list');
  assert.deepEqual(list?.series.map((s) => s.id), ['foo#v1']);
  assert.deepEqual(list?.subsystems.map((s) => s.name), ['FOO DRIVER']);
  assert.deepEqual(list?.totals.exports, { added: 1, removed: 0, net: 1 });
});

test('export history: net per subsystem per ISO week, each series counted once by its newest version', () => {
  const [ann] = buildDigests(input, db, { ...period, select: { address: 'ann@example.org' }, historyWeeks: 3 });
  assert.deepEqual(ann?.history.weeks, ['2023-W44', '2023-W45', '2023-W46']);
  // bar v1 (W44) is replaced by bar v2 (W46): +1 −1 in W46; foo v1 +1 in W46.
  assert.deepEqual(ann?.history.subsystems, [
    { name: 'BAR CORE', net: [0, 0, 0], added: [0, 0, 1], removed: [0, 0, 1] },
    { name: 'FOO DRIVER', net: [0, 0, 1], added: [0, 0, 1], removed: [0, 0, 0] },
  ]);
});

test('pure: the same input gives the same digests, and JSON round-trips them', () => {
  const a = buildDigests(input, db, { ...period, select: { all: true } });
  const b = buildDigests(input, db, { ...period, select: { all: true } });
  assert.deepEqual(a, b);
  assert.deepEqual(JSON.parse(JSON.stringify(a)), a);
});

test('review trailers: a version\'s review summary reaches its digest series; inputFromRun takes it from the series', () => {
  const review = { reviewed: 1, of: 2, by: ['Rob Reviewer <rob@example.org>'] };
  const withReview: DigestInput = { versions: [{ ...version('foo', 1, '2023-11-14T10:00:00Z', ['drivers/foo/a.c'], []), review }] };
  const [ann] = buildDigests(withReview, db, { ...period, select: { address: 'ann@example.org' } });
  assert.deepEqual(ann?.series[0]?.review, review);
  const run = sampleResult();
  const first = run.series[0];
  assert.ok(first);
  first.review = { reviewed: 1, total: 2, by: ['Rob Reviewer <rob@example.org>'], reported: 1, ignored: 0 };
  const fromRun = inputFromRun(run);
  assert.deepEqual(fromRun.versions[0]?.review, review);
  assert.equal('review' in (fromRun.versions[1] ?? {}), false);
});
