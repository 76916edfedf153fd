/**
 * The assembler's working series (Work) turned into the Series the report shows: patches in
 * number order, a partial reroll's missing patches taken from the revision it rerolls, what is
 * missing as ranges, and which revision in the input supersedes which. Pure.
 */
import { keptWhole, type KeptRecord, type LoadRecord } from '../model/record.js';
import type { IndexRange, Series, SeriesPatch, SeriesReply } from '../model/series.js';
import { displayAddress } from './in-body-headers.js';
import type { PatchSlots } from './patch-slots.js';
import { seriesKey } from './series-key.js';
import { attachTrailers, type GivenTrailers } from './series-trailers.js';
import { commitTitle } from './subject.js';

export interface Work {
  /** Creation order, which is the arrival order of the mails that created them. */
  seq: number;
  date: string | null;
  author: string;
  version: number;
  versionInferred: boolean;
  total: number;
  cover: KeptRecord | null;
  patches: PatchSlots<KeptRecord>;
  /** The replies, in the order they joined (null until one did: most series of an archive have none). */
  replies: SeriesReply[] | null;
  /** A partial reroll: the series whose patches these answer (docs/series.md, "Partial rerolls"). */
  rerollOf: Work | null;
  /** Partial rerolls of this series, by version (null until it has one). */
  rerolls: Map<number, Work> | null;
  /** Trailers given by the replies, in the order the replies joined. */
  given: GivenTrailers[] | null;
}

interface Patch {
  record: KeptRecord;
  /** Set when the patch was taken from an older revision. */
  fromRevision?: number;
}

/**
 * Patch number → patch, for a series and (when it is a partial reroll with the same N) the
 * numbers it did not resend, taken from the revision it rerolls, recursively.
 */
function effectivePatches(w: Work): Map<number, Patch> {
  const out = new Map<number, Patch>(w.patches.entries().map(([i, record]) => [i, { record }]));
  const base = w.rerollOf;
  if (!base || w.cover || base.total !== w.total) return out;
  for (const [i, p] of effectivePatches(base)) {
    if (i < 1 || i > w.total || out.has(i)) continue;
    out.set(i, { record: p.record, fromRevision: p.fromRevision ?? base.version });
  }
  return out;
}

/** What a series is called and where it sorts, from its first mail alone (no files, no trailers). */
export interface SeriesHead {
  key: string;
  subject: string;
  date: string | null;
  revision: number;
  /** The revision a partial reroll rerolls (it took that one's key and title). */
  rerollOf?: number;
}

/**
 * One series of an assembly plan (mail/series-plan.ts): its head, with the key made unique in
 * the run, and its place among the versions. One object per series of the input, made once.
 */
export interface PlanEntry extends SeriesHead {
  work: Work;
  newest: boolean;
  supersededBy: number | null;
}

/** The first mail: the cover letter, else the lowest-numbered patch of its own. */
function firstOf(w: Work): KeptRecord | null {
  const own = w.patches.keys().sort((a, b) => a - b);
  return w.cover ?? w.patches.get(own[0] ?? 1) ?? null;
}

/** The plan entry of a Work, its head made from its first mail alone; a partial reroll's from the `base` it rerolls. */
export function planEntry(w: Work, base: SeriesHead | undefined, load: LoadRecord = keptWhole): PlanEntry {
  const kept = firstOf(w);
  const first = kept ? load(kept) : null;
  const title = first?.parsedSubject.title || first?.subject || '';
  const date = first?.date ?? w.date;
  // A literal with every field, not a spread: V8 gave each spread copy a hidden class of its
  // own (100,000 series, 100,000 classes: 30 MB).
  const e: PlanEntry = {
    // A partial reroll is the series it rerolls, one revision on: same key, same title.
    key: base ? base.key : seriesKey(first?.changeId ?? null, first?.authorAddress ?? w.author, title),
    subject: base ? base.subject : title,
    // The Work's copy of the string when they are equal (a one-patch series): one copy kept.
    date: date === w.date ? w.date : date,
    revision: w.version,
    work: w,
    newest: true,
    supersededBy: null,
  };
  if (base) e.rerollOf = base.revision;
  return e;
}

/**
 * The series of a Work. `load` gives a mail's full record where the assembler kept a slim one
 * (pipeline/record-spill.ts); `head` its key and place, as planEntry made them.
 */
