/**
 * One subsystem of the digest page: its export delta (+N −M, by macro and by namespace), the
 * loosened and module-restricted exports called out, every new and removed export, new
 * public-header declarations, header moves, and its Kconfig problems with their state.
 * Sections with nothing in them are left out.
 */
import type { CountPair, ExportChange, SubsystemDigest } from './model.js';
import { count, esc, signed } from './escape.js';
import type { SeriesRefs } from './html-page.js';
import { SEVERITIES } from './chart-findings.js';

export function subsystemSection(s: SubsystemDigest, index: number, refs: SeriesRefs): string {
  const id = `subsystem-${index + 1}`;
  const e = s.exports;
  const out: string[] = [];
  out.push(`<section class="subsystem" id="${id}" aria-labelledby="${id}-h">`);
  out.push(`<h3 id="${id}-h">${esc(s.name)} <span class="status">${esc(s.status)}</span></h3>`);
  const delta =
    e.added === 0 && e.removed === 0
      ? 'No export changes'
      : `Exports <strong class="plus">+${e.added}</strong> <strong class="minus">\u2212${e.removed}</strong> (net ${signed(e.net)})`;
  const series = s.series.length === 0 ? '' : ` \u00b7 ${count(s.series.length, 'series', 'series')}: ${s.series.map((i) => refs.ref(i)).join(', ')}`;
  out.push(`<p class="delta">${delta}${series}</p>`);

  const counts = [pairTable('Macro', e.byMacro, (k) => `<code>${esc(k)}</code>`), pairTable('Namespace', e.byNamespace, (k) => (k === '' ? '<span class="sub">(none)</span>' : `<code>${esc(k)}</code>`))];
  if (counts.some((t) => t !== '')) out.push(`<div class="pair">${counts.join('')}</div>`);

  if (e.loosened.length > 0 || e.restricted.length > 0) {
    out.push('<div class="callout">');
    if (e.loosened.length > 0) {
      out.push('<h4>Loosened exports</h4><ul>');
      for (const c of e.loosened) out.push(`<li>${symbol(c)}: <code>${esc(c.oldMacro ?? '?')}</code> \u2192 <code>${esc(c.macro)}</code>${namespace(c)} ${at(c, refs)}</li>`);
      out.push('</ul>');
    }
    if (e.restricted.length > 0) {
      out.push('<h4>Exported to named modules only</h4><ul>');
      for (const c of e.restricted) out.push(`<li>${symbol(c)}: <code>${esc(c.macro)}</code>${c.modules ? ` to ${esc(c.modules)}` : ''} ${at(c, refs)}</li>`);
      out.push('</ul>');
    }
    out.push('</div>');
  }
  out.push(...exportList('New exports', '+', e.newExports, refs));
  out.push(...exportList('Removed exports', '\u2212', e.removedExports, refs));

  if (s.headerDeclarations.length > 0) {
    out.push('<h4>New public-header declarations</h4>');
    out.push('<table><thead><tr><th scope="col">Declaration</th><th scope="col">Kind</th><th scope="col">Header</th><th scope="col" class="num">Count</th><th scope="col">Series</th></tr></thead><tbody>');
    for (const h of s.headerDeclarations) {
      out.push(`<tr><th scope="row"><code>${esc(h.name)}</code></th><td>${esc(h.kind)}</td><td><code>${esc(h.path)}</code></td><td class="num">${h.count}</td><td>${refs.ref(h.series)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  if (s.headerMoves.length > 0) {
    out.push('<h4>Header moves</h4><ul class="plain">');
    for (const m of s.headerMoves) out.push(`<li>${moveText(m)}: <code>${esc(m.name)}</code>, <code>${esc(m.from)}</code> \u2192 <code>${esc(m.to)}</code> (${refs.ref(m.series)})</li>`);
    out.push('</ul>');
  }

  if (s.kconfig.length > 0) {
    out.push('<h4>Kconfig</h4>');
    out.push('<table><thead><tr><th scope="col">Problem</th><th scope="col">File</th><th scope="col">Severity</th><th scope="col">State</th><th scope="col">Series</th></tr></thead><tbody>');
    for (const k of s.kconfig) {
      const state = k.status === 'open' ? '<span class="open-count">open</span>' : `<span class="fixed-count">fixed${k.fixedIn !== undefined ? ` in v${k.fixedIn}` : ''}</span>`;
      out.push(`<tr><th scope="row">${esc(k.message)}</th><td><code>${esc(k.path)}</code></td><td>${esc(k.severity)}</td><td>${state}</td><td>${refs.ref(k.series)}</td></tr>`);
    }
    out.push('</tbody></table>');
  }

  const findings = findingsLine(s.findings);
  if (findings !== '') out.push(`<p class="sub">Open findings on its files: ${findings}.</p>`);
  out.push('</section>');
  return out.join('\n');
}

/** A small Added/Removed table by key (macro or namespace), keys sorted for stable output. */
function pairTable(what: string, rows: Record<string, CountPair>, label: (k: string) => string): string {
  const keys = Object.keys(rows).sort();
  if (keys.length === 0) return '';
  const body = keys.map((k) => {
    const r = rows[k] ?? { added: 0, removed: 0 };
    const added = r.added === 0 ? '<td class="num sub">0</td>' : `<td class="num plus">+${r.added}</td>`;
    const removed = r.removed === 0 ? '<td class="num sub">0</td>' : `<td class="num minus">\u2212${r.removed}</td>`;
    return `<tr><th scope="row">${label(k)}</th>${added}${removed}</tr>`;
  });
  return (
    `<table><caption>By ${what.toLowerCase()}</caption><thead><tr><th scope="col">${what}</th><th scope="col" class="num">Added</th>` +
    `<th scope="col" class="num">Removed</th></tr></thead><tbody>${body.join('')}</tbody></table>`
  );
}

function exportList(title: string, mark: string, list: readonly ExportChange[], refs: SeriesRefs): string[] {
  if (list.length === 0) return [];
  const items = list.map((c) => `<li><span class="${mark === '+' ? 'plus' : 'minus'}">${mark}</span> ${symbol(c)} <code>${esc(c.macro)}</code>${namespace(c)} ${at(c, refs)}</li>`);
  return [`<details><summary>${esc(title)} (${list.length})</summary><ul class="plain">`, ...items, '</ul></details>'];
}

const symbol = (c: ExportChange): string => `<code><strong>${esc(c.symbol)}</strong></code>`;
const namespace = (c: ExportChange): string => (c.namespace === '' ? '' : ` in namespace <code>${esc(c.namespace)}</code>`);
const at = (c: ExportChange, refs: SeriesRefs): string => `<span class="sub">in <code>${esc(c.path)}</code>, ${refs.ref(c.series)}</span>`;

function moveText(m: SubsystemDigest['headerMoves'][number]): string {
  if (m.direction === 'in') return '<strong class="plus">into a public header</strong> (API grows)';
  if (m.direction === 'out') return '<strong class="minus">out of a public header</strong> (API shrinks)';
  return 'between headers';
}

/** `kconfig-select: 1 error; symbol-exports: 2 warnings`, analyzers sorted. */
export function findingsLine(f: SubsystemDigest['findings']): string {
  const parts: string[] = [];
  for (const a of Object.keys(f).sort()) {
    const n = SEVERITIES.filter((s) => (f[a]?.[s] ?? 0) > 0).map((s) => count(f[a]?.[s] ?? 0, s, s === 'info' ? s : `${s}s`));
    if (n.length > 0) parts.push(`${esc(a)}: ${n.join(', ')}`);
  }
  return parts.join('; ');
}
