/**
 * The assembler's series in report order, not yet built (SeriesAssembler.plan): each one's key
 * (made unique in the run), revision and place among the versions, from first mails alone, and
 * a `build` that makes one series on demand.
 */
import { keptWhole, type KeptRecord, type LoadRecord, type MessageRecord } from '../model/record.js';
import type { DuplicateMail, MailCopy, Series } from '../model/series.js';
import { byDate, markSuperseded, seriesHead, toSeries, type SeriesHead, type Work } from './series-build.js';

/** A repeated Message-ID: the copy kept and the one dropped (as the assembler kept them). */
export interface KeptDuplicate {
  messageId: string;
  kept: KeptRecord;
  dropped: KeptRecord;
}

/**
 * One series of a plan: its head with the key made unique in the run, and its place among the
 * versions (one object, not an entry holding a head: a plan holds one per series of the input).
 */
export interface PlanEntry extends SeriesHead {
  work: Work;
  newest: boolean;
  supersededBy: number | null;
}

export interface AssemblyPlan {
  /** In report order (date, then arrival). */
  entries: PlanEntry[];
  /** Build one series; `load` gives full records (plan's by default). */
  build: (e: PlanEntry, load?: LoadRecord) => Series;
  /** Message-IDs seen more than once, each once, in order of first repetition. */
  duplicates: string[];
  /** Every dropped copy, for the input finding that names it. */
  duplicateMails: DuplicateMail[];
  orphans: string[];
}

/** `works` in creation order (Work.seq is the index). */
export function planOf(works: readonly Work[], dups: readonly KeptDuplicate[], orphans: string[], load: LoadRecord = keptWhole): AssemblyPlan {
  const replyCount = new Map<string, number>();
  for (const w of works) for (const rep of w.replies ?? []) replyCount.set(rep.parent, (replyCount.get(rep.parent) ?? 0) + 1);
  // In creation order, so the series a partial reroll takes its key and title from comes first.
  // A reroll that has a cover letter of its own is a series of its own.
  const heads: SeriesHead[] = [];
  for (const w of works) heads.push(seriesHead(w, w.rerollOf && !w.cover ? heads[w.rerollOf.seq] : undefined, load));
  const sorted = works.map((w) => ({ w, s: heads[w.seq] as SeriesHead })).sort(byDate);
  heads.length = 0;
  const used = new Map<string, number>();
  const entries: PlanEntry[] = sorted.map(({ w, s }) => {
    const base = `${s.key}@${s.revision}`;
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    // A literal, not a spread of the head: V8 gave each spread copy a hidden class of its own
    // (100,000 series, 100,000 classes: 30 MB).
    const e: PlanEntry = { key: n > 1 ? `${s.key}~${n}` : s.key, subject: s.subject, date: s.date, revision: s.revision, work: w, newest: true, supersededBy: null };
    if (s.rerollOf !== undefined) e.rerollOf = s.rerollOf;
    return e;
  });
  used.clear();
  markSuperseded(entries);
  const duplicates = [...new Set(dups.map((d) => d.messageId))];
  const duplicateMails: DuplicateMail[] = dups.map((d) => ({ messageId: d.messageId, kept: copyOf(load(d.kept)), dropped: copyOf(load(d.dropped)) }));
  const build = (e: PlanEntry, loadFull: LoadRecord = load): Series => {
    const s = toSeries(e.work, replyCount, e, loadFull);
    s.newest = e.newest;
    s.supersededBy = e.supersededBy;
    return s;
  };
  return { entries, build, duplicates, duplicateMails, orphans };
}

function copyOf(r: MessageRecord): MailCopy {
  return { source: r.source, offset: r.offset, kind: r.kind, subject: r.subject };
}
