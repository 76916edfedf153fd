/**
 * kconfig-select on the whole corpus with --tree linux-6.1: every finding is sorted into a kind
 * by looking at what upstream did (the 6.12 tree), and the facts each finding rests on (the
 * selector selects the symbol, the symbol depends on the dependency) are confirmed by
 * Debian's python3-kconfiglib on the tree where they hold. docs/analyzers/kconfig-select.md
 * explains the kinds and ten findings checked by hand; the counts here are the ones it lists.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/model/finding.js';
import { certainDependencies, common } from '../../src/kernel/guarantees.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { checkPaths as runCheck } from '../support/check.js';
import { corpusDir } from '../support/shared-dir.js';

/** The kinds and their counts, as docs/analyzers/kconfig-select.md lists them. */
const EXPECTED: Record<string, number> = { 'unproven-upstream-too': 29, 'target-changed-elsewhere': 21, 'guarantee-added-elsewhere': 4 };

const dump = fileURLToPath(new URL('../../../test/support/kconfiglib-dump.py', import.meta.url));
const archOf = (path: string): string => /^arch\/([^/]+)\//.exec(path)?.[1] ?? 'x86';

test('kconfig-select on the corpus with --tree linux-6.1: every finding is of a known kind', async (t) => {
  const dir = corpusDir();
  const result = await runCheck([join(dir, 'series.mbox')], { jobs: 2, tree: KernelTree.open(join(dir, 'linux-6.1')) });
  const found = result.findings.filter((f) => f.ruleId === 'kconfig-select');
  assert.deepEqual(found.filter((f) => f.messageId !== 'unmetDependency'), [], 'the corpus never touches the KVM_VFIO selects');

  const upstream = KernelTree.open(join(dir, 'linux-6.12'));
  const kinds = new Map<string, Finding[]>();
  for (const f of found) {
    const d = f.data as Record<string, string>;
    const kc = upstream.kconfig(archOf(d.path as string));
    const stillSelects = kc.definitions(d.selector as string).some((e) => (e as { selects?: { symbol: string }[] }).selects?.some((s) => s.symbol === d.symbol));
    const stillNeeds = common(kc.definitions(d.symbol as string).map(certainDependencies)).includes(d.dependency as string);
    const kind = !stillSelects ? 'select-gone' : !stillNeeds ? 'target-changed-elsewhere' : kc.implied([d.selector as string]).has(d.dependency as string) ? 'guarantee-added-elsewhere' : 'unproven-upstream-too';
    kinds.set(kind, [...(kinds.get(kind) ?? []), f]);
  }
  const counts = Object.fromEntries([...kinds].map(([k, v]) => [k, v.length]));
  t.diagnostic(`${found.length} findings: ${JSON.stringify(counts)}`);
  assert.deepEqual(counts, EXPECTED);

  // The facts behind every finding whose select and dependency are still there upstream, as
  // kconfiglib reads the 6.12 tree: the select exists and the dependency is the target's.
  const upstreamFacts = [...(kinds.get('unproven-upstream-too') ?? []), ...(kinds.get('guarantee-added-elsewhere') ?? [])];
  const byArch = new Map<string, Finding[]>();
  for (const f of upstreamFacts) byArch.set(archOf(String(f.data?.path)), [...(byArch.get(archOf(String(f.data?.path))) ?? []), f]);
  for (const [arch, list] of byArch) {
    const queries = list.map((f) => ({ selector: f.data?.selector, symbol: f.data?.symbol, dependency: f.data?.dependency }));
    const out = JSON.parse(execFileSync('/usr/bin/python3', [dump, join(dir, 'linux-6.12'), arch, '--facts'], { input: JSON.stringify(queries), maxBuffer: 16 << 20, encoding: 'utf8' })) as { selects: boolean; needs: boolean }[];
    const wrong = list.filter((_, i) => !out[i]?.selects || !out[i]?.needs).map((f) => f.message);
    assert.deepEqual(wrong, [], `${arch}: kconfiglib disagrees with the facts of these findings`);
  }
});
