/**
 * Human-readable output for a terminal. Pure: returns the text, the caller prints it.
 *
 *   [v2] net: fix foo (2/3 patches, missing: 3)
 *     key: 1a2b3c  from: A U Thor <a@example.org>  date: 2024-05-01T10:00:00Z
 *     review: 1/3 patches reviewed by R Eviewer <r@example.org>
 *     cover: net: fix foo (1 reply)
 *     1/3 net: add helper (2 files, +10 -3)
 *     error symbol-exports: … at include/linux/foo.h:12 (patch 1/3)
 *
 *   3 series, 7 patches, 2 findings (1 error, 1 warning, 0 info)
 */
import type { Finding, Severity } from '../../model/finding.js';
import type { RunResult, Series, SeriesPatch } from '../../model/series.js';
import { formatRanges } from './ranges.js';
import { reviewLine } from './review.js';

export interface TerminalOptions {
  /** Emit ANSI SGR colour codes. */
  color: boolean;
}

const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info'];

const SGR = {
  bold: ['\u001b[1m', '\u001b[22m'],
  dim: ['\u001b[2m', '\u001b[22m'],
  red: ['\u001b[31m', '\u001b[39m'],
  yellow: ['\u001b[33m', '\u001b[39m'],
  green: ['\u001b[32m', '\u001b[39m'],
  cyan: ['\u001b[36m', '\u001b[39m'],
} as const;
type Style = keyof typeof SGR;

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' };

/**
 * Mail headers and bodies are attacker-controlled: strip anything that could
 * drive the terminal (ESC, CSI, other C0/C1 controls) and fold line breaks.
 */
export function sanitize(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is this function's job
  return text.replace(/[\r\n\t]+/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '\ufffd');
}

/** A finding's severity as reported: fatal findings always count as errors. */
export function effectiveSeverity(f: Finding): Severity {
  return f.fatal === true ? 'error' : f.severity;
}

/** `[PATCH v2 1/3] net: foo` → `net: foo`: the header line already says which series and index. */
export function stripSubjectTags(subject: string): string {
  const stripped = subject.replace(/^\s*(?:\[[^\]]*\]\s*)+/, '');
  return stripped === '' ? subject : stripped;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

class Painter {
  constructor(private readonly color: boolean) {}
  paint(style: Style, text: string): string {
    if (!this.color || text === '') return text;
    const [on, off] = SGR[style];
    return `${on}${text}${off}`;
  }
}

function seriesHeader(s: Series, p: Painter): string {
  const total = Math.max(s.total, s.patches.length);
  const tag = `[${s.rfc ? 'RFC ' : ''}v${s.revision}]`;
  let state: string;
  if (s.complete) state = p.paint('green', 'complete');
  else if (s.missing.length > 0) state = p.paint('red', `missing: ${formatRanges(s.missing)}`);
  else state = p.paint('red', 'incomplete');
  const count = `${s.patches.length}/${total} ${total === 1 ? 'patch' : 'patches'}`;
  const notes = [count, state];
  if (s.rerollOf !== undefined) notes.push(`partial reroll of v${s.rerollOf}`);
  if (s.supersededBy !== null && s.supersededBy !== undefined) notes.push(`superseded by v${s.supersededBy}`);
  return `${p.paint('bold', `${tag} ${sanitize(s.subject)}`)} (${notes.join(', ')})`;
}

function patchLine(patch: SeriesPatch, total: number, seriesAuthor: string): string {
  let add = 0;
  let del = 0;
  for (const f of patch.files) {
    add += f.additions;
    del += f.deletions;
  }
  const parts = [plural(patch.files.length, 'file', 'files'), `+${add} -${del}`];
  if (patch.replies > 0) parts.push(plural(patch.replies, 'reply', 'replies'));
  if (patch.fromRevision !== undefined) parts.push(`from v${patch.fromRevision}`);
  if (patch.author !== seriesAuthor) parts.push(`by ${patch.author}`);
  return `  ${patch.index}/${total} ${sanitize(patch.title ?? stripSubjectTags(patch.subject))} (${sanitize(parts.join(', '))})`;
}

