/**
 * kconfig-select: `select` forces a symbol on without visiting its dependencies. This reports
 * added selects whose target has dependencies the selecting entry does not guarantee, and the
 * seed-002 hazard no dependency check sees: an arch selecting KVM_VFIO, whose code needs VFIO.
 * Diff-only reasoning: only the dependencies the series itself shows are known (see docs).
 */
import { CODE_DEPENDENCIES } from '../kernel/code-dependencies.js';
import { defineAnalyzer, factsPerFile } from './define.js';
import { requiredSymbols } from '../kernel/kconfig-expr.js';
import { scanKconfig, type EntryDeps, type KconfigFacts, type SelectChange } from './lib/kconfig-diff.js';

type M = 'kvmVfioSelect' | 'kvmVfioFixed' | 'unmetDependency';


export default defineAnalyzer<Record<string, never>, M, KconfigFacts[]>({
  meta: {
    id: 'kconfig-select',
    description: 'select of a symbol whose dependencies the selector does not guarantee; arch selects of KVM_VFIO (needs VFIO)',
    defaultSeverity: 'warning',
    messages: {
      kvmVfioSelect: '{{selector}} selects {{symbol}}, but {{why}}; nothing makes {{needs}} present. Select HAVE_KVM_ARCH_VFIO and let {{symbol}} depend on {{needs}} ({{basis}})',
      kvmVfioFixed: '{{selector}} no longer selects {{symbol}} and {{symbol}} now depends on {{needs}}: the randconfig hazard is resolved for {{path}}',
      unmetDependency: '{{selector}} selects {{symbol}}, which depends on {{dependency}}; {{selector}} does not guarantee it ({{basis}})',
    },
  },
  defaultOptions: {},

  patch(p) {
    return factsPerFile(p.files, scanKconfig);
  },

  series(s, ctx) {
    const selects: (SelectChange & { patch: number })[] = [];
    const entries = new Map<string, EntryDeps>();
    for (const p of s.patches) {
      for (const k of p.facts ?? []) {
        for (const sel of k.selects) selects.push({ ...sel, patch: p.index });
        for (const e of k.entries) entries.set(e.symbol, e);
      }
    }
    const tree = ctx.tree;
    for (const sel of selects) {
      const code = CODE_DEPENDENCIES[sel.symbol];
      const arch = archOf(sel.path);
      const target = entries.get(sel.symbol);
      // The target's certain dependencies: from the series when it shows the entry, else from the tree.
      const fromTree = !target && tree ? tree.kconfigDefinitions(arch, sel.symbol) : [];
      const targetNeeds = target ? target.depends.flatMap(requiredSymbols) : common(fromTree.map((d) => [...d.inherited, ...d.depends].flatMap(requiredSymbols)));
      const data = { selector: sel.entry || '(unknown entry)', symbol: sel.symbol, path: sel.path };
      const location = { path: sel.path, line: sel.line };
      const basis = tree ? `checked against the kernel tree for ${arch}` : 'only dependencies visible in this series were checked; pass --tree for the whole tree';
      if (code && sel.change === 'add' && !targetNeeds.includes(code.needs)) {
        ctx.report({ messageId: 'kvmVfioSelect', severity: 'error', patch: sel.patch, data: { ...data, needs: code.needs, why: code.why, basis }, location, identity: { selector: data.selector, symbol: sel.symbol, path: sel.path } });
        continue;
      }
      if (code && sel.change === 'del' && targetNeeds.includes(code.needs)) {
        ctx.report({ messageId: 'kvmVfioFixed', severity: 'info', patch: sel.patch, data: { ...data, needs: code.needs }, location });
        continue;
      }
      if (sel.change !== 'add' || (!target && fromTree.length === 0)) continue;
      const selectorTree = tree ? tree.kconfigDefinitions(arch, sel.entry).filter((d) => d.file === sel.path) : [];
      // With a tree but a selector the tree does not have (an entry the series creates), the
      // conditions of its enclosing if/menu blocks are unknown: claim nothing.
      if (tree && selectorTree.length === 0) continue;
      const own = new Set([
        ...(entries.get(sel.entry)?.depends ?? []).flatMap(requiredSymbols),
        ...selectorTree.flatMap((d) => [...d.inherited, ...d.depends].flatMap(requiredSymbols)),
        ...requiredSymbols(sel.cond),
        sel.entry,
      ]);
      // What is on whenever the selector is: its certain dependencies, and what they and the
      // selector itself select unconditionally (FB selects FB_CORE, so `depends on FB` is enough).
      for (let round = 0; round < 3 && tree; round++) {
        for (const sym of [...own]) {
          const fromSeries = selects.filter((x) => x.entry === sym && x.change === 'add' && !x.cond).map((x) => x.symbol);
          const fromTree = tree.kconfigDefinitions(arch, sym).flatMap((d) => (d.selects ?? []).filter((x) => !x.cond && !x.weak).map((x) => x.symbol));
          for (const t of [...fromSeries, ...fromTree]) own.add(t);
        }
      }
      for (const dep of targetNeeds) {
        if (own.has(dep) || dep.startsWith('<')) continue;
        ctx.report({ messageId: 'unmetDependency', patch: sel.patch, data: { ...data, dependency: dep, basis }, location, identity: { selector: data.selector, symbol: sel.symbol, dependency: dep } });
      }
    }
  },
});

/** The architecture a Kconfig file belongs to; generic files are read with x86's tree. */
function archOf(path: string): string {
  return /^arch\/([^/]+)\//.exec(path)?.[1] ?? 'x86';
}

/** Symbols every definition requires (a symbol defined twice needs what both need). */
function common(lists: string[][]): string[] {
  if (lists.length === 0) return [];
  return (lists[0] ?? []).filter((s) => lists.every((l) => l.includes(s)));
}
