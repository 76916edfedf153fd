/**
 * The digest as a static HTML page, one per recipient, and the index page over them. One file
 * each, readable without network or JavaScript (inline style, charts as inline SVG with table
 * fallbacks), every string from the digest escaped: subjects and names come from strangers'
 * mail. Deterministic: the same digest gives the same bytes (the clock is the caller's option).
 */
import type { Digest, DigestIndexEntry } from './model.js';
import { chartSection, digestCharts } from './charts.js';
import { count, esc, signed } from './escape.js';
import { page, periodDays, periodText, safeHref, SeriesRefs, type PageOptions } from './html-page.js';
import { attentionSection, seriesSection } from './html-series.js';
import { subsystemSection } from './html-subsystem.js';

export type { PageOptions } from './html-page.js';

export function renderDigestHtml(d: Digest, o: PageOptions = {}): string {
  const refs = new SeriesRefs(d);
  const body = [
    header(d, o),
    '<main>',
    attentionSection(d.attention, refs),
    `<section id="charts" aria-labelledby="charts-h"><h2 id="charts-h">Charts</h2><div class="charts">${digestCharts(d).map(chartSection).join('\n')}</div></section>`,
    subsystems(d, refs),
    seriesSection(d.series, refs),
    '</main>',
  ];
  return page(`kvetch digest ${d.period.week}: ${d.recipient.name || d.recipient.display}`, body.join('\n'), o);
}

function header(d: Digest, o: PageOptions): string {
  const r = d.recipient;
  const back = safeHref(o.indexHref);
  const t = d.totals;
  const [first, last] = periodDays(d.period);
  const stats: [string, string][] = [
    ['Series', String(t.series)],
    ['Needs attention', String(d.attention.length)],
    ['Open findings', String(t.open)],
    ['Fixed', String(t.fixed)],
    ['Exports', `<span class="plus">+${t.exports.added}</span> <span class="minus">\u2212${t.exports.removed}</span>`],
    ['Net exports', signed(t.exports.net)],
  ];
  return [
    '<header class="top"><div class="top-inner">',
    back === undefined ? '' : `<nav class="back" aria-label="Digests"><a href="${esc(back)}">\u2190 All digests</a></nav>`,
    `<p class="eyebrow">kvetch digest \u00b7 ${esc(d.period.week)}</p>`,
    `<h1>${esc(r.name || r.display)}</h1>`,
    `<p class="who">${esc(r.display)} \u00b7 ${esc(r.role)}</p>`,
    `<p class="period">Period: <time datetime="${esc(d.period.since)}">${esc(first)}</time> to ` +
      `<time datetime="${esc(last)}">${esc(last)}</time> (week ${esc(d.period.week)})</p>`,
    `<dl class="stats">${stats.map(([k, v]) => `<div><dt>${k}</dt><dd>${v}</dd></div>`).join('')}</dl>`,
    '</div></header>',
  ].join('\n');
}

function subsystems(d: Digest, refs: SeriesRefs): string {
  const head = '<section id="subsystems" aria-labelledby="subsystems-h"><h2 id="subsystems-h">Subsystems</h2>';
  if (d.subsystems.length === 0) return `${head}<p class="empty">Nothing happened in your subsystems in this period.</p></section>`;
  return `${head}${d.subsystems.map((s, i) => subsystemSection(s, i, refs)).join('\n')}</section>`;
}

/**
 * The index over a run's digests. Rows in reading order, since there is no script to sort
 * them: most items needing attention first, then most series, then by recipient.
 */
export function renderDigestIndexHtml(entries: readonly DigestIndexEntry[], o: { since: string; until: string; week: string }): string {
  const rows = [...entries].sort(
    (a, b) => b.attention - a.attention || b.series - a.series || (a.recipient.display < b.recipient.display ? -1 : a.recipient.display > b.recipient.display ? 1 : 0),
  );
  const header = [
    '<header class="top"><div class="top-inner">',
    `<p class="eyebrow">kvetch digests \u00b7 ${esc(o.week)}</p>`,
    `<h1>Digests for ${esc(o.week)}</h1>`,
    `<p class="period">Period: ${esc(periodText(o))} \u00b7 ${count(entries.length, 'recipient')}</p>`,
    '</div></header>',
  ].join('\n');
  const body =
    rows.length === 0
      ? '<p class="empty">No digests in this period: nothing touched anyone\u2019s files.</p>'
      : '<table class="index-table"><caption>Sorted by items needing attention, then by number of series</caption>' +
        '<thead><tr><th scope="col">Recipient</th><th scope="col">Role</th><th scope="col" class="num">Series</th>' +
        '<th scope="col" class="num">Needs attention</th><th scope="col" class="num">Net exports</th></tr></thead><tbody>' +
        rows
          .map(
            (e) =>
              `<tr><th scope="row"><a href="${esc(encodeURIComponent(e.stem))}.html">${esc(e.recipient.display)}</a></th>` +
              `<td>${esc(e.recipient.role)}</td><td class="num">${e.series}</td>` +
              `<td class="num">${e.attention > 0 ? `<strong class="minus">${e.attention}</strong>` : '0'}</td><td class="num">${signed(e.exportsNet)}</td></tr>`,
          )
          .join('\n') +
        '</tbody></table>';
  return page(`kvetch digests ${o.week}`, `${header}\n<main><h2>Recipients</h2>${body}</main>`, {});
}
