/**
 * The assembler's series in report order, not yet built (SeriesAssembler.plan): each one's key
 * (made unique in the run), revision and place among the versions, from first mails alone, and
 * a `build` that makes one series on demand.
 */
import { keptWhole, type KeptRecord, type LoadRecord, type MessageRecord } from '../model/record.js';
import type { DuplicateMail, MailCopy, Series } from '../model/series.js';
import { markSuperseded, planEntry, sortByDate, toSeries, type PlanEntry, type Work } from './series-build.js';

export type { PlanEntry } from './series-build.js';

/** A repeated Message-ID: the copy kept and the one dropped (as the assembler kept them). */
export interface KeptDuplicate {
  messageId: string;
  kept: KeptRecord;
  dropped: KeptRecord;
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
  // In creation order (entries[seq]), so the series a partial reroll takes its key and title
  // from comes first. A reroll that has a cover letter of its own is a series of its own.
  const entries: PlanEntry[] = [];
  for (const w of works) entries.push(planEntry(w, w.rerollOf && !w.cover ? entries[w.rerollOf.seq] : undefined, load));
  sortByDate(entries);
  uniqueKeys(entries);
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

/** The second series with a key and revision already taken is `key~2`, the third `key~3` (report order). */
function uniqueKeys(entries: readonly PlanEntry[]): void {
  const perKey = new Map<string, number>();
  for (const e of entries) perKey.set(e.key, (perKey.get(e.key) ?? 0) + 1);
  // Only keys held by several series can clash: no key@revision string for the others.
  const used = new Map<string, number>();
  for (const e of entries) {
    if ((perKey.get(e.key) ?? 0) < 2) continue;
    const id = `${e.key}@${e.revision}`;
    const n = (used.get(id) ?? 0) + 1;
    used.set(id, n);
    if (n > 1) e.key = `${e.key}~${n}`;
  }
}

function copyOf(r: MessageRecord): MailCopy {
  return { source: r.source, offset: r.offset, kind: r.kind, subject: r.subject };
}
