/**
 * symbol-exports: every export added or removed by a series, and what it does to the kernel's
 * global API. An export removed in one file and added in another within the same series is a
 * move, not growth; a renamed file taking its exports along is one event; GPL → non-GPL and a
 * dropped namespace loosen access. Wrappers are followed to their `#define` (the series', then
 * the tree's), or said to be of unknown expansion.
 */
import { defineAnalyzer, factsPerFile } from './define.js';
import { scanFileExports, scanTextExports, type ExportSite, type FileExports } from './lib/export-scan.js';
import { WrapperResolver } from './lib/export-resolve.js';
import type { Report } from './types.js';
import { subsystem } from './lib/subsystem.js';

type M =
  | 'added'
  | 'addedUnknown'
  | 'addedRestricted'
  | 'removed'
  | 'moved'
  | 'renamedFile'
  | 'loosenedGpl'
  | 'namespaceDropped'
  | 'namespaceChanged'
  | 'tightened'
  | 'macroChanged'
  | 'summary';

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
      added: '{{symbol}} is newly exported with {{macro}}{{viaText}}{{nsText}}{{condText}}: the global API grows by one symbol',
      addedUnknown: '{{symbol}} is newly exported with {{macro}}, expansion unknown ({{why}}): whether it is GPL-only or namespaced cannot be told',
      addedRestricted: '{{symbol}} is exported only to the modules {{modules}} ({{macro}}{{viaText}}){{condText}}: not global API growth',
      removed: '{{symbol}} is no longer exported ({{macro}}{{nsText}}): the global API shrinks',
      moved: '{{symbol}} export moves from {{from}} to {{path}} ({{macro}}): not API growth',
      renamedFile: '{{from}} is renamed to {{path}}: {{keep}} (not API growth)',
      loosenedGpl: '{{symbol}} goes from {{oldMacro}} to {{macro}}{{moveText}}: non-GPL modules can now use it',
      namespaceDropped: '{{symbol}} leaves namespace {{oldNamespace}} ({{macro}}){{moveText}}: any module can now use it without MODULE_IMPORT_NS',
      namespaceChanged: '{{symbol}} moves from namespace {{oldNamespace}} to {{namespace}}{{moveText}}',
      tightened: '{{symbol}} export is tightened: {{oldMacro}}{{oldNsText}} → {{macro}}{{nsText}}{{moveText}}',
      macroChanged: '{{symbol}} export changes from {{oldMacro}} to {{macro}}{{moveText}}: expansion unknown, so what this does to access cannot be told',
      summary: 'Exports in this series: net API delta {{delta}} (+{{added}} −{{removed}}, {{moved}} moved){{bySubsystem}}',
    },
  },
  defaultOptions: { summary: true },

  patch(p) {
    return factsPerFile(p.files, scanFileExports);
  },

  series(s, ctx) {
    const wrappers = new WrapperResolver(s.patches.map((p) => p.facts), ctx.tree);
    const adds: Event[] = [];
    const dels: Event[] = [];
    const push = (list: Event[], patch: number, path: string, site: ExportSite): void => {
      for (const r of wrappers.resolve(site, path)) list.push({ patch, path, site: r });
    };
    /** `old path→new path` of every renamed file: moves along it are one event. */
    const renames = new Set<string>();
    for (const p of s.patches) {
      for (const fx of p.facts ?? []) {
        if (fx.renamed) renames.add(`${fx.oldPath}\u0000${fx.path}`);
        for (const site of fx.added) push(adds, p.index, fx.path, site);
        for (const site of fx.removed) push(dels, p.index, fx.oldPath, site);
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
            push(dels, p.index, fx.oldPath, site);
            push(adds, p.index, fx.path, { ...site, line: 0 });
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
    /** Exports that follow their renamed file unchanged: counted per patch, old and new path. */
    const followers = new Map<string, { e: Event; from: string; sites: ExportSite[] }>();
    for (const a of adds) {
      const d = delsBy.get(`${a.site.symbol}|${a.site.kind}`)?.shift();
      if (d) {
        usedDel.add(d);
        const change = compare(d.site, a.site);
        const move = d.path !== a.path;
        if (move) moved++;
        if (change) {
          const moving: Record<string, string> = move ? { from: d.path, moveText: ` (and the export moves from ${d.path} to ${a.path})` } : { moveText: '' };
          ctx.report(at(a, change.messageId, { ...change.data, ...moving }, change.severity));
        } else if (move && renames.has(`${d.path}\u0000${a.path}`)) {
          const k = `${a.patch}\u0000${d.path}\u0000${a.path}`;
          const f = followers.get(k);
          if (f) f.sites.push(a.site);
          else followers.set(k, { e: a, from: d.path, sites: [a.site] });
        } else if (move) {
          ctx.report(at(a, 'moved', { from: d.path }, 'info'));
        }
        continue;
      }
      if (a.site.namespace.startsWith('module:')) {
        ctx.report(at(a, 'addedRestricted', { modules: a.site.namespace.slice(7) }, 'info'));
        continue;
      }
      added++;
      bump(a.path, 1);
      if (a.site.unknown) {
        const why = wrappers.hasTree ? 'its #define is neither in the series nor found in the tree' : 'its #define is not in the series; pass --tree to look it up';
        ctx.report(at(a, 'addedUnknown', { why }, 'warning'));
      } else ctx.report(at(a, 'added', {}, 'warning'));
    }
    for (const { e, from, sites } of followers.values()) {
      // Which exports follow, for readers of the JSON: `sym (MACRO in NS)`, in file order.
      const list = sites.map((x) => `${x.symbol} (${x.macro}${x.namespace ? ` in ${x.namespace}` : ''})`).join(', ');
      const keep = sites.length === 1 ? 'its one export keeps its name and macro' : `its ${sites.length} exports keep their names and macros`;
      const data = { from, path: e.path, count: sites.length, keep, exports: list };
      ctx.report({ messageId: 'renamedFile', severity: 'info', patch: e.patch, data, location: { path: e.path }, identity: { from, path: e.path, exports: list } });
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
  const data: Record<string, string | number> = { symbol: s.symbol, macro: s.macro, namespace: s.namespace, nsText: s.namespace ? ` in namespace ${s.namespace}` : '', path: e.path, kind: s.kind, ...extra };
  data.viaText = s.via ? ` (${s.via})` : '';
  data.condText = s.condition ? ` (only when ${s.condition})` : '';
  if (s.via) data.via = s.via;
  if (s.condition) data.condition = s.condition;
  data.gpl = s.unknown ? 'unknown' : s.gpl ? 'yes' : 'no';
  if (s.unknown) data.expansion = 'unknown';
  return { messageId, severity, patch: e.patch, data, location: s.line > 0 ? { path: e.path, line: s.line } : { path: e.path }, identity: { symbol: s.symbol, macro: s.macro, namespace: s.namespace, path: e.path, ...withoutWhy(extra) } };
}

/**
 * Whether --tree was given changes why an expansion is unknown, not which finding it is; a move's
 * text is said by `from` (set only for a move): fingerprints of findings without a move stay as
 * they were before moves and changes became one finding.
 */
function withoutWhy(extra: Record<string, string | number>): Record<string, string | number> {
  const { why: _why, moveText: _moveText, ...rest } = extra;
  return rest;
}

/** What changed between the removed and the added form of the same export. */
function compare(old: ExportSite, neu: ExportSite): { messageId: M; data: Record<string, string>; severity: 'info' | 'warning' } | null {
  const data = { oldMacro: old.macro, oldNamespace: old.namespace, oldNsText: old.namespace ? ` in ${old.namespace}` : '' };
  if (old.unknown || neu.unknown) return old.macro === neu.macro ? null : { messageId: 'macroChanged', data, severity: 'info' };
  if (old.gpl && !neu.gpl) return { messageId: 'loosenedGpl', data, severity: 'warning' };
  if (old.namespace && !neu.namespace) return { messageId: 'namespaceDropped', data, severity: 'warning' };
  if (old.namespace && neu.namespace && old.namespace !== neu.namespace) return { messageId: 'namespaceChanged', data, severity: 'info' };
  if ((!old.gpl && neu.gpl) || (!old.namespace && neu.namespace)) return { messageId: 'tightened', data, severity: 'info' };
  return null;
}
