/**
 * The export macro table (src/analyzers/lib/export-macros.ts) against the macros' own
 * definitions in the corpus's linux-6.12: GPL-only or not, namespace or module list, and the
 * Kconfig condition, read from each `#define` (and the `#if` around it) by kvetch's wrapper
 * reader. Macros of later kernels (v6.16+) and of old ones (≤ 5.x) must be absent from 6.12.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { collectDefines, type MacroDef } from '../../src/analyzers/lib/export-defines.js';
import { EXPORT_MACROS, type MacroFacts } from '../../src/analyzers/lib/export-macros.js';
import { expandWrapper } from '../../src/analyzers/lib/export-wrappers.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { corpusDir } from '../support/shared-dir.js';

/** In the table from ../shared/DOMAIN.md §1, not in 6.12 (newer, or gone before 6.1). */
const NOT_IN_6_12 = ['EXPORT_SYMBOL_FOR_MODULES', 'EXPORT_SYMBOL_FOR_KVM_INTERNAL', 'EXPORT_SYMBOL_FOR_KVM', 'EXPORT_UNUSED_SYMBOL', 'EXPORT_UNUSED_SYMBOL_GPL', 'EXPORT_SYMBOL_GPL_FUTURE'];
/** Conditions under which a definition may export nothing without the export being conditional: user-space and tool builds, no tracepoints at all. */
const TOOL_CONDITION = /__KERNEL__|__CHECKER__|__GENKSYMS__|__DISABLE_EXPORTS|CONFIG_TRACEPOINTS|TRACEPOINTS_ENABLED|TRACE_HEADER_MULTI_READ|CONFIG_MODULES/;

function definitions(tree: KernelTree, macro: string): MacroDef[] {
  return tree.filesDefining(macro, 'include/linux/export.h').flatMap((f) => collectDefines((tree.readFile(f) ?? '').split('\n'), f).filter((d) => d.name === macro));
}

/** What a definition whose body is `__EXPORT_SYMBOL(sym, license, ns)` or `_EXPORT_SYMBOL(sym, license)` says. */
function baseFacts(body: string): { gpl: boolean; namespace: 'arg' | null; modules: boolean } | null {
  const m = /^_{1,2}EXPORT_SYMBOL\(\s*\w+\s*,\s*"(GPL)?"\s*(?:,\s*(.*))?\)$/.exec(body);
  if (!m) return null;
  const ns = (m[2] ?? '').trim();
  return { gpl: m[1] === 'GPL', namespace: /__stringify\(ns\)/.test(ns) ? 'arg' : null, modules: /"module:"/.test(ns) };
}

test('every export macro of the table says what its definition in linux-6.12 does', (t) => {
  const tree = KernelTree.open(join(corpusDir(), 'linux-6.12'));
  const absent: string[] = [];
  for (const [macro, facts] of Object.entries(EXPORT_MACROS)) {
    const defs = definitions(tree, macro);
    if (defs.length === 0) {
      absent.push(macro);
      continue;
    }
    const live = defs.filter((d) => d.body.length > 0);
    const empty = defs.filter((d) => d.body.length === 0);
    t.diagnostic(`${macro}: ${defs.map((d) => `${d.file}: [${d.condition ?? ''}] ${d.body || '(empty)'}`).join(' | ')}`);
    assert.ok(live.length > 0, `${macro}: every definition in 6.12 is empty`);
    checkCondition(macro, facts, defs, empty);
    const base = baseFacts((live[0] as MacroDef).body);
    if (base) {
      assert.equal(base.gpl, facts.gpl, `${macro}: GPL-only in 6.12 is ${base.gpl}`);
      assert.equal(base.namespace, facts.namespace === 'arg' ? 'arg' : null, `${macro}: namespace from the argument`);
      assert.equal(base.modules, facts.modules === 'arg', `${macro}: module list from the argument`);
      continue;
    }
    // Defined in terms of other export macros: follow it as kvetch follows any wrapper.
    const site = { symbol: 'sym', macro, gpl: false, namespace: '', kind: 'symbol' as const, line: 1, unknown: { args: ['sym'] } };
    const got = expandWrapper(site, (m) => (m === macro ? live : []));
    assert.ok(got && got.length > 0, `${macro}: its 6.12 definition (${(live[0] as MacroDef).body}) ends in no known export macro`);
    for (const g of got) {
      assert.equal(g.gpl, facts.gpl, `${macro} → ${g.via}: GPL-only`);
      const ns = facts.namespace === null ? '' : facts.namespace === 'arg' ? '(arg)' : facts.namespace.fixed;
      if (facts.kind === 'symbol') assert.equal(g.namespace, ns, `${macro} → ${g.via}: namespace`);
    }
  }
  assert.deepEqual(absent.sort(), [...NOT_IN_6_12].sort(), 'macros of the table not defined in linux-6.12');
});

/** A table condition names the CONFIG_ symbol the definition's #if (with an empty #else) tests; no condition means no such #if. */
function checkCondition(macro: string, facts: MacroFacts, defs: MacroDef[], empty: MacroDef[]): void {
  const config = /CONFIG_\w+/.exec(facts.condition ?? '')?.[0];
  if (config) {
    assert.ok(empty.length > 0, `${macro}: the table says "only when ${facts.condition}", but 6.12 has no empty variant`);
    assert.ok(
      defs.some((d) => d.body.length > 0 && (d.condition ?? '').includes(config)),
      `${macro}: the table's condition ${config} is not the #if around its definition (${defs.map((d) => d.condition ?? '(none)').join(', ')})`,
    );
    return;
  }
  for (const d of empty) assert.match(d.condition ?? '', TOOL_CONDITION, `${macro}: 6.12 defines it empty when ${d.condition ?? '(no #if)'}, the table gives no condition`);
}
