/**
 * Properties of a whole triage() report, shared by the in-process triage target, the tree
 * target and the CLI sample: every mail with a diff accounted for, `complete` honest, output
 * bounded by the input.
 */
import type { MessageRecord } from '../../src/model/record.js';
import type { RunResult } from '../../src/model/series.js';

/**
 * Every mail with a diff is a patch of some series or has an input/* finding naming its
 * Message-ID or offset. (A reply carrying a diff, `Re: [PATCH …]` with a suggested fix, is a
 * comment by design: docs/series.md; it is accounted for as a reply.)
 */
export function accounted(records: readonly MessageRecord[], r: RunResult): string | null {
  const patches = new Set<string>();
  for (const s of r.series) for (const p of s.patches) patches.add(p.messageId);
  const named = new Set<string>();
  for (const f of r.findings) {
    if (!f.ruleId.startsWith('input/')) continue;
    if (f.subject.messageId) named.add(`id ${f.subject.messageId}`);
    if (f.data?.messageId !== undefined) named.add(`id ${f.data.messageId}`);
    if (f.data?.offset !== undefined) named.add(`at ${f.data.offset}`);
  }
  for (const m of records) {
    if (!m.hasDiff || m.kind !== 'patch') continue;
    if (patches.has(m.messageId)) continue;
    if (named.has(`id ${m.messageId}`) || named.has(`at ${m.offset}`)) continue;
    return `the mail at byte ${m.offset} (${m.messageId}, ${m.kind}, "${m.subject}") has a diff, is no series' patch and no input/* finding names it`;
  }
  return null;
}

/** A series marked complete has every number 1..total, and no other. */
export function completeHonest(r: RunResult): string | null {
  for (const s of r.series) {
    if (!s.complete) continue;
    // Numbers above total are extras (patchwork keeps them too); 0 is no number.
    const inRange = s.patches.filter((p) => p.index >= 1 && p.index <= s.total);
    const exact = s.missing.length === 0 && inRange.length === s.total && inRange.every((p, i) => p.index === i + 1);
    if (!exact) return `series "${s.subject}" v${s.revision} complete with patches [${s.patches.map((p) => p.index).join(',')}] of ${s.total}`;
  }
  return null;
}

/** The report grows with the input (16 bytes of JSON per byte of mail, plus 64 KB), not with numbers in subjects. */
export function bounded(inputBytes: number, json: string): string | null {
  return json.length <= 16 * inputBytes + 65536 ? null : `${json.length} bytes of report for ${inputBytes} bytes of mail`;
}

/** " of -" naming stdin, followed by a space, punctuation or the end of the message. */
const STDIN_MENTION = / of -(?=[\s,;.:)]|$)/g;

/** The report with the names of its inputs taken out (a file, its .gz and stdin differ only there). */
export function withoutSources(json: string): string {
  const r = JSON.parse(json) as { stats?: { sources?: string[] } } & Record<string, unknown>;
  // Messages name the source too ("at byte 12 of x.mbox", "of -" for stdin): those mentions become "(source)".
  const names = [...(r.stats?.sources ?? [])].filter((n) => n.length > 0).sort((x, y) => y.length - x.length);
  const scrub = (t: string): string => names.reduce((acc, n) => (n === '-' ? acc.replace(STDIN_MENTION, ' of (source)') : acc.split(n).join('(source)')), t);
  return JSON.stringify(r, (k, v: unknown) => (k === 'source' || k === 'sources' || k === 'keptSource' ? '(source)' : typeof v === 'string' ? scrub(v) : v));
}
