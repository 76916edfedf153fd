/**
 * The series phase with `--tree` in worker threads (pipeline/series-pool.ts): each worker
 * opens the tree on disk itself; the findings, and their order, are those of the main thread
 * alone. A worker that cannot open the tree fails its series, and the main thread analyses them.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { ANALYZERS } from '../../../src/analyzers/index.js';
import { openInputs } from '../../../src/ingest/index.js';
import { KernelTree } from '../../../src/kernel/tree.js';
import { parseDiff } from '../../../src/diff/parse.js';
import { runPatchPhase } from '../../../src/engine/run-analyzers.js';
import { runPrepared } from '../../../src/pipeline/analyze-series.js';
import { SeriesPool } from '../../../src/pipeline/series-pool.js';
import { triage } from '../../../src/pipeline/triage.js';
import { coverMail, mbox, patchMail } from '../support/mail.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-series-pool-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const TREE: Record<string, string> = {
  Kconfig: 'source "arch/$(SRCARCH)/Kconfig"\nsource "drivers/Kconfig"\nsource "virt/kvm/Kconfig"\n',
  'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n\tselect HAS_IOMEM\n',
  'arch/riscv/Kconfig': 'config RISCV\n\tdef_bool y\n\nsource "arch/riscv/kvm/Kconfig"\n',
  'arch/riscv/kvm/Kconfig': 'config KVM\n\ttristate "Kernel-based Virtual Machine (KVM) support"\n',
  'drivers/Kconfig': 'menu "Device Drivers"\nsource "drivers/foo/Kconfig"\nsource "drivers/net/Kconfig"\nendmenu\n',
  'drivers/foo/Kconfig': 'config FOO_CORE\n\ttristate\n\tdepends on PCI && HAS_IOMEM\n',
  'drivers/net/Kconfig': 'config FOO_NET\n\ttristate "Foo network driver"\n',
  'virt/kvm/Kconfig': 'config KVM_VFIO\n\tbool\n',
};
const root = join(dir, 'linux');
for (const [path, text] of Object.entries(TREE)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}
const notATree = join(dir, 'empty');
mkdirSync(notATree);

const selectDiff = (path: string, entry: string, kind: string, select: string) =>
  `diff --git a/${path} b/${path}\nindex 1111111..2222222 100644\n--- a/${path}\n+++ b/${path}\n@@ -1,2 +1,3 @@\n config ${entry}\n \t${kind}\n+\tselect ${select}\n`;

/** Twelve series, in turns: a select the tree does not allow, KVM selecting KVM_VFIO on riscv, a new export. */
function archive(): string {
  const mails: string[] = [];
  for (let i = 0; i < 12; i++) {
    const subject = (n: number) => `[PATCH ${n}/2] series ${i}: part ${n}`;
    const diffs = [
      selectDiff('drivers/net/Kconfig', 'FOO_NET', 'tristate "Foo network driver"', 'FOO_CORE'),
      selectDiff('arch/riscv/kvm/Kconfig', 'KVM', 'tristate "Kernel-based Virtual Machine (KVM) support"', 'KVM_VFIO'),
      undefined,
    ];
    const cover = `<cover.${i}@example.org>`;
    mails.push(coverMail({ subject: `[PATCH 0/2] series ${i}`, messageId: cover }));
    mails.push(patchMail({ subject: subject(1), inReplyTo: cover, references: [cover], ...(diffs[i % 3] ? { diff: diffs[i % 3], path: i % 3 === 0 ? 'drivers/net/Kconfig' : 'arch/riscv/kvm/Kconfig' } : { added: [`EXPORT_SYMBOL_GPL(helper_${i});`] }) }));
    mails.push(patchMail({ subject: subject(2), inReplyTo: cover, references: [cover], added: [`int more_${i};`] }));
  }
  return mbox(...mails);
}

const file = join(dir, 'series.mbox');
writeFileSync(file, archive());
const run = (o: { jobs: number; treeRoot?: string }) =>
  triage(openInputs([file], { env: {}, bases: {} }).items, { jobs: o.jobs, tree: KernelTree.open(root), ...(o.treeRoot ? { treeRoot: o.treeRoot } : {}) });

test('with workers the findings are those of the main thread alone, in the same order, and the tree was used', async () => {
  const alone = await run({ jobs: 2 });
  const pooled = await run({ jobs: 2, treeRoot: root });
  assert.equal(alone.series.length, 12);
  const treeBased = alone.findings.filter((f) => /checked against the kernel tree/.test(String(f.data?.basis ?? '')));
  assert.equal(treeBased.length, 8, 'four FOO_CORE selects and four KVM_VFIO selects judged against the tree');
  assert.ok(alone.findings.some((f) => f.ruleId === 'symbol-exports'));
  assert.deepEqual(JSON.parse(JSON.stringify(pooled.findings)), JSON.parse(JSON.stringify(alone.findings)));
  assert.deepEqual(pooled.series.map((s) => s.key), alone.series.map((s) => s.key));
});

test('workers that cannot open the tree: their series are analysed on the main thread, nothing lost', async () => {
  const alone = await run({ jobs: 2 });
  const fallen = await run({ jobs: 2, treeRoot: notATree });
  assert.deepEqual(JSON.parse(JSON.stringify(fallen.findings)), JSON.parse(JSON.stringify(alone.findings)));
});

test('SeriesPool.run answers each series as runPrepared does on the main thread; a pool without a tree rejects', async () => {
  const tree = KernelTree.open(root);
  const pool = new SeriesPool(2, root);
  const broken = new SeriesPool(1, notATree);
  try {
    const diffs = [selectDiff('arch/riscv/kvm/Kconfig', 'KVM', 'tristate "Kernel-based Virtual Machine (KVM) support"', 'KVM_VFIO'), selectDiff('drivers/net/Kconfig', 'FOO_NET', 'tristate "Foo network driver"', 'FOO_CORE')];
    const patches = diffs.map((d, i) => ({
      index: i + 1,
      messageId: `<p${i + 1}@x>`,
      facts: runPatchPhase(ANALYZERS, { messageId: `<p${i + 1}@x>`, subject: 's', files: parseDiff(d).files }).facts,
    }));
    const input = { key: 'k', revision: 1, subject: 's', patches };
    const ids: [number, string][] = [[1, '<p1@x>'], [2, '<p2@x>']];
    const local = runPrepared(ANALYZERS, { own: [], input, messageIds: ids }, tree);
    assert.deepEqual(local.map((f) => f.messageId).sort(), ['kvmVfioSelect', 'unmetDependency'].sort(), 'both selects judged');
    const remote = await Promise.all([pool.run(input, ids), pool.run(input, ids), pool.run(input, ids)]);
    for (const r of remote) assert.deepEqual(r, local);
    await assert.rejects(broken.run(input, ids), /not a kernel source tree|series worker exited|no series worker left/);
    await assert.rejects(broken.run(input, ids), /no series worker left/, 'a dead pool says so at once');
  } finally {
    await pool.close();
    await broken.close();
  }
});
