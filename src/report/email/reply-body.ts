/**
 * The text of a reply, modelled on the kernel test robot's mails: what was noticed, where
 * (patch, file:line, the quoted hunk lines), why it matters (the analyzer's page), how to fix
 * or silence it, what changed since the previous version, and a footer saying it is a bot and
 * how to opt out. Every line is at most 72 columns (a URL longer than that stays whole).
 */
import type { Finding, Severity } from '../../model/finding.js';
import { originalMessage } from '../../engine/versions.js';
import type { VersionChanges } from './changes.js';
import { clip, wrap } from './wrap.js';

export interface BodyInput {
  /** Whom the mail greets (the author's name), '' for none. */
  authorName: string;
  /** Subject of the mail replied to. */
  subject: string;
  revision: number;
  findings: readonly Finding[];
  changes?: VersionChanges;
  /** Where a finding is: e.g. `patch 2/2 "KVM: x86: select KVM_VFIO"`, null when unknown. */
  patchLabel(f: Finding): string | null;
  /** The quoted patch lines of a finding, null when the patch does not show them. */
  quote(f: Finding): string[] | null;
  /** URL of the analyzer's page. */
  docsUrl(ruleId: string): string;
  /** The command that reproduces the findings (`kvetch check <msgid>`), when known. */
  reproduce?: string;
  /** What to say of review (report/email/review-note.ts), one sentence each; absent or empty for nothing. */
  review?: readonly string[];
  /** The bot's address (opt-out commands go there). */
  botAddress: string;
  /** How to reach the humans running the bot, when configured. */
  contact?: string;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function tally(fs: readonly Finding[]): string {
  const parts = (['error', 'warning', 'info'] as const).map((s) => [s, fs.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  return parts.map(([s, n]) => (s === 'info' ? `${n} info` : plural(n, s))).join(', ');
}

function where(f: Finding): string | null {
  if (!f.location) return null;
  const l = f.location;
  const line = l.line === undefined ? '' : l.endLine !== undefined && l.endLine !== l.line ? `:${l.line}-${l.endLine}` : `:${l.line}`;
  return `${l.path}${line}`;
}

function status(f: Finding, b: BodyInput): string {
  if (!b.changes) return '';
  return b.changes.new.some((n) => n.fingerprint === f.fingerprint) ? ` (new in v${b.revision})` : ` (also in v${f.versions?.since ?? b.changes.since})`;
}

function findingBlock(f: Finding, n: number, b: BodyInput): string[] {
  const out: string[] = [clip(`[${n}] ${f.severity}: ${f.ruleId}${status(f, b)}`)];
  out.push(...wrap(f.message, { first: '    ' }));
  const label = b.patchLabel(f);
  const at = where(f);
  const place = [label ? `In ${label}` : null, at ? (label ? `at ${at}` : `At ${at}`) : null].filter((s): s is string => s !== null).join(', ');
  if (place) out.push(...wrap(`${place}:`, { first: '    ' }));
  const quoted = b.quote(f);
  if (quoted && quoted.length > 0) out.push('', ...quoted);
  out.push('');
  out.push(...wrap(`Why it matters: ${b.docsUrl(f.ruleId)}`, { first: '    ' }));
  out.push(
    ...wrap(
      `How to fix it: see that page; if the change is intended, say why in the commit message. To stop mails about ${f.ruleId}, reply with a line "kvetch: opt-out ${f.ruleId}".`,
      { first: '    ' },
    ),
  );
  return out;
}

/** The summary of changes; fixed findings are listed (the others follow in full, tagged new or also in vN). */
function changeLines(c: VersionChanges): string[] {
  const out = wrap(`Changes since v${c.since}: ${c.fixed.length} fixed, ${c.stillPresent.length} still present, ${c.new.length} new.`);
  for (const f of c.fixed) out.push(...wrap(`${f.ruleId}: ${originalMessage(f)}`, { first: '  fixed: ', rest: '      ' }));
  return out;
}

function footer(b: BodyInput): string[] {
  const lines = ['-- '];
  lines.push(
    ...wrap(
      `kvetch is a bot: this mail was generated automatically. Replies to this thread reach the list and the author, not a human behind the bot${b.contact ? `; to reach one, write to ${b.contact}` : ''}.`,
    ),
  );
  lines.push(
    ...wrap(
      `To stop these mails, send ${b.botAddress} a mail with a line "kvetch: opt-out" (every analyzer) or "kvetch: opt-out <analyzer>" (one analyzer).`,
    ),
  );
  return lines;
}

/** The body, lines joined with `\n`, ending in a newline. */
export function replyBody(b: BodyInput): string {
  const sorted = [...b.findings].sort(
    (x, y) => RANK[x.severity] - RANK[y.severity] || (x.subject.patch ?? 0) - (y.subject.patch ?? 0) || (x.location?.path ?? '').localeCompare(y.location?.path ?? ''),
  );
  const lines: string[] = [b.authorName ? `Hi ${b.authorName},` : 'Hi,', ''];
  lines.push(...wrap(`kvetch, an automated patch checker, read "${b.subject}" (v${b.revision}) and noticed the following (${tally(sorted)}).`));
  if (b.reproduce) lines.push('', ...wrap(`To reproduce: ${b.reproduce}`));
  if (b.changes) lines.push('', ...changeLines(b.changes));
  for (const note of b.review ?? []) lines.push('', ...wrap(note));
  sorted.forEach((f, i) => lines.push('', ...findingBlock(f, i + 1, b)));
  lines.push('', ...footer(b));
  return `${lines.join('\n')}\n`;
}
