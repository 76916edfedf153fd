/**
 * kconfig-select: `select` forces a symbol on without visiting its dependencies. This reports
 * added selects whose target has dependencies the selecting entry does not guarantee, and the
 * seed-002 hazard no dependency check sees: an arch selecting KVM_VFIO, whose code needs VFIO.
 * Diff-only reasoning: only the dependencies the series itself shows are known (see docs).
 */
import { CODE_DEPENDENCIES } from '../kernel/code-dependencies.js';
import { defineAnalyzer } from './define.js';
import { requiredSymbols, scanKconfig, type EntryDeps, type KconfigFacts, type SelectChange } from './lib/kconfig-diff.js';

type M = 'kvmVfioSelect' | 'kvmVfioFixed' | 'unmetDependency';


export default defineAnalyzer<Record<string, never>, M, KconfigFacts[]>({
  meta: {
    id: 'kconfig-select',
    description: 'select of a symbol whose dependencies the selector does not guarantee; arch selects of KVM_VFIO (needs VFIO)',
    defaultSeverity: 'warning',
    messages: {
      kvmVfioSelect: '{{selector}} selects {{symbol}}, but {{why}}; nothing makes {{needs}} present. Select HAVE_KVM_ARCH_VFIO and let {{symbol}} depend on {{needs}} (diff-only check)',
      kvmVfioFixed: '{{selector}} no longer selects {{symbol}} and {{symbol}} now depends on {{needs}}: the randconfig hazard is resolved for {{path}}',
      unmetDependency: '{{selector}} selects {{symbol}}, which depends on {{dependency}}; {{selector}} does not guarantee it (only dependencies visible in this series were checked; use --tree for the whole tree)',
    },
  },
  defaultOptions: {},

  patch(p) {
    const out: KconfigFacts[] = [];
    for (const f of p.files) {
      const k = scanKconfig(f);
      if (k) out.push(k);
    }
    return out.length > 0 ? out : undefined;
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
    for (const sel of selects) {
      const code = CODE_DEPENDENCIES[sel.symbol];
      const target = entries.get(sel.symbol);
      const targetNeeds = target ? target.depends.flatMap(requiredSymbols) : [];
      const data = { selector: sel.entry || '(unknown entry)', symbol: sel.symbol, path: sel.path };
      const location = { path: sel.path, line: sel.line };
      if (code && sel.change === 'add' && !targetNeeds.includes(code.needs)) {
        ctx.report({ messageId: 'kvmVfioSelect', severity: 'error', patch: sel.patch, data: { ...data, needs: code.needs, why: code.why }, location });
        continue;
      }
      if (code && sel.change === 'del' && targetNeeds.includes(code.needs)) {
        ctx.report({ messageId: 'kvmVfioFixed', severity: 'info', patch: sel.patch, data: { ...data, needs: code.needs }, location });
        continue;
      }
      if (sel.change !== 'add' || !target) continue;
      const own = new Set([...(entries.get(sel.entry)?.depends ?? []).flatMap(requiredSymbols), ...requiredSymbols(sel.cond), sel.entry]);
      for (const dep of targetNeeds) {
        if (own.has(dep) || dep === sel.entry) continue;
        ctx.report({ messageId: 'unmetDependency', patch: sel.patch, data: { ...data, dependency: dep }, location, identity: { selector: data.selector, symbol: sel.symbol, dependency: dep } });
      }
    }
  },
});