export function toSeries(w: Work, replyCount: ReadonlyMap<string, number>, head: SeriesHead, load: LoadRecord = keptWhole): Series {
  const all = effectivePatches(w);
  const indexes = [...all.keys()].sort((a, b) => a - b);
  const patches: SeriesPatch[] = indexes.map((i) => {
    const { record, fromRevision } = all.get(i) as Patch;
    const p = load(record);
    const title = p.inBody?.subject !== undefined ? commitTitle(p.inBody.subject) : undefined;
    const sp: SeriesPatch = {
      index: i, messageId: p.messageId, subject: p.subject, author: p.inBody?.from ? displayAddress(p.inBody.from) : p.author, sender: p.author, date: p.date,
      ...(title ? { title } : {}), ...(p.inBody?.date ? { authorDate: p.inBody.date } : {}),
      files: p.files, replies: replyCount.get(p.messageId) ?? 0,
    };
    if (fromRevision !== undefined) sp.fromRevision = fromRevision;
    if (p.trailers) sp.trailers = p.trailers;
    if (p.patchId !== undefined) sp.patchId = p.patchId;
    return sp;
  });
  const firstSlim = firstOf(w);
  const first = firstSlim ? load(firstSlim) : null;
  const cover = w.cover ? load(w.cover) : null;
  // Complete means every number 1..N arrived. A patch numbered above N (`[PATCH 3/2]`) is kept
  // as an extra, as patchwork does, and makes nothing complete: `[PATCH 3/0]` alone is
  // patch 3 of a series whose patch 1 is missing.
  const total = Math.max(w.total, 1);
  const missing = missingRanges(indexes, total);
  const s: Series = {
    key: head.key,
    revision: w.version,
    versionInferred: w.versionInferred,
    subject: head.subject,
    author: first?.inBody?.from ? displayAddress(first.inBody.from) : (first?.author ?? w.author),
    sender: first?.author ?? w.author,
    date: head.date,
    total,
    complete: missing.length === 0,
    cover: cover ? { messageId: cover.messageId, subject: cover.subject } : null,
    patches,
    missing,
    replies: w.replies ?? [],
    rfc: first?.parsedSubject.rfc ?? false,
    ...(first?.parsedSubject.resend ? { resend: true } : {}),
    ...(first?.changeId ? { changeId: first.changeId } : {}),
    ...(first?.baseCommit !== undefined ? { baseCommit: first.baseCommit } : {}),
    ...(first?.prerequisitePatchIds ? { prerequisitePatchIds: [...first.prerequisitePatchIds] } : {}),
    review: attachTrailers(patches, cover?.messageId ?? null, total, w.given ?? []),
    newest: true,
    supersededBy: null,
  };
  if (head.rerollOf !== undefined) s.rerollOf = head.rerollOf;
  return s;
}

/** Sorts series in date order (the cover's date, else the first patch's); arrival breaks ties. Each date is parsed once. */
export function sortByDate(entries: PlanEntry[]): void {
  const time = new Float64Array(entries.length);
  for (const e of entries) time[e.work.seq] = e.date ? Date.parse(e.date) : NaN;
  entries.sort((a, b) => {
    const ta = time[a.work.seq] as number;
    const tb = time[b.work.seq] as number;
    if (!Number.isNaN(ta) && !Number.isNaN(tb) && ta !== tb) return ta - tb;
    return a.work.seq - b.work.seq;
  });
}

/**
 * Per series key (a `~2` suffix aside): the newest revision in the input is `newest`; each
 * older one is superseded by the next revision above it.
 */
export function markSuperseded(series: readonly Pick<Series, 'key' | 'revision' | 'newest' | 'supersededBy'>[]): void {
  // A family with one series (nearly all of them) keeps its revision as a number, not an array.
  const revisions = new Map<string, number | number[]>();
  const family = (s: { key: string }): string => s.key.replace(/~\d+$/, '');
  for (const s of series) {
    const f = family(s);
    const known = revisions.get(f);
    if (known === undefined) revisions.set(f, s.revision);
    else if (typeof known === 'number') revisions.set(f, [known, s.revision]);
    else known.push(s.revision);
  }
  for (const s of series) {
    const known = revisions.get(family(s));
    const above = typeof known === 'object' ? known.filter((r) => r > s.revision) : [];
    s.newest = above.length === 0;
    s.supersededBy = above.length === 0 ? null : Math.min(...above);
  }
}

/** The numbers of 1..total not in `present` (ascending), as ranges: as long as the patches, not as N. */
export function missingRanges(present: readonly number[], total: number): IndexRange[] {
  const out: IndexRange[] = [];
  let next = 1;
  for (const i of present) {
    if (i < next) continue;
    if (i > total) break;
    if (i > next) out.push({ from: next, to: i - 1 });
    next = i + 1;
  }
  if (next <= total) out.push({ from: next, to: total });
  return out;
}
