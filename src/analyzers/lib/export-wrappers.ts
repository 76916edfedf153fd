/**
 * Following an export wrapper (`EXPORT_SYMBOL_IF_MAC80211_KUNIT(sym)`, `EXPORT_EARLY_PER_CPU_SYMBOL(x)`,
 * a driver's own `EXPORT_SYMBOL_FWTBL_LIB`) to what it exports: its `#define` is expanded with
 * the invocation's arguments (`#` and `##` included) until only macros known by name are left
 * (export-macros.ts). No definition, or one that ends in something else, is "expansion unknown".
 */
import { parseExports, type ExportSite } from './export-scan.js';
import type { MacroDef } from './export-defines.js';

/** The definitions of a macro kvetch can see (the series' own first, then the tree's). */
export type DefinitionsOf = (macro: string) => readonly MacroDef[];

/** Wrappers of wrappers are followed this deep. */
const MAX_DEPTH = 6;

/** The exports a wrapper's invocation makes, each named by the wrapper (`via` the macro it ends in); null when unknown. */
export function expandWrapper(site: ExportSite, defs: DefinitionsOf): ExportSite[] | null {
  const sites = expand(site.macro, site.unknown?.args ?? [site.symbol], site.line, defs, 0);
  if (!sites) return null;
  return sites.map((s) => {
    const out: ExportSite = { symbol: s.symbol, macro: site.macro, gpl: s.gpl, namespace: s.namespace, kind: s.kind, line: site.line, via: s.via ?? s.macro };
    if (s.condition) out.condition = s.condition;
    return out;
  });
}

function expand(macro: string, args: readonly string[], line: number, defs: DefinitionsOf, depth: number): ExportSite[] | null {
  if (depth > MAX_DEPTH) return null;
  const all = defs(macro);
  const hasEmpty = all.some((d) => d.body.length === 0);
  const variants: { def: MacroDef; sites: ExportSite[] }[] = [];
  for (const d of all) {
    if (d.body.length === 0) continue;
    const text = substitute(d, args);
    if (text === null) continue;
    const found = parseExports(text, line);
    if (found.length === 0) continue;
    const sites: ExportSite[] = [];
    for (const s of found) {
      const inner = s.unknown ? expand(s.macro, s.unknown.args, line, defs, depth + 1) : [s];
      if (!inner) return null;
      sites.push(...inner);
    }
    variants.push({ def: d, sites });
  }
  const first = variants[0];
  if (!first) return null;
  // Variants under #if/#else that all export the same are no condition; an empty variant, or
  // different ones, make the first one's #if the condition.
  const same = variants.every((v) => v.sites.map(factsKey).join() === first.sites.map(factsKey).join());
  const d = first.def;
  const own = hasEmpty || !same ? (d.condition ?? `the #if around ${macro}'s #define in ${d.file} holds`) : undefined;
  return first.sites.map((s) => {
    const condition = [own, s.condition].filter((c): c is string => c !== undefined).join(' and ');
    const r: ExportSite = { ...s, via: s.via ?? s.macro };
    if (condition) r.condition = condition;
    else delete r.condition;
    return r;
  });
}

function factsKey(s: ExportSite): string {
  return `${s.symbol}|${s.gpl}|${s.namespace}|${s.kind}|${s.condition ?? ''}`;
}

const TOKEN_RE = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|##|#\s*[A-Za-z_]\w*|[A-Za-z_]\w*|[\s\S]/g;

/** The definition's body with the arguments put in; null when they do not fit its parameters. */
function substitute(d: MacroDef, args: readonly string[]): string | null {
  if (d.params === null) return /^[A-Za-z_]\w*$/.test(d.body) ? `${d.body}(${args.join(', ')})` : null;
  const values = new Map<string, string>();
  for (let i = 0; i < d.params.length; i++) {
    const p = d.params[i] as string;
    if (p.endsWith('...')) {
      values.set(p === '...' ? '__VA_ARGS__' : p.slice(0, -3).trim(), args.slice(i).join(', '));
      break;
    }
    const a = args[i];
    if (a === undefined) return null;
    values.set(p, a.trim());
  }
  if (!d.params.some((p) => p.endsWith('...')) && args.length > d.params.length) return null;
  const out = (d.body.match(TOKEN_RE) ?? []).map((t) => {
    if (t.startsWith('#') && t !== '##') {
      const v = values.get(t.slice(1).trim());
      return v === undefined ? t : JSON.stringify(v);
    }
    return values.get(t) ?? t;
  });
  return out.join('').replace(/\s*##\s*/g, '');
}
