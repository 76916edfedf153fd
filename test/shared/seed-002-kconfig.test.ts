/**
 * Seed 002 (Jason Gunthorpe's KVM_VFIO Kconfig fix, a patchwork page): read through the whole
 * pipeline it is recognised as the fix; the same patch reversed is flagged on each arch line.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import kconfigSelect from '../../src/analyzers/kconfig-select.js';
import { detectArchivePage, pageToMessages } from '../../src/ingest/files/archive-page.js';
import { splitBody } from '../../src/mail/split-body.js';
import { checkPaths as runCheck } from '../support/check.js';
import { runAnalyzer } from '../support/analyzer-tester.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { corpusDir, sharedDir } from '../support/shared-dir.js';
import { reverseDiff } from '../support/reverse-diff.js';

const seeds = join(sharedDir(), 'seeds');
const file = join(seeds, readdirSync(seeds).find((f) => f.startsWith('002_')) ?? '002');

test('seed 002 through the pipeline: the four arch findings are resolved, no new one', async () => {
  const r = await runCheck([file], { jobs: 1 });
  const k = r.findings.filter((f) => f.ruleId === 'kconfig-select');
  assert.deepEqual(k.map((f) => f.messageId).sort(), ['kvmVfioFixed', 'kvmVfioFixed', 'kvmVfioFixed', 'kvmVfioFixed']);
  assert.deepEqual(k.map((f) => f.location?.path).sort(), ['arch/arm64/kvm/Kconfig', 'arch/powerpc/kvm/Kconfig', 'arch/s390/kvm/Kconfig', 'arch/x86/kvm/Kconfig']);
});

test('seed 002 reversed: each arch line that selects KVM_VFIO is flagged', () => {
  const text = readFileSync(file, 'utf8');
  const kind = detectArchivePage(text);
  assert.ok(kind);
  const patch = pageToMessages(text, kind, file).map((b) => b.toString('utf8')).find((m) => /^diff --git /m.test(m.split('\n\n').slice(1).join('\n\n')));
  assert.ok(patch, 'the patch message of the page');
  const diff = splitBody(patch.slice(patch.indexOf('\n\n') + 2)).diff;
  assert.ok(diff);
  const got = runAnalyzer(kconfigSelect, [reverseDiff(diff)]);
  assert.deepEqual(got.map((f) => f.messageId), ['kvmVfioSelect', 'kvmVfioSelect', 'kvmVfioSelect', 'kvmVfioSelect']);
  assert.deepEqual(got.map((f) => f.location?.path).sort(), ['arch/arm64/kvm/Kconfig', 'arch/powerpc/kvm/Kconfig', 'arch/s390/kvm/Kconfig', 'arch/x86/kvm/Kconfig']);
  for (const f of got) assert.equal(f.data?.selector, 'KVM');
});

for (const version of ['6.1', '6.12']) {
  test(`seed 002 checked against the linux-${version} tree (--tree): recognised as the fix, no new finding`, async () => {
    const tree = KernelTree.open(join(corpusDir(), `linux-${version}`));
    const r = await runCheck([file], { jobs: 1, tree });
    const k = r.findings.filter((f) => f.ruleId === 'kconfig-select');
    assert.deepEqual(k.map((f) => f.messageId), ['kvmVfioFixed', 'kvmVfioFixed', 'kvmVfioFixed', 'kvmVfioFixed']);
  });
}
