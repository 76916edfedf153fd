/**
 * The full corpus (../shared/corpus/build.sh): every series and patch of the 6.1 → 6.12
 * change set is assembled, with no input finding, through the real CLI.
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
  series_by_version: Record<string, number>;
}
interface Doc {
  schemaVersion: number;
  series: { key: string; revision: number; complete: boolean; cover: unknown; patches: unknown[]; missing: number[] }[];
  findings: { ruleId: string }[];
}

const dir = corpusDir();
const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

test('kvetch check series.mbox --format json matches the corpus manifest', () => {
  const out = mkdtempSync(join(tmpdir(), 'kvetch-corpus-'));
  try {
    const file = join(out, 'report.json');
    execFileSync(process.execPath, [cli, 'check', join(dir, 'series.mbox'), '--format', 'json', '--no-progress', '-o', file], { stdio: 'inherit' });
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Doc;
    assert.equal(doc.schemaVersion, 1);
    assert.equal(doc.series.length, manifest.series, 'series');
    assert.equal(doc.series.reduce((n, s) => n + s.patches.length, 0), manifest.patches, 'patches');
    assert.equal(doc.series.filter((s) => s.cover).length, manifest.cover_letters, 'cover letters');
    const byVersion: Record<string, number> = {};
    for (const s of doc.series) byVersion[String(s.revision)] = (byVersion[String(s.revision)] ?? 0) + 1;
    assert.deepEqual(byVersion, manifest.series_by_version, 'series by version');
    // One series in ten is sent twice: a v1 without its last patch (numbered 1..N-1, so
    // complete by its own count), then the full v2 under the same key.
    assert.deepEqual(doc.series.filter((s) => !s.complete), [], 'every series complete');
    const byKey = new Map<string, Doc['series']>();
    for (const s of doc.series) byKey.set(s.key, [...(byKey.get(s.key) ?? []), s]);
    for (const s of doc.series.filter((x) => x.revision === 2)) {
      const v1 = (byKey.get(s.key) ?? []).find((x) => x.revision === 1);
      assert.ok(v1, `v2 ${s.key} has its v1 under the same key`);
      assert.equal(v1.patches.length, s.patches.length - 1, `v1 of ${s.key} lacks the last patch`);
    }
    assert.deepEqual(doc.findings.filter((f) => f.ruleId.startsWith('input/')), [], 'no input findings on a clean corpus');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('sample.mbox gives the same result with and without worker threads', async () => {
  const one = await runCheck([join(dir, 'sample.mbox')], { jobs: 1 });
  const two = await runCheck([join(dir, 'sample.mbox')], { jobs: 2 });
  assert.ok(one.series.length > 10);
  assert.deepEqual(two.series, one.series);
  assert.deepEqual(two.findings, one.findings);
});