function findingLine(f: Finding, p: Painter, total: number | undefined): string {
  const sev = effectiveSeverity(f);
  let line = `  ${p.paint(SEVERITY_STYLE[sev], sev)} ${p.paint('bold', sanitize(f.ruleId))}: ${sanitize(f.message)}`;
  const loc = f.location;
  if (loc !== undefined && loc.path !== '') {
    line += ` at ${sanitize(loc.path)}${loc.line !== undefined ? `:${loc.line}` : ''}`;
  }
  const idx = f.subject.patch;
  if (idx === 0) line += p.paint('dim', ' (cover)');
  else if (idx !== undefined) line += p.paint('dim', total !== undefined ? ` (patch ${idx}/${total})` : ` (patch ${idx})`);
  if (f.fatal === true) line += p.paint('red', ' (fatal)');
  const v = f.versions;
  if (v?.status === 'new') line += p.paint('dim', ' [new in this version]');
  else if (v?.status === 'still-present') line += p.paint('dim', ` [still present since v${v.since ?? '?'}]`);
  return line;
}

/** Findings grouped error → warning → info, input order kept within a group. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return SEVERITY_ORDER.flatMap((sev) => findings.filter((f) => effectiveSeverity(f) === sev));
}

function seriesRef(key: string, revision: number): string {
  return `${revision}\u0000${key}`;
}

function seriesBlock(s: Series, findings: readonly Finding[], p: Painter): string[] {
  const total = Math.max(s.total, s.patches.length);
  const lines = [seriesHeader(s, p)];
  const who = s.sender === s.author ? [`from: ${sanitize(s.author)}`] : [`author: ${sanitize(s.author)}`, `sent by: ${sanitize(s.sender)}`];
  const meta = [`key: ${sanitize(s.key)}`, ...who];
  if (s.date !== null) meta.push(`date: ${sanitize(s.date)}`);
  lines.push(p.paint('dim', `  ${meta.join('  ')}`));
  const review = reviewLine(s.review);
  if (review !== null) lines.push(`  review: ${sanitize(review)}`);
  if (s.cover !== null) {
    const coverId = s.cover.messageId;
    const replies = s.replies.filter((r) => r.parent === coverId).length;
    const extra = replies > 0 ? ` (${plural(replies, 'reply', 'replies')})` : '';
    lines.push(`  cover: ${sanitize(stripSubjectTags(s.cover.subject))}${extra}`);
  }
  for (const patch of [...s.patches].sort((a, b) => a.index - b.index)) lines.push(patchLine(patch, total, s.author));
  for (const f of bySeverity(findings)) lines.push(findingLine(f, p, total));
  return lines;
}

export function formatTerminal(result: RunResult, opts: TerminalOptions): string {
  const p = new Painter(opts.color);
  const known = new Set(result.series.map((s) => seriesRef(s.key, s.revision)));
  const perSeries = new Map<string, Finding[]>();
  const loose: Finding[] = [];
  for (const f of result.findings) {
    const ref = seriesRef(f.subject.key, f.subject.revision);
    if (f.subject.key !== '' && known.has(ref)) {
      const list = perSeries.get(ref);
      if (list === undefined) perSeries.set(ref, [f]);
      else list.push(f);
    } else {
      loose.push(f);
    }
  }

  const blocks: string[][] = result.series.map((s) =>
    seriesBlock(s, perSeries.get(seriesRef(s.key, s.revision)) ?? [], p),
  );
  if (loose.length > 0) {
    blocks.push([p.paint('bold', 'Other findings'), ...bySeverity(loose).map((f) => findingLine(f, p, undefined))]);
  }

  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[effectiveSeverity(f)] += 1;
  const patches = result.series.reduce((n, s) => n + s.patches.length, 0);
  const summary =
    `${plural(result.series.length, 'series', 'series')}, ${plural(patches, 'patch', 'patches')}, ` +
    `${plural(result.findings.length, 'finding', 'findings')} (` +
    `${p.paint(counts.error > 0 ? 'red' : 'dim', plural(counts.error, 'error', 'errors'))}, ` +
    `${p.paint(counts.warning > 0 ? 'yellow' : 'dim', plural(counts.warning, 'warning', 'warnings'))}, ` +
    `${p.paint(counts.info > 0 ? 'cyan' : 'dim', `${counts.info} info`)})`;
  blocks.push([summary]);

  return `${blocks.map((b) => b.join('\n')).join('\n\n')}\n`;
}
