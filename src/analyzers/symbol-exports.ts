/**
 * symbol-exports: every export added or removed by a series, and what it does to the kernel's
 * global API. An export removed in one file and added in another within the same series is a
 * move, not growth; GPL → non-GPL and a dropped namespace loosen access.
 */
import { defineAnalyzer, factsPerFile } from './define.js';
import { scanFileExports, scanTextExports, type ExportSite, type FileExports } from './lib/export-scan.js';
import type { Report } from './types.js';
import { subsystem } from './lib/subsystem.js';

type M = 'added' | 'addedRestricted' | 'removed' | 'moved' | 'loosenedGpl' | 'namespaceDropped' | 'namespaceChanged' | 'tightened' | 'summary';

interface Event {
  patch: number;
  path: string;
  site: ExportSite;
}

export default defineAnalyzer<{ summary: boolean }, M, FileExports[]>({
  meta: {
    id: 'symbol-exports',
    group: 'api',
    description: 'New, removed, moved and loosened symbol exports (EXPORT_SYMBOL* in every form)',
    defaultSeverity: 'warning',
    messages: {
      added: '{{symbol}} is newly exported with {{macro}}{{nsText}}: the global API grows by one symbol',
      addedRestricted: '{{symbol}} is exported only to the modules {{modules}} ({{macro}}): not global API growth',
      removed: '{{symbol}} is no longer exported ({{macro}}{{nsText}}): the global API shrinks',
      moved: '{{symbol}} export moves from {{from}} to {{path}} ({{macro}}): not API growth',
      loosenedGpl: '{{symbol}} goes from {{oldMacro}} to {{macro}}: non-GPL modules can now use it',
      namespaceDropped: '{{symbol}} leaves namespace {{oldNamespace}} ({{macro}}): any module can now use it without MODULE_IMPORT_NS',
      namespaceChanged: '{{symbol}} moves from namespace {{oldNamespace}} to {{namespace}}',
      tightened: '{{symbol}} export is tightened: {{oldMacro}}{{oldNsText}} → {{macro}}{{nsText}}',
      summary: 'Exports in this series: net API delta {{delta}} (+{{added}} −{{removed}}, {{moved}} moved){{bySubsystem}}',
    },
  },
  defaultOptions: { summary: true },

  patch(p) {
    return factsPerFile(p.files, scanFileExports);
  },

  series(s, ctx) {
    const adds: Event[] = [];
    const dels: Event[] = [];
    for (const p of s.patches) {
      for (const fx of p.facts ?? []) {
        for (const site of fx.added) adds.push({ patch: p.index, path: fx.path, site });
        for (const site of fx.removed) dels.push({ patch: p.index, path: fx.oldPath, site });
        // A renamed file: its exports on lines the diff does not show move with it (tree only).
        const text = fx.renamed && ctx.tree ? ctx.tree.readFile(fx.oldPath) : null;
        if (text !== null) {
          const seen = new Map<string, number>();
          for (const d of fx.removed) seen.set(siteKey(d), (seen.get(siteKey(d)) ?? 0) + 1);
          for (const site of scanTextExports(text)) {
            const k = siteKey(site);
            const n = seen.get(k) ?? 0;
            if (n > 0) {
              seen.set(k, n - 1);
              continue;
            }
            dels.push({ patch: p.index, path: fx.oldPath, site });
            adds.push({ patch: p.index, path: fx.path, site: { ...site, line: 0 } });
          }
        }
      }
    }
    let added = 0;
    let removed = 0;
    let moved = 0;
    const delta = new Map<string, number>();
    const bump = (path: string, n: number): void => {
      const k = subsystem(path);
      delta.set(k, (delta.get(k) ?? 0) + n);
    };
    const usedDel = new Set<Event>();
    // Removals by symbol and kind, in series order: pairing is a lookup, not a scan.
    const delsBy = new Map<string, Event[]>();
    for (const d of dels) {
      const k = `${d.site.symbol}|${d.site.kind}`;
      const list = delsBy.get(k);
      if (list) list.push(d);
      else delsBy.set(k, [d]);
    }
    for (const a of adds) {
      const d = delsBy.get(`${a.site.symbol}|${a.site.kind}`)?.shift();
      if (d) {
        usedDel.add(d);
        const change = compare(d.site, a.site);
        if (d.path !== a.path) {
          moved++;
          ctx.report(at(a, 'moved', { from: d.path }, 'info'));
        }
        if (change) ctx.report(at(a, change.messageId, change.data, change.severity));
        continue;
      }
      if (a.site.namespace.startsWith('module:')) {
        ctx.report(at(a, 'addedRestricted', { modules: a.site.namespace.slice(7) }, 'info'));
        continue;
      }
      added++;
      bump(a.path, 1);
      ctx.report(at(a, 'added', {}, 'warning'));
    }
    for (const d of dels) {
      if (usedDel.has(d)) continue;
      if (d.site.namespace.startsWith('module:')) continue;
      removed++;
      bump(d.path, -1);
      ctx.report({ ...at(d, 'removed', {}, 'info'), location: { path: d.path, line: d.site.line } });
    }
    if (ctx.options.summary && added + removed + moved > 0) {
      const parts = [...delta.entries()].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
      const by = parts.length > 0 ? `; ${parts.map(([k, n]) => `${k} ${n > 0 ? '+' : ''}${n}`).join(', ')}` : '';
      const net = added - removed;
      ctx.report({
        messageId: 'summary',
        severity: 'info',
        data: { delta: `${net > 0 ? '+' : ''}${net}`, added, removed, moved, bySubsystem: by },
        identity: { added, removed, moved },
      });
    }
  },
});

function siteKey(s: ExportSite): string {
  return `${s.symbol}|${s.macro}|${s.namespace}|${s.kind}`;
}

function at(e: Event, messageId: M, extra: Record<string, string | number>, severity: 'info' | 'warning'): Report<M> {
  const s = e.site;
  const data = { symbol: s.symbol, macro: s.macro, namespace: s.namespace, nsText: s.namespace ? ` in namespace ${s.namespace}` : '', path: e.path, kind: s.kind, ...extra };
  return { messageId, severity, patch: e.patch, data, location: s.line > 0 ? { path: e.path, line: s.line } : { path: e.path }, identity: { symbol: s.symbol, macro: s.macro, namespace: s.namespace, path: e.path, ...extra } };
}

/** What changed between the removed and the added form of the same export. */
function compare(old: ExportSite, neu: ExportSite): { messageId: M; data: Record<string, string>; severity: 'info' | 'warning' } | null {
  const data = { oldMacro: old.macro, oldNamespace: old.namespace, oldNsText: old.namespace ? ` in ${old.namespace}` : '' };
  if (old.gpl && !neu.gpl) return { messageId: 'loosenedGpl', data, severity: 'warning' };
  if (old.namespace && !neu.namespace) return { messageId: 'namespaceDropped', data, severity: 'warning' };
  if (old.namespace && neu.namespace && old.namespace !== neu.namespace) return { messageId: 'namespaceChanged', data, severity: 'info' };
  if ((!old.gpl && neu.gpl) || (!old.namespace && neu.namespace)) return { messageId: 'tightened', data, severity: 'info' };
  return null;
}
