/**
 * Conformance with patchwork's own series test mails (../shared/peers/patchwork/series):
 * every file, every field (the full run, not only the asserted ones).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkPaths as runCheck } from '../support/check.js';
import type { Series } from '../../src/model/series.js';
import { sharedDir } from '../support/shared-dir.js';

interface ExpectedSeries {
  position: number;
  has_cover: boolean;
  cover: string | null;
  patch_count: number;
  patches: string[];
  version: number;
  total: number;
  complete: boolean;
}
interface ExpectedFile {
  mail_count: number;
  counts: { covers: number; patches: number; comments: number };
  series_count: number;
  series: ExpectedSeries[];
}

const dir = join(sharedDir(), 'peers', 'patchwork', 'series');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { files: Record<string, ExpectedFile> };

test('the expected.json lists every series mbox', () => {
  assert.ok(Object.keys(expected.files).length >= 28);
});

for (const [name, exp] of Object.entries(expected.files)) {
  test(`patchwork series case ${name}`, async () => {
    const r = await runCheck([join(dir, name)], { jobs: 1 });
    assert.equal(r.stats.messages, exp.mail_count, 'mail count');
    const covers = r.series.filter((s) => s.cover).length;
    const patches = r.series.reduce((n, s) => n + s.patches.length, 0);
    assert.deepEqual({ covers, patches, comments: r.stats.messages - covers - patches }, exp.counts, 'counts');
    assert.equal(r.series.length, exp.series_count, 'series count');
    for (const es of exp.series) {
      const anchor = es.cover ?? es.patches[0];
      const got = r.series.find((s: Series) => s.cover?.messageId === anchor || s.patches.some((p) => p.messageId === anchor));
      assert.ok(got, `series #${es.position} (with ${anchor}) was not assembled`);
      const label = `series #${es.position}`;
      assert.equal(got.cover?.messageId ?? null, es.cover, `${label} cover`);
      assert.deepEqual(got.patches.map((p) => p.messageId).sort(), [...es.patches].sort(), `${label} patches`);
      assert.equal(got.revision, es.version, `${label} version`);
      assert.equal(got.total, es.total, `${label} total`);
      assert.equal(got.complete, es.complete, `${label} complete`);
    }
    // base-extra-patches.mbox's [PATCH 3/2] was written by hand: its two hunk headers are
    // swapped (`@@ -1,8 +0,0 @@` on a new file), so kvetch rightly flags the counts, and its
    // counter numbers a patch above the total (kept as an extra, said); nothing else.
    const input = r.findings.filter((f) => f.ruleId.startsWith('input/')).map((f) => f.ruleId).sort();
    const allowed = name === 'base-extra-patches.mbox' ? ['input/bad-counter', 'input/diff-hunk-count-mismatch', 'input/diff-hunk-count-mismatch'] : [];
    assert.deepEqual(input, allowed, 'input findings');
  });
}
