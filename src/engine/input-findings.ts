/** Input problems (per message, per source) → `input/<problem>` findings. */
import type { SourceProblem } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';
import type { Finding } from '../model/finding.js';
import type { DuplicateMail, MailCopy, Series } from '../model/series.js';
import { fingerprint } from './fingerprint.js';

type Place = { key: string; revision: number; patch?: number };
/** Message-ID → the series (and patch) holding the mail; null for a wanted mail not placed (yet). */
export type Places = Map<string, Place | null>;

/** The places of these mails only, to be filled by addPlaces(…, true). */
export function wantedPlaces(ids: Iterable<string>): Places {
  const where: Places = new Map();
  for (const id of ids) where.set(id, null);
  return where;
}

/**
 * Add the mails of one series to `where` (a later series wins, as in report order); with
 * `known`, only the mails already in it (wantedPlaces: a run that places only the mails its
 * input findings name, keeping one copy of their Message-IDs).
 */
export function addPlaces(where: Places, s: Series, known = false): void {
  const put = (id: string, p: Place): void => {
    if (!known || where.has(id)) where.set(id, p);
  };
  if (s.cover) put(s.cover.messageId, { key: s.key, revision: s.revision, patch: 0 });
  for (const p of s.patches) put(p.messageId, { key: s.key, revision: s.revision, patch: p.index });
  for (const r of s.replies) put(r.messageId, { key: s.key, revision: s.revision });
}

function placeOf(series: readonly Series[] | Places): Places {
  if (series instanceof Map) return series;
  const where: Places = new Map();
  for (const s of series) addPlaces(where, s);
  return where;
}

/**
 * The input problems of these records as findings, each under the series (and patch) its mail
 * belongs to, one mail at a time (records read back from a spill as they are needed): each mail's
 * findings, then one note per kind of problem said once a run, counting the mails and naming
 * the first.
 */
export function* inputFindingsOf(records: Iterable<MessageRecord>, where: Places): Generator<Finding> {
  const byKind = new Map<string, { first: Pick<MessageRecord, 'source' | 'offset' | 'messageId'>; message: string; count: number }>();
  for (const r of records) {
    const w = where.get(r.messageId);
    yield* recordFindings({ ...r, problems: r.problems.filter((p) => !p.summary) }, w?.key ?? '', w?.revision ?? 0, w?.patch);
    for (const p of r.problems) {
      if (!p.summary) continue;
      const seen = byKind.get(p.kind);
      if (seen) seen.count++;
      else byKind.set(p.kind, { first: { source: r.source, offset: r.offset, messageId: r.messageId }, message: p.message, count: 1 });
    }
  }
  for (const [kind, g] of byKind) {
    yield {
      ruleId: `input/${kind}`,
      messageId: kind,
      message: g.count === 1 ? g.message : `${g.count} mails: ${g.message} (the first of them; the others alike)`,
      severity: 'info',
      subject: { key: '', revision: 0 },
      data: { count: g.count, source: g.first.source, offset: g.first.offset },
      // The first mail's (content-derived) id, not the source's name: the same input read from stdin is the same note.
      fingerprint: fingerprint(`input/${kind}`, { first: g.first.messageId }),
    };
  }
}

function recordFindings(r: MessageRecord, seriesKey: string, revision: number, patch?: number): Finding[] {
  return r.problems.map((p) => {
    const data: Record<string, string | number> = { source: r.source, offset: r.offset, messageId: r.messageId };
    const f: Finding = {
      ruleId: `input/${p.kind}`,
      messageId: p.kind,
      message: p.message,
      severity: p.fatal ? 'error' : 'warning',
      subject: { key: seriesKey, revision, messageId: r.messageId, ...(patch !== undefined ? { patch } : {}) },
      data,
      // A derived Message-ID is a hash of the mail's bytes: like a real one, it names the mail
      // wherever it is read from (a copy, a .gz, stdin), where a source name and offset would not.
      fingerprint: fingerprint(`input/${p.kind}`, { messageId: r.messageId, path: p.path ?? '' }),
    };
    if (p.path) f.location = { path: p.path };
    if (p.fatal) f.fatal = true;
    return f;
  });
}

export function sourceInputFinding(p: SourceProblem): Finding {
  return {
    ruleId: `input/${p.kind}`,
    messageId: p.kind,
    message: p.message,
    severity: 'error',
    subject: { key: '', revision: 0 },
    data: { source: p.source, offset: p.offset },
    fingerprint: fingerprint(`input/${p.kind}`, { source: p.source, offset: p.offset }),
    fatal: true,
  };
}

/**
 * One finding per dropped copy of a repeated Message-ID, under the series of the copy kept.
 * The same mail twice (overlapping archives) is info; different mails sharing an id, or a
 * dropped copy with a diff, is a warning: that mail is not analysed.
 */
export function duplicateFindings(dups: readonly DuplicateMail[], series: readonly Series[] | Places): Finding[] {
  if (dups.length === 0) return [];
  const where = placeOf(series);
  return dups.map((d) => {
    const w = where.get(d.messageId);
    const same = d.kept.kind === d.dropped.kind && d.kept.subject === d.dropped.subject;
    const f: Finding = {
      ruleId: 'input/duplicate-message-id',
      messageId: 'duplicate-message-id',
      message: same
        ? `${d.messageId} occurs again at ${at(d.dropped)}, the same ${d.dropped.kind}; kept the copy at ${at(d.kept)}`
        : `${d.messageId} is shared by two different mails: kept the ${d.kept.kind} at ${at(d.kept)} (${JSON.stringify(d.kept.subject)}), dropped the ${d.dropped.kind} at ${at(d.dropped)} (${JSON.stringify(d.dropped.subject)}), which is not analysed`,
      severity: same ? 'info' : 'warning',
      subject: { key: w?.key ?? '', revision: w?.revision ?? 0, messageId: d.messageId, ...(w?.patch !== undefined ? { patch: w.patch } : {}) },
      data: { source: d.dropped.source, offset: d.dropped.offset, messageId: d.messageId, keptSource: d.kept.source, keptOffset: d.kept.offset },
      // Not the source's name or offset: the same mails read from a copy, a .gz or stdin are the same finding.
      fingerprint: fingerprint('input/duplicate-message-id', { messageId: d.messageId, kind: d.dropped.kind, subject: d.dropped.subject }),
    };
    return f;
  });
}

const at = (c: MailCopy): string => `byte ${c.offset} of ${c.source}`;
