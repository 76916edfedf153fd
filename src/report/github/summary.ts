/**
 * The check run's title and Markdown summary: the series and its links, the net export delta
 * per subsystem and macro, Kconfig problems, header moves, the other findings, and what changed
 * since the previous version. Longer than GitHub's 65,535 characters, it is cut with a note
 * (every finding is still annotated). Pure.
 */
import { subsystem } from '../../analyzers/lib/subsystem.js';
import type { Finding } from '../../model/finding.js';
import type { FailLevel } from '../../model/pull-request.js';
import type { Series } from '../../model/series.js';
import { countsText, standing } from '../check-groups.js';
import { formatRanges } from '../format/ranges.js';
import { originalMessage } from '../../engine/versions.js';
import { versionChanges } from '../email/changes.js';

export const SUMMARY_LIMIT = 65_535;

export interface SummaryInput {
  series: Series;
  findings: readonly Finding[];
  previous?: { revision: number };
  links: readonly string[];
  notes: readonly string[];
  failLevel: FailLevel;
  conclusion: string;
  /** Fingerprints with a line comment on the diff; the rest are only here and in the annotations. */
  commented: ReadonlySet<string>;
  /** Fingerprints whose line comment GitHub refused (422: not a line of the diff). */
  refused: ReadonlySet<string>;
}

export function checkTitle(findings: readonly Finding[]): string {
  const s = standing(findings);
  return s.length === 0 ? 'kvetch: no findings' : `kvetch: ${countsText(s)}`;
}

const esc = (t: string): string => t.replace(/[|\\`*[\]<>]/g, (c) => `\\${c}`).replace(/\s+/g, ' ').trim();
const where = (f: Finding): string => (f.location ? `\`${f.location.path}${f.location.line !== undefined ? `:${f.location.line}` : ''}\`` : '—');

export function checkSummary(i: SummaryInput): string {
  const out: string[] = [];
  const s = i.series;
  out.push(`**${esc(s.subject)}**: v${s.revision}, ${s.patches.length} patch${s.patches.length === 1 ? '' : 'es'}${s.complete ? '' : ` (missing ${formatRanges(s.missing)})`}.`);
  if (i.links.length > 0) out.push('', `On the list: ${i.links.map((l) => `<${l}>`).join(', ')}`);
  for (const n of i.notes) out.push('', `> ${n}`);
  const standingNow = standing(i.findings);
  out.push('', `Conclusion **${i.conclusion}** (fail level: ${i.failLevel}): ${countsText(standingNow)}.`);
  out.push(...exportDelta(standingNow));
  out.push(...section('Kconfig', standingNow.filter((f) => f.ruleId === 'kconfig-select')));
  out.push(...section('Header moves', standingNow.filter((f) => f.ruleId === 'header-move')));
  out.push(...section('Public headers', standingNow.filter((f) => f.ruleId === 'public-header-growth')));
  out.push(...section('Other findings', standingNow.filter((f) => !['kconfig-select', 'header-move', 'public-header-growth', 'symbol-exports'].includes(f.ruleId))));
  out.push(...versions(i));
  out.push(...table(i));
  return cut(out.join('\n'));
}

function exportDelta(findings: readonly Finding[]): string[] {
  const rows = new Map<string, { added: number; removed: number }>();
  const special: Finding[] = [];
  for (const f of findings) {
    if (f.ruleId !== 'symbol-exports' || !f.data) continue;
    const path = String(f.data.path ?? f.location?.path ?? '');
    const macro = String(f.data.macro ?? '');
    const key = `${subsystem(path)}\u0000${macro}${f.data.namespace ? ` (${String(f.data.namespace)})` : ''}`;
    const r = rows.get(key) ?? { added: 0, removed: 0 };
    if (f.messageId === 'added') r.added++;
    else if (f.messageId === 'removed') r.removed++;
    else if (f.messageId !== 'summary') special.push(f);
    if (f.messageId === 'added' || f.messageId === 'removed') rows.set(key, r);
  }
  if (rows.size === 0 && special.length === 0) return [];
  const out = ['', '### Exports'];
  if (rows.size > 0) {
    let plus = 0;
    let minus = 0;
    out.push('', '| Subsystem | Macro | Added | Removed |', '|---|---|---:|---:|');
    for (const [k, r] of [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const [sub, macro] = k.split('\u0000') as [string, string];
      out.push(`| \`${sub}\` | \`${macro}\` | +${r.added} | −${r.removed} |`);
      plus += r.added;
      minus += r.removed;
    }
    out.push('', `Net API delta: **${plus - minus > 0 ? '+' : ''}${plus - minus}** (+${plus} −${minus}).`);
  }
  for (const f of special) out.push(`- ${f.severity}: ${esc(f.message)} (${where(f)})`);
  return out;
}

function section(title: string, findings: readonly Finding[]): string[] {
  if (findings.length === 0) return [];
  return ['', `### ${title}`, ...findings.map((f) => `- ${f.severity}: ${esc(f.message)} (${where(f)})`)];
}

function versions(i: SummaryInput): string[] {
  if (!i.previous) return [];
  const c = versionChanges(i.findings, i.previous.revision);
  const out = ['', `### Since v${i.previous.revision}`];
  for (const f of c.fixed) out.push(`- fixed in v${f.versions?.fixedIn ?? i.series.revision}: ${esc(originalMessage(f))}${f.location ? ` (${where(f)})` : ''}`);
  if (c.stillPresent.length > 0) out.push(`- still present: ${c.stillPresent.length} (${[...new Set(c.stillPresent.map((f) => `since v${f.versions?.since ?? '?'}`))].join(', ')})`);
  out.push(`- new in v${i.series.revision}: ${c.new.length}`);
  return out;
}

function table(i: SummaryInput): string[] {
  const rows = standing(i.findings);
  if (rows.length === 0) return [];
  const out = ['', '<details><summary>Every finding</summary>', '', '| Severity | Analyzer | Where | Finding | Line comment |', '|---|---|---|---|---|'];
  for (const f of rows) {
    const c = i.commented.has(f.fingerprint) ? 'yes' : i.refused.has(f.fingerprint) ? 'refused by GitHub: not a line of the diff' : 'no';
    out.push(`| ${f.severity} | ${f.ruleId} | ${where(f)} | ${esc(f.message)} | ${c} |`);
  }
  out.push('', '</details>');
  return out;
}

/** At most SUMMARY_LIMIT characters, cut at a line with a note saying so. */
export function cut(text: string, limit: number = SUMMARY_LIMIT): string {
  if (text.length <= limit) return text;
  const note = '\n\n_The summary was cut here: GitHub keeps 65,535 characters. Every finding is in the annotations._';
  const room = limit - note.length;
  const at = text.lastIndexOf('\n', room);
  return `${text.slice(0, at > 0 ? at : room)}${note}`;
}
