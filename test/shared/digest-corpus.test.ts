/**
 * The digest against an independent count, on the whole corpus: a store filled by `kvetch
 * watch --once` from series.mbox (with the 6.12 tree), and `kvetch check --format json` over
 * the same mbox. For two real maintainers of 6.12 whose files have export and Kconfig
 * findings in the period, the test counts from the JSON report, routing each path with
 * get_maintainer's rules (sectionMatch and maintainersOf, cross-checked against the script in
 * maintainers.test.ts; not the digest's index or router), and compares with `kvetch digest --maintainer … --format json`: series,
 * states, export delta, open findings by analyzer and severity, Kconfig problems.
 * Also: the digest's MAINTAINERS index equals matchSections on a strided eighth of the corpus's paths.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { MaintainersIndex } from '../../src/kernel/maintainers-index.js';
import { maintainersOf, matchSections, sectionMatch, type MaintainersDb, type MaintainersSection } from '../../src/kernel/maintainers.js';
import { mailmapEmail, parseEmail } from '../../src/kernel/maintainers-email.js';
import { KernelTree } from '../../src/kernel/tree.js';
import type { Finding } from '../../src/model/finding.js';
import type { Digest } from '../../src/report/digest/model.js';
import { fillCorpusStore } from '../support/corpus-store.js';
import { runKvetch } from '../support/run-cli.js';
import { corpusDir } from '../support/shared-dir.js';

interface ReportSeries {
  key: string;
  revision: number;
  date: string | null;
  patches: { files: string[]; fileChanges: { path: string; oldPath?: string }[] }[];
}

/** Every path a report series touches: new names and, for renames, old ones (a file leaving your area is yours too). */
const pathsOf = (s: ReportSeries): string[] => s.patches.flatMap((p) => p.fileChanges.flatMap((c) => [c.path, ...(c.oldPath ? [c.oldPath] : [])]));

const SINCE = '2023-11-05T00:00:00.000Z';
const UNTIL = '2023-12-05T00:00:00.000Z';

let corpus = '';
let db = '';
let report: { series: ReportSeries[]; findings: Finding[] };
let maintainers: MaintainersDb;

before(async () => {
  corpus = corpusDir();
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-digest-corpus-'));
  const out = join(dir, 'report.json');
  const [filled, checked] = await Promise.all([
    fillCorpusStore(dir, corpus),
    runKvetch(['check', join(corpus, 'series.mbox'), '--tree', join(corpus, 'linux-6.12'), '--format', 'json', '--fail-level', 'none', '--no-progress', '-o', out]),
  ]);
  db = filled;
  assert.equal(checked.status, 0, checked.stderr);
  report = JSON.parse(readFileSync(out, 'utf8')) as typeof report;
  const m = KernelTree.open(join(corpus, 'linux-6.12')).maintainers();
  assert.ok(m, 'linux-6.12 has a MAINTAINERS');
  maintainers = m;
});

/** The sections listing `person` as M: or R: (after .mailmap). */
const sectionsOfPerson = new Map<string, MaintainersSection[]>();
function personSections(person: string): MaintainersSection[] {
  let list = sectionsOfPerson.get(person);
  if (!list) {
    list = maintainers.sections.filter((s) => [...s.maintainers, ...s.reviewers].some((e) => parseEmail(mailmapEmail(maintainers.mailmap, e)).address.toLowerCase() === person));
    sectionsOfPerson.set(person, list);
  }
  return list;
}

/** Does get_maintainer's rule give `path` to `person`? One of their sections claims it (sectionMatch, not the digest's index). */
function owns(person: string, path: string): boolean {
  return personSections(person).some((s) => sectionMatch(s, path) !== null);
}

/** Per series key, its newest version dated in the period. */
function newestInPeriod(): ReportSeries[] {
  const byKey = new Map<string, ReportSeries>();
  for (const s of report.series) {
    if (!s.date || s.date < SINCE || s.date >= UNTIL) continue;
    const seen = byKey.get(s.key);
    if (!seen || seen.revision < s.revision) byKey.set(s.key, s);
  }
  return [...byKey.values()];
}

