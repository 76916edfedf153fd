/**
 * kconfig-select: `select` forces a symbol on without visiting its dependencies. This reports
 * added selects whose target has dependencies the selecting entry does not guarantee, and the
 * seed-002 hazard no dependency check sees: an arch selecting KVM_VFIO, whose code needs VFIO.
 * With --tree the series is applied to the tree's Kconfig and both entries are read from the
 * result; without it only what the diff shows is known (see docs).
 */
import { CODE_DEPENDENCIES } from '../kconfig/code-dependencies.js';
import { common, certainDependencies } from '../kconfig/closure.js';
import { requiredSymbols } from '../kconfig/expr.js';
import { defineAnalyzer, factsPerFile } from './define.js';
import { applyKconfigEdits } from './lib/kconfig-apply.js';
import { scanKconfig, type EntryDeps, type KconfigFacts, type SelectChange } from './lib/kconfig-diff.js';
import type { KconfigView } from '../model/tree.js';

type M = 'kvmVfioSelect' | 'kvmVfioFixed' | 'unmetDependency';

export default defineAnalyzer<Record<string, never>, M, KconfigFacts[]>({
  meta: {
    id: 'kconfig-select',
    group: 'kconfig',
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
    const facts = s.patches.flatMap((p) => p.facts ?? []);
    for (const p of s.patches) for (const k of p.facts ?? []) for (const sel of k.selects) selects.push({ ...sel, patch: p.index });
    for (const k of facts) for (const e of k.entries) entries.set(e.symbol, e);
    if (selects.length === 0) return;

    const tree = ctx.tree;
    const applied = tree ? applyKconfigEdits(facts.map((k) => k.edit), (p) => tree.readFile(p)) : undefined;
    const views = new Map<string, KconfigView>();
    const viewFor = (arch: string): KconfigView | undefined => {
      if (!tree || !applied) return undefined;
      let v = views.get(arch);
      if (!v) views.set(arch, (v = tree.kconfig(arch, applied.changes)));
      return v;
    };

    for (const sel of selects) {
      const arch = archOf(sel.path);
      const view = viewFor(arch);
      const unapplied = applied?.unapplied.has(sel.path) ?? false;
      const basis = !view
        ? 'only dependencies visible in this series were checked; pass --tree for the whole tree'
        : unapplied
          ? `the series does not apply to the tree at ${sel.path}; checked against the unpatched tree for ${arch}`
          : `checked against the kernel tree for ${arch} with the series applied`;
      // The target's certain dependencies: the diff's own entry when the tree cannot say better.
      const diffTarget = entries.get(sel.symbol);
      const treeTarget = view?.definitions(sel.symbol) ?? [];
      const useDiff = diffTarget && (treeTarget.length === 0 || applied?.unapplied.has(diffTarget.path));
      const targetNeeds = [...new Set(useDiff ? diffTarget.depends.flatMap(requiredSymbols) : common(treeTarget.map(certainDependencies)))];
      const data = { selector: sel.entry || '(unknown entry)', symbol: sel.symbol, path: sel.path };
      const location = { path: sel.path, line: sel.line };

      const code = CODE_DEPENDENCIES[sel.symbol];
      if (code && sel.change === 'add' && !targetNeeds.includes(code.needs)) {
        ctx.report({ messageId: 'kvmVfioSelect', severity: 'error', patch: sel.patch, data: { ...data, needs: code.needs, why: code.why, basis }, location, identity: { selector: data.selector, symbol: sel.symbol, path: sel.path } });
        continue;
      }
      if (code && sel.change === 'del' && targetNeeds.includes(code.needs)) {
        ctx.report({ messageId: 'kvmVfioFixed', severity: 'info', patch: sel.patch, data: { ...data, needs: code.needs }, location });
        continue;
      }
      if (sel.change !== 'add' || (!useDiff && treeTarget.length === 0)) continue;
      // Nothing to check: the selector's guarantees (a closure over the whole tree) are not needed.
      const checked = targetNeeds.filter((dep) => !dep.startsWith('<'));
      if (checked.length === 0) continue;

      const own = guaranteed(sel, view, entries);
      if (!own) continue;
      for (const dep of checked) {
        if (own.has(dep)) continue;
        ctx.report({ messageId: 'unmetDependency', patch: sel.patch, data: { ...data, dependency: dep, basis }, location, identity: { selector: data.selector, symbol: sel.symbol, dependency: dep } });
      }
    }
  },
});

/**
 * What is on whenever the selecting entry is (and the select's `if` holds). With a tree: the
 * closure of its dependencies, selects and always-on symbols in the patched Kconfig; an entry
 * the patched tree does not have in that file is not judged (null). Without: what the diff shows.
 */
function guaranteed(sel: SelectChange, view: KconfigView | undefined, entries: ReadonlyMap<string, EntryDeps>): ReadonlySet<string> | null {
  const start = [sel.entry, ...requiredSymbols(sel.cond)];
  if (!view) return new Set([...start, ...(entries.get(sel.entry)?.depends ?? []).flatMap(requiredSymbols)]);
  if (!sel.entry || !view.definitions(sel.entry).some((d) => d.file === sel.path)) return null;
  return view.implied(start);
}

/** The architecture a Kconfig file belongs to; generic files are read with x86's tree. */
function archOf(path: string): string {
  return /^arch\/([^/]+)\//.exec(path)?.[1] ?? 'x86';
}
