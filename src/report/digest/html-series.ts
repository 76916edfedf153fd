/**
 * The series parts of the digest page: "Needs your attention" (error findings still open in
 * a newest version, first on the page) and the list of the period's series with their state,
 * findings counts, review and links.
 */
import type { AttentionItem, DigestSeries } from './model.js';
import { esc, link, safeUrl } from './escape.js';
import { timeTag, type SeriesRefs } from './html-page.js';

export function attentionSection(items: readonly AttentionItem[], refs: SeriesRefs): string {
  const head = '<section id="attention" aria-labelledby="attention-h"><h2 id="attention-h">Needs your attention</h2>';
  if (items.length === 0) return `${head}<p class="calm">Nothing needs your attention: no error is open in the newest version of any series.</p></section>`;
  const li = items.map((a) => {
    const where = a.path === undefined ? '' : ` at <code>${esc(a.path)}${a.line !== undefined ? `:${a.line}` : ''}</code>`;
    const onList = safeUrl(a.link) === undefined ? '' : ` \u00b7 ${link(a.link, 'read on the list')}`;
    return (
      `<li><div class="what">${esc(a.message)}</div>` +
      `<div class="where"><code>${esc(a.ruleId)}</code>${where} in ${refs.ref(a.series, a.subject)}${onList}</div></li>`
    );
  });
  return `${head}<ol class="attention">${li.join('')}</ol></section>`;
}

export function seriesSection(series: readonly DigestSeries[], refs: SeriesRefs): string {
  const head = '<section id="series" aria-labelledby="series-h"><h2 id="series-h">Series</h2>';
  if (series.length === 0) return `${head}<p class="empty">No series touched your files in this period.</p></section>`;
  const rows = series.map((s) => {
    const anchor = refs.anchor(s.id) ?? '';
    const review = s.review === undefined ? '' : `<div class="sub">reviewed ${s.review.reviewed}/${s.review.of}${s.review.by.length > 0 ? ` by ${esc(s.review.by.join(', '))}` : ''}</div>`;
    const files = s.files.length === 0 ? '' : `<div class="sub files">${esc(s.files.length > 3 ? `${s.files.slice(0, 3).join(', ')} and ${s.files.length - 3} more` : s.files.join(', '))}</div>`;
    return (
      `<tr id="${anchor}"><th scope="row">${esc(s.subject)}${files}${review}</th>` +
      `<td>${esc(s.author)}${s.sender !== undefined ? `<br><small>sent by ${esc(s.sender)}</small>` : ''}</td><td>${timeTag(s.date)}</td><td class="num">${s.patches}</td>` +
      `<td>${stateBadge(s)}</td>` +
      `<td class="num"><span class="open-count" title="open">${s.open}</span> / <span class="fixed-count" title="fixed">${s.fixed}</span></td>` +
      `<td class="links">${links(s)}</td></tr>`
    );
  });
  return (
    `${head}<table class="series-table"><caption>${series.length} series of the period, newest versions and the versions they replace</caption>` +
    '<thead><tr><th scope="col">Subject</th><th scope="col">Author</th><th scope="col">Date</th><th scope="col" class="num">Patches</th>' +
    '<th scope="col">State</th><th scope="col" class="num">Open / fixed</th><th scope="col">Links</th></tr></thead>' +
    `<tbody>${rows.join('\n')}</tbody></table></section>`
  );
}

/** `new v1`, `revised v2 (after v1)`, `v2, superseded by v3`. */
export function stateText(s: DigestSeries): string {
  if (s.state === 'superseded') return `v${s.revision}, superseded${s.supersededBy !== undefined ? ` by v${s.supersededBy}` : ''}`;
  if (s.state === 'revised') return `revised v${s.revision}${s.olderRevisions.length > 0 ? ` (after ${s.olderRevisions.map((r) => `v${r}`).join(', ')})` : ''}`;
  return `new v${s.revision}`;
}

function stateBadge(s: DigestSeries): string {
  return `<span class="state state-${s.state}">${esc(stateText(s))}</span>`;
}

function links(s: DigestSeries): string {
  const out: string[] = [];
  if (safeUrl(s.links.lore)) out.push(link(s.links.lore, 'lore'));
  if (safeUrl(s.links.patchwork)) out.push(link(s.links.patchwork, 'patchwork'));
  if (safeUrl(s.links.github)) out.push(link(s.links.github, 'GitHub'));
  return out.length === 0 ? '<span class="sub">none</span>' : out.join(' ');
}
