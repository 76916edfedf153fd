/**
 * Derived guarantees on the real thing: `kvetch check` over the whole corpus with --tree
 * linux-6.1, and for every patched Kconfig tree a series makes, the guarantees derived from the
 * unpatched tree's (what kconfig-select uses) are compared with guarantees built from nothing:
 * the same facts (on, on with dependencies, off) for every one.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { Guarantees } from '../../src/kconfig/guarantees.js';
import type { KconfigDb } from '../../src/kconfig/parse.js';
import { reparseKconfig } from '../../src/kconfig/reparse.js';
import { KernelTree } from '../../src/kernel/tree.js';
import type { KconfigView } from '../../src/model/tree.js';
import { checkPaths } from '../support/check.js';
import { corpusDir } from '../support/shared-dir.js';

class ComparingTree extends KernelTree {
  readonly bases = new WeakMap<KconfigDb, Guarantees>();
  compared = 0;
  readonly differ: string[] = [];

  override kconfig(arch: string, changes?: ReadonlyMap<string, string | null>): KconfigView {
    const view = super.kconfig(arch, changes);
    const base = this.kconfigDb(arch);
    const touched = [...(changes?.keys() ?? [])].filter((p) => base.contexts.has(p));
    if (!changes || touched.length === 0) return view;
    const patched = reparseKconfig(base, { read: (p) => (changes.has(p) ? (changes.get(p) ?? null) : this.readFile(p)) }, touched);
    let g = this.bases.get(base);
    if (!g) this.bases.set(base, (g = new Guarantees(base)));
    const built = JSON.stringify(new Guarantees(patched).facts());
    const derived = JSON.stringify(new Guarantees(patched, g, 1).facts());
    this.compared++;
    if (built !== derived) this.differ.push(`${arch}: ${touched.join(', ')}`);
    return view;
  }
}

test('guarantees-derive on the corpus with --tree linux-6.1: every patched tree\'s derived facts are the built ones', async (t) => {
  const dir = corpusDir();
  const tree = new ComparingTree(join(dir, 'linux-6.1'));
  await checkPaths([join(dir, 'series.mbox')], { jobs: 2, tree });
  t.diagnostic(`${tree.compared} patched Kconfig trees compared`);
  assert.ok(tree.compared >= 100, `only ${tree.compared} patched Kconfig trees: the corpus should make hundreds`);
  assert.deepEqual(tree.differ, []);
});
