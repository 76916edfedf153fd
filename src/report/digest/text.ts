/**
 * The digest as a plain-text mail, laid out as the list replies are (report/email/wrap.ts):
 * at most 72 columns, prose wrapped at spaces, a URL whole on its own line. Order: what needs
 * attention, the numbers, each subsystem, then every series with its state and links. The mail
 * adds the footer (mail.ts: who it is for, how to stop it).
 */
import { clip, wrap } from '../email/wrap.js';
import type { Digest, DigestSeries, SubsystemDigest } from './model.js';

/** `1 series`, `2 patches`, `3 errors`. */
const plural = (n: number, word: string): string => `${n} ${n === 1 || word === 'series' ? word : /(ch|sh|s|x)$/.test(word) ? `${word}es` : `${word}s`}`;
const signed = (n: number): string => (n > 0 ? `+${n}` : String(n));
/** Lines of one kind per subsystem before `... and N more` (the page and the JSON have them all). */
const LIST_MAX = 10;
const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : 'undated');

export function digestSubject(d: Digest): string {
  const attention = d.attention.length > 0 ? `, ${d.attention.length} need${d.attention.length === 1 ? 's' : ''} attention` : '';
  return `[kvetch digest] ${d.period.week}: ${plural(d.totals.series, 'series')}${attention}`;
}

export function stateText(s: DigestSeries): string {
  if (s.state === 'superseded') return `v${s.revision}, superseded by v${s.supersededBy ?? '?'}`;
  if (s.state === 'revised') return `v${s.revision}, revised (after v${s.olderRevisions.join(', v')})`;
  return `v${s.revision}, new`;
}

function heading(title: string): string[] {
  return ['', title, '-'.repeat(Math.min(title.length, 72))];
}

function subsystemBlock(s: SubsystemDigest): string[] {
  const e = s.exports;
  const out = heading(`${s.name}${s.status && s.status !== 'Maintained' && s.status !== 'Supported' ? ` (${s.status})` : ''}`);
  out.push(clip(`${plural(s.series.length, 'series')} touched it.`));
  if (e.added + e.removed > 0) {
    out.push(clip(`Exports: ${signed(e.net)} net (+${e.added} -${e.removed})`));
    for (const [macro, c] of Object.entries(e.byMacro).sort()) out.push(clip(`  ${macro}: +${c.added} -${c.removed}`));
    for (const [ns, c] of Object.entries(e.byNamespace).sort()) if (ns !== '') out.push(clip(`  namespace ${ns}: +${c.added} -${c.removed}`));
  }
  for (const x of e.loosened) out.push(...wrap(`Loosened: ${x.symbol} ${x.oldMacro ?? ''} -> ${x.macro} (${x.path})`, { first: '  ! ', rest: '    ' }));
  for (const x of e.restricted) out.push(...wrap(`Module-restricted export: ${x.symbol} to ${x.modules ?? ''} (${x.path})`, { first: '  * ', rest: '    ' }));
  if (s.headerDeclarations.length > 0) {
    const n = s.headerDeclarations.reduce((k, h) => k + h.count, 0);
    out.push(clip(`New public-header declarations: ${n}`));
    for (const h of s.headerDeclarations.slice(0, LIST_MAX)) out.push(clip(`  ${h.path}: ${h.name}${h.count > 1 ? ` (+${h.count - 1} more)` : ''}`));
    if (s.headerDeclarations.length > LIST_MAX) out.push(`  ... and ${s.headerDeclarations.length - LIST_MAX} more`);
  }
  if (s.headerMoves.length > 0) {
    const dir = (d: 'in' | 'out' | 'between'): number => s.headerMoves.filter((m) => m.direction === d).length;
    out.push(...wrap(`Moved declarations: ${dir('in')} into public headers, ${dir('out')} out of them, ${dir('between')} between other headers`, { rest: '  ' }));
    // Into public headers (API growth) and out of them are worth a line; reshuffles between internal headers are counted only.
    const moves = s.headerMoves.filter((m) => m.direction !== 'between').sort((a, b) => (a.direction === b.direction ? 0 : a.direction === 'in' ? -1 : 1));
    for (const m of moves.slice(0, LIST_MAX)) out.push(...wrap(`${m.direction === 'in' ? '+' : '-'} ${m.name}: ${m.from} -> ${m.to}`, { first: '  ', rest: '      ' }));
    if (moves.length > LIST_MAX) out.push(`  ... and ${moves.length - LIST_MAX} more`);
  }
  for (const k of s.kconfig) out.push(...wrap(`Kconfig (${k.status === 'open' ? `${k.severity}, open` : `fixed${k.fixedIn ? ` in v${k.fixedIn}` : ''}`}): ${k.message}`, { first: '  ', rest: '    ' }));
  return out;
}

