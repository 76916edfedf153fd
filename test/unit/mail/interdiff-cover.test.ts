/**
 * Issue 17 §2 with real git: `git format-patch --cover-letter -v2 --interdiff=v1` puts the diff
 * between v1 and v2 into the cover letter. kvetch must see a v2 of two patches with its cover
 * (not `0/2 … 1/2 … 2/2` as three patches), and nothing the interdiff alone adds is analysed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkBytes } from '../../support/check.js';

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Jane Hacker', '-c', 'user.email=jane@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2024-03-04T10:00:00Z', GIT_COMMITTER_DATE: '2024-03-04T10:00:00Z' } });
}

test('a cover letter written by git format-patch --interdiff is the cover; its interdiff is not analysed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kvetch-interdiff-'));
  try {
    git(dir, 'init', '-q', '-b', 'main');
    await mkdir(join(dir, 'drivers/gpio'), { recursive: true });
    const file = join(dir, 'drivers/gpio/gpio-frob.c');
    await writeFile(file, 'int frob_get(void) { return 0; }\nint frob_put(void) { return 0; }\n');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'base');
    const commit = async (text: string, msg: string) => {
      await writeFile(file, text);
      git(dir, 'commit', '-q', '-am', msg);
    };
    const base = 'int frob_get(void) { return 0; }\nint frob_put(void) { return 0; }\n';
    // v1 exports frob_get with EXPORT_SYMBOL; v2 does it with EXPORT_SYMBOL_GPL (the interdiff shows that change).
    git(dir, 'checkout', '-q', '-b', 'v1');
    await commit(`${base}EXPORT_SYMBOL(frob_get);\n`, 'gpio: frob: export frob_get');
    await commit(`${base}EXPORT_SYMBOL(frob_get);\n/* frob_put stays local */\n`, 'gpio: frob: document frob_put');
    git(dir, 'checkout', '-q', '-b', 'v2', 'main');
    await commit(`${base}EXPORT_SYMBOL_GPL(frob_get);\n`, 'gpio: frob: export frob_get');
    await commit(`${base}EXPORT_SYMBOL_GPL(frob_get);\n/* frob_put stays local */\n`, 'gpio: frob: document frob_put');
    const out = git(dir, 'format-patch', '--stdout', '--cover-letter', '-v2', '--interdiff=v1', '--thread=shallow', 'main..v2');
    assert.match(out, /^Subject: \[PATCH v2 0\/2\]/m);
    assert.match(out, /^Interdiff against v1:\n[\s\S]*^-EXPORT_SYMBOL\(frob_get\);$/m, 'git put the interdiff into the cover letter');
    const r = await checkBytes(Buffer.from(out), 'v2.mbox');
    assert.equal(r.series.length, 1);
    const s = r.series[0]!;
    assert.equal(s.revision, 2);
    assert.ok(s.cover, 'the 0/2 is the cover letter');
    assert.deepEqual(s.patches.map((p) => p.index), [1, 2]);
    assert.deepEqual([s.total, s.complete], [2, true]);
    assert.equal(r.stats.patches, 2);
    const exports = r.findings.filter((f) => f.ruleId === 'symbol-exports' && f.data?.symbol === 'frob_get');
    // The patches add a GPL-only export; the interdiff's `-EXPORT_SYMBOL(frob_get)` is not read as a removal.
    assert.deepEqual(exports.map((f) => [f.messageId, f.data?.macro, f.subject.patch]), [['added', 'EXPORT_SYMBOL_GPL', 1]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