function expected(person: string): { series: number; superseded: number; exports: { added: number; removed: number; net: number }; findings: Record<string, Record<string, number>>; kconfig: number } {
  const shown = newestInPeriod().filter((s) => pathsOf(s).some((f) => owns(person, f)));
  const ids = new Set(shown.map((s) => `${s.key}#${s.revision}`));
  const newest = new Map<string, number>();
  for (const s of report.series) newest.set(s.key, Math.max(newest.get(s.key) ?? 0, s.revision));
  const findings: Record<string, Record<string, number>> = {};
  let added = 0;
  let removed = 0;
  let kconfig = 0;
  for (const f of report.findings) {
    if (!ids.has(`${f.subject.key}#${f.subject.revision}`) || !f.location?.path || !owns(person, f.location.path)) continue;
    if (f.ruleId === 'kconfig-select') kconfig++;
    if (f.versions?.status === 'fixed') continue;
    const row = (findings[f.ruleId] ??= {});
    row[f.severity] = (row[f.severity] ?? 0) + 1;
    if (f.ruleId === 'symbol-exports' && f.messageId === 'added') added++;
    if (f.ruleId === 'symbol-exports' && f.messageId === 'removed') removed++;
  }
  return { series: shown.length, superseded: shown.filter((s) => (newest.get(s.key) ?? 0) > s.revision).length, exports: { added, removed, net: added - removed }, findings, kconfig };
}

/** Findings of the period's newest versions, with a file. */
function periodFindings(): Finding[] {
  const ids = new Set(newestInPeriod().map((s) => `${s.key}#${s.revision}`));
  return report.findings.filter((f) => ids.has(`${f.subject.key}#${f.subject.revision}`) && f.location?.path);
}

/**
 * Two maintainers with Kconfig and export findings in the period: the people get_maintainer.pl
 * names (maintainersOf) for the Kconfig findings' files, those with the most Kconfig findings first.
 */
function chooseTwo(): string[] {
  const found = periodFindings();
  const score = new Map<string, { kconfig: number; exports: number }>();
  for (const f of found.filter((x) => x.ruleId === 'kconfig-select')) {
    const a = maintainersOf(maintainers, f.location?.path ?? '');
    for (const p of a.maintainers.map((e) => parseEmail(e).address.toLowerCase())) {
      const s = score.get(p) ?? { kconfig: 0, exports: 0 };
      s.kconfig++;
      score.set(p, s);
    }
  }
  for (const [p, s] of score) s.exports = found.filter((f) => f.ruleId === 'symbol-exports' && owns(p, f.location?.path ?? '')).length;
  return [...score]
    .filter(([, s]) => s.kconfig > 0 && s.exports > 0)
    .sort(([a, x], [b, y]) => y.kconfig - x.kconfig || y.exports - x.exports || (a < b ? -1 : 1))
    .slice(0, 2)
    .map(([p]) => p);
}

test('digests of two maintainers equal the counts taken from the JSON report of the same series', async () => {
  const people = chooseTwo();
  assert.equal(people.length, 2, 'two maintainers with Kconfig and export findings in the period');
  for (const person of people) {
    const r = await runKvetch(['digest', '--maintainer', person, '--since', SINCE, '--until', UNTIL, '--tree', join(corpus, 'linux-6.12'), '--db', db, '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const [d] = (JSON.parse(r.stdout) as { digests: Digest[] }).digests;
    assert.ok(d, `a digest for ${person}`);
    const want = expected(person);
    const kconfig = new Set(d.subsystems.flatMap((s) => s.kconfig.map((k) => `${k.series} ${k.path} ${k.message}`)));
    const got = { series: d.totals.series, superseded: d.totals.byState.superseded, exports: d.totals.exports, findings: d.totals.findings, kconfig: kconfig.size };
    assert.deepEqual(got, want, person);
    assert.ok(want.kconfig > 0 && want.exports.added + want.exports.removed > 0);
    process.stdout.write(`${person}: ${JSON.stringify(want)}\n`);
  }
});

test("the digest's MAINTAINERS index answers as matchSections on every 8th path of the corpus", () => {
  const index = new MaintainersIndex(maintainers);
  const all = [...new Set(report.series.flatMap(pathsOf))].sort();
  // matchSections takes milliseconds a path: a strided eighth (about 7,000 paths) across the tree.
  const paths = all.filter((_, i) => i % 8 === 0);
  const name = (ms: { section: { line: number }; depth: number }[]): string => ms.map((m) => `${m.section.line}:${m.depth}`).join(' ');
  for (const path of paths) assert.equal(name(index.sectionsOf(path)), name(matchSections(maintainers, path)), path);
  assert.ok(paths.length > 5_000, `${paths.length} paths`);
  process.stdout.write(`index = matchSections on ${paths.length} of the corpus's ${all.length} paths\n`);
});