function seriesBlock(s: DigestSeries): string[] {
  const out = wrap(`${s.subject}`, { first: '* ', rest: '  ' });
  out.push(clip(`  ${s.author}, ${day(s.date)}, ${plural(s.patches, 'patch')}, ${stateText(s)}`));
  if (s.sender !== undefined) out.push(clip(`  sent by ${s.sender}`));
  const counts = [s.open > 0 ? `${s.open} open` : '', s.fixed > 0 ? `${s.fixed} fixed in a later version` : ''].filter(Boolean);
  if (counts.length > 0) out.push(clip(`  Findings: ${counts.join(', ')}`));
  if (s.review) out.push(clip(`  Review: ${s.review.reviewed}/${s.review.of} patches reviewed${s.review.by.length > 0 ? ` by ${s.review.by.join(', ')}` : ''}`));
  for (const url of [s.links.lore, s.links.patchwork, s.links.github]) if (url) out.push(`  ${url}`);
  return out;
}

export function renderDigestText(d: Digest): string {
  const out: string[] = [];
  out.push(...wrap(`Hello ${d.recipient.name || d.recipient.address},`));
  out.push('');
  out.push(
    ...wrap(
      `this is kvetch's weekly digest for ${d.period.week} (${day(d.period.since)} to ${day(new Date(Date.parse(d.period.until) - 1).toISOString())}): ${plural(d.totals.series, 'series')} touched files you look after in MAINTAINERS.`,
    ),
  );
  out.push(...heading('Needs your attention'));
  if (d.attention.length === 0) out.push('Nothing: no error is open in the newest versions.');
  d.attention.forEach((a, i) => {
    out.push(...wrap(`${a.message}`, { first: `[${i + 1}] `, rest: '    ' }));
    out.push(...wrap(`in "${a.subject}"${a.path ? ` at ${a.path}${a.line ? `:${a.line}` : ''}` : ''}`, { first: '    ', rest: '    ' }));
    if (a.link) out.push(`    ${a.link}`);
  });
  out.push(...heading('In numbers'));
  const t = d.totals;
  out.push(clip(`Series: ${t.series} (${t.byState.new} new, ${t.byState.revised} revised, ${t.byState.superseded} superseded)`));
  out.push(clip(`Exports: ${signed(t.exports.net)} net (+${t.exports.added} -${t.exports.removed})`));
  out.push(clip(`Findings: ${t.open} warnings or errors open, ${t.fixed} fixed in a later version`));
  for (const [rule, bySev] of Object.entries(t.findings).sort()) {
    const parts = (['error', 'warning', 'info'] as const).filter((s) => bySev[s]).map((s) => `${bySev[s]} ${s}`);
    out.push(clip(`  ${rule}: ${parts.join(', ')}`));
  }
  for (const s of d.subsystems) out.push(...subsystemBlock(s));
  out.push(...heading('Series'));
  d.series.forEach((s, i) => {
    if (i > 0) out.push('');
    out.push(...seriesBlock(s));
  });
  return `${out.join('\n')}\n`;
}
