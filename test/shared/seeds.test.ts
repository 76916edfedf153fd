/**
 * The rendered archive pages in ../shared/seeds (pipermail, patchew, patchwork) read as mail:
 * no input findings, and the patches, files and replies each page shows.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkPaths as runCheck } from '../support/check.js';
import { sharedDir } from '../support/shared-dir.js';

const dir = join(sharedDir(), 'seeds');
const seed = (prefix: string): string => {
  const name = readdirSync(dir).find((n) => n.startsWith(prefix));
  assert.ok(name, `seed ${prefix}* missing from ${dir}`);
  return join(dir, name);
};
const inputFindings = (r: Awaited<ReturnType<typeof runCheck>>): string[] =>
  r.findings.filter((f) => f.ruleId.startsWith('input/')).map((f) => `${f.ruleId}: ${f.message}`);

test('seed 000 (pipermail reply): one comment, no input findings', async () => {
  const r = await runCheck([seed('000_')], { jobs: 1 });
  assert.deepEqual(inputFindings(r), []);
  assert.equal(r.stats.messages, 1);
  assert.equal(r.stats.comments, 1);
  assert.equal(r.stats.patches, 0);
});

test('seed 001 (patchew): patch 6/8 with its files, missing patches, replies', async () => {
  const r = await runCheck([seed('001_')], { jobs: 1 });
  assert.deepEqual(inputFindings(r), []);
  assert.equal(r.series.length, 1);
  const s = r.series[0];
  assert.ok(s);
  assert.equal(s.total, 8);
  assert.equal(s.complete, false);
  assert.deepEqual(s.missing, [{ from: 1, to: 5 }, { from: 7, to: 8 }]);
  assert.equal(s.patches.length, 1);
  const p = s.patches[0];
  assert.ok(p);
  assert.equal(p.index, 6);
  assert.match(p.subject, /^\[RFC\]\[PATCH 6\/8\] module: Add module specific symbol namespace support$/);
  assert.deepEqual(p.files.map((f) => f.path).sort(), ['kernel/module/main.c', 'scripts/mod/modpost.c']);
  assert.ok(s.replies.length >= 1);
  assert.ok(s.replies.every((x) => x.parent === p.messageId && x.subject.startsWith('Re: ')));
  assert.equal(r.stats.patches, 1);
  assert.equal(r.stats.comments, r.stats.messages - 1);
});

test('seed 002 (patchwork): one patch, the five Kconfig files, the comments as replies', async () => {
  const r = await runCheck([seed('002_')], { jobs: 1 });
  assert.deepEqual(inputFindings(r), []);
  assert.equal(r.series.length, 1);
  const s = r.series[0];
  assert.ok(s);
  assert.equal(s.patches.length, 1);
  const p = s.patches[0];
  assert.ok(p);
  assert.equal(p.messageId, '<0-v1-08396538817d+13c5-vfio_kvm_kconfig_jgg@nvidia.com>');
  assert.deepEqual(p.files.map((f) => f.path).sort(), [
    'arch/arm64/kvm/Kconfig',
    'arch/powerpc/kvm/Kconfig',
    'arch/s390/kvm/Kconfig',
    'arch/x86/kvm/Kconfig',
    'virt/kvm/Kconfig',
  ]);
  assert.equal(s.replies.length, 12);
  assert.ok(s.replies.every((x) => x.parent === p.messageId && x.subject.startsWith('Re: ')));
  assert.equal(r.stats.messages, 13);
});

test('seed 003 (pipermail reply to a cover letter): one comment, no input findings', async () => {
  const r = await runCheck([seed('003_')], { jobs: 1 });
  assert.deepEqual(inputFindings(r), []);
  assert.equal(r.stats.messages, 1);
  assert.equal(r.stats.comments, 1);
  assert.equal(r.series.filter((s) => s.cover !== null).length, 0);
});

test('the whole seeds directory: no input findings', async () => {
  const r = await runCheck([dir], { jobs: 1 });
  assert.deepEqual(inputFindings(r), []);
  assert.equal(r.stats.patches, 2);
});
