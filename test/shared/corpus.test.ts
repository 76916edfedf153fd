/**
 * The full corpus (../shared/corpus/build.sh): every series and patch of the 6.1 → 6.12
 * change set is assembled, with no input finding, through the real CLI; the counts are the
 * manifest's, and the versions of every series are the ones its versioning rules send.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkPaths as runCheck } from '../support/check.js';
import { corpusDir } from '../support/shared-dir.js';

interface Manifest {
  series: number;
  patches: number;
  cover_letters: number;
  mails: number;
  distinct_series: number;
  patches_in_latest_versions: number;
  series_by_version: Record<string, number>;
  superseded_covers: string[];
  sample_series: number;
  sample_patches: number;
  rules: { versions: string };
}
interface Doc {
  schemaVersion: number;
  stats: { messages: number };
  series: {
    key: string;
    revision: number;
    date: string;
    complete: boolean;
    newest: boolean;
    supersededBy: number | null;
    cover: { messageId: string } | null;
    patches: { index: number; files: string[] }[];
    missing: { from: number; to: number }[];
  }[];
  findings: { ruleId: string }[];
}

const dir = corpusDir();
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** The versioning rules as manifest.json states them; versionsOf below implements exactly these. */
const VERSION_RULES = 'series i: i%10==3 -> v1 without its last patch + v2; i%30==17 -> v1 (n-2), v2 (n-1), v3; i%50==41 -> v2 only';

/**
 * The versions series i (its covers are <cover.s{i}.v{version}.…>) is sent as, with the patch
 * count of each, when it has n patches. A rule that would leave a v1 with no patch at all (n = 1
 * for i%10==3, n < 3 for i%30==17) does not apply: the series is sent once, as a v1.
 */
function versionsOf(i: number, n: number): [number, number][] {
  if (i % 10 === 3 && n >= 2) return [[1, n - 1], [2, n]];
  if (i % 30 === 17 && n >= 3) return [[1, n - 2], [2, n - 1], [3, n]];
  if (i % 50 === 41) return [[2, n]];
  return [[1, n]];
}

test('kvetch check series.mbox --format json matches the corpus manifest', (t) => {
  assert.equal(manifest.rules.versions, VERSION_RULES, 'the corpus states other versioning rules than versionsOf implements: update it');
  const out = mkdtempSync(join(tmpdir(), 'kvetch-corpus-'));
  try {
    const file = join(out, 'report.json');
    execFileSync(process.execPath, [cli, 'check', join(dir, 'series.mbox'), '--format', 'json', '--no-progress', '-o', file], { stdio: 'inherit' });
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    assert.equal(doc.schemaVersion, 3);
    assert.equal(doc.stats.messages, manifest.mails, 'mails');
    assert.equal(doc.series.length, manifest.series, 'series');
    assert.equal(doc.series.reduce((n, s) => n + s.patches.length, 0), manifest.patches, 'patches');
    assert.equal(doc.series.filter((s) => s.cover).length, manifest.cover_letters, 'cover letters');
    const byVersion: Record<string, number> = {};
    for (const s of doc.series) byVersion[String(s.revision)] = (byVersion[String(s.revision)] ?? 0) + 1;
    assert.deepEqual(byVersion, manifest.series_by_version, 'series by version');
    // Older versions carry fewer patches, numbered 1..N of their own count: complete all the same.
    assert.deepEqual(doc.series.filter((s) => !s.complete || s.missing.length > 0).map((s) => `${s.key} v${s.revision}`), [], 'every series complete');
    assert.deepEqual(doc.findings.filter((f) => f.ruleId.startsWith('input/')), [], 'no input findings on a clean corpus');

    // Every version of a series is assembled under one key, and a key holds one series.
    const byKey = new Map<string, Doc['series']>();
    for (const s of doc.series) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
    assert.equal(byKey.size, manifest.distinct_series, 'distinct series (keys)');
    const seen = new Set<number>();
    const shapes = new Map<string, number>();
    const superseded: string[] = [];
    let latestPatches = 0;
    for (const [key, family] of byKey) {
      family.sort((a, b) => a.revision - b.revision);
      const ids = family.map((s) => /^<cover\.s(\d+)\.v(\d+)\./.exec(s.cover?.messageId ?? ''));
      assert.ok(ids.every((m, k) => m && m[1] === ids[0]?.[1] && Number(m[2]) === family[k]?.revision), `${key}: covers name one series and its versions: ${family.map((s) => s.cover?.messageId).join(',')}`);
      const i = Number(ids[0]?.[1]);
      assert.ok(!seen.has(i), `series ${i} under two keys`);
      seen.add(i);
      const newest = family.at(-1) as Doc['series'][number];
      const got = family.map((s) => [s.revision, s.patches.length]);
      assert.deepEqual(got, versionsOf(i, newest.patches.length), `${key} (series ${i}): versions and their patch counts`);
      for (let k = 1; k < family.length; k++) {
        const [older, newer] = [family[k - 1], family[k]] as [Doc['series'][number], Doc['series'][number]];
        assert.ok(newer.patches.length > older.patches.length, `${key}: v${newer.revision} has more patches than v${older.revision}`);
        assert.ok(Date.parse(newer.date) > Date.parse(older.date), `${key}: v${newer.revision} is dated after v${older.revision}`);
      }
      // An older version is the newest one without its last patches: the same files, patch by patch.
      for (const s of family.slice(0, -1)) {
        assert.deepEqual(s.patches.map((p) => p.files), newest.patches.slice(0, s.patches.length).map((p) => p.files), `${key}: v${s.revision} is a prefix of v${newest.revision}`);
        superseded.push(s.cover?.messageId as string);
      }
      latestPatches += newest.patches.length;
      const shape = family.map((s) => `v${s.revision}`).join('+');
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), [...Array(manifest.distinct_series).keys()], 'series numbered 0 .. distinct_series - 1');
    assert.deepEqual(superseded.sort(), [...manifest.superseded_covers].sort(), 'superseded covers');
    // kvetch's own word on it (schema 3): exactly those say they are not the newest, each superseded by the next revision.
    const saysSuperseded = doc.series.filter((s) => !s.newest);
    assert.deepEqual(saysSuperseded.map((s) => s.cover?.messageId as string).sort(), [...manifest.superseded_covers].sort(), 'newest: false on the superseded covers only');
    for (const s of doc.series) assert.equal(s.supersededBy, s.newest ? null : s.revision + 1, `${s.key} v${s.revision}: supersededBy`);
    assert.equal(latestPatches, manifest.patches_in_latest_versions, 'patches in the latest versions');
    t.diagnostic(`families by versions sent: ${JSON.stringify(Object.fromEntries(shapes))}`);
    // Every shape the rules describe is in the corpus (v2 only, v1+v2, v1+v2+v3), and no other.
    assert.deepEqual([...shapes.keys()].sort(), ['v1', 'v1+v2', 'v1+v2+v3', 'v2'], 'versioning shapes');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('sample.mbox gives the same result with and without worker threads', async () => {
  const one = await runCheck([join(dir, 'sample.mbox')], { jobs: 1 });
  const two = await runCheck([join(dir, 'sample.mbox')], { jobs: 2 });
  assert.equal(one.series.length, manifest.sample_series, 'sample series');
  assert.equal(one.series.reduce((n, s) => n + s.patches.length, 0), manifest.sample_patches, 'sample patches');
  assert.deepEqual(two.series, one.series);
  assert.deepEqual(two.findings, one.findings);
});
