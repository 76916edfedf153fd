/**
 * Series assembly, after patchwork's rules (see docs/series.md):
 * - a mail joins a series through its In-Reply-To/References, newest reference first;
 * - failing that, through its subject markers: same sender, version and total, within 20 min;
 * - a patch whose explicit version differs from the series its references found is a partial
 *   reroll: it joins that series' reroll of its version (missing patches taken from the older one);
 * - a patch whose number is already taken starts a new series (a resend or a new version);
 * - a cover letter starts a new series unless an earlier patch already referenced it;
 * - a diff without an `n/N` marker is a one-patch series of its own.
 * Pure: records in arrival order in, series out.
 */
import { keptWhole, type KeptRecord, type LoadRecord, type MessageRecord } from '../model/record.js';
import type { DuplicateMail, MailCopy, Series } from '../model/series.js';
import { byDate, markSuperseded, seriesHead, toSeries, type SeriesHead, type Work } from './series-build.js';
import { givenBy } from './series-trailers.js';

export { missingRanges } from './series-build.js';

/** Mails joined by subject markers (same sender, version and total) were sent this close together. */
export const MARKER_WINDOW_MS = 20 * 60 * 1000;

export interface Assembly {
  series: Series[];
  /** Message-IDs seen more than once, each once, in order of first repetition. */
  duplicates: string[];
  /** Every dropped copy, for the input finding that names it. */
  duplicateMails: DuplicateMail[];
  orphans: string[];
}

export class SeriesAssembler {
  private readonly works: Work[] = [];
  private readonly refs = new Map<string, Work>();
  /** Message-ID of a cover or patch → its series. */
  private readonly submissions = new Map<string, Work>();
  /** Message-ID of a comment → the submission it (transitively) answers. */
  private readonly comments = new Map<string, { work: Work; messageId: string } | null>();
  /** Every Message-ID added, with the copy that was kept (as `retain` keeps it). */
  private readonly seen = new Map<string, KeptRecord>();
  /** Repeated Message-IDs: the copy kept and the one dropped (as `retain` keeps them). */
  private readonly duplicates: { messageId: string; kept: KeptRecord; dropped: KeptRecord }[] = [];
  /** Comments whose parent was not seen (yet): retried when the input is complete. */
  private pendingComments: MessageRecord[] = [];
  /** What a series keeps of its cover letter and patches until it is built (AssemblerOptions.retain). */
  private readonly retain: (r: MessageRecord) => KeptRecord;

  constructor(o: AssemblerOptions = {}) {
    this.retain = o.retain ?? ((r) => r);
  }

  add(r: MessageRecord): void {
    const earlier = this.seen.get(r.messageId);
    const kept = this.retain(r);
    if (earlier) {
      // A reply and a patch sharing an id (broken mailers, list re-sends): the copy with the
      // diff is the one a series needs. Otherwise the first copy stays.
      if (earlier.kind !== 'comment' || r.kind === 'comment') {
        this.duplicates.push({ messageId: r.messageId, kept: earlier, dropped: kept });
        return;
      }
      this.dropComment(r.messageId);
      this.duplicates.push({ messageId: r.messageId, kept, dropped: earlier });
    }
    this.seen.set(r.messageId, kept);
    if (r.kind === 'patch') this.addPatch(r, kept);
    else if (r.kind === 'cover') this.addCover(r, kept);
    else this.addComment(r);
  }

  private addPatch(r: MessageRecord, kept: KeptRecord): void {
    const s = r.parsedSubject;
    let work: Work | null = null;
    let x = s.index ?? 1;
    if (s.total !== null) {
      const byRefs = this.byRefs(r);
      work = byRefs && !s.versionInferred && byRefs.version !== s.version ? this.reroll(byRefs, r, s.total) : (byRefs ?? this.byMarkers(r));
    } else x = 1;
    if (!work || work.patches.has(x)) {
      work = this.create(r, s.total ?? 1);
      for (const ref of [...r.references, ...(r.inReplyTo ? [r.inReplyTo] : []), r.messageId]) {
        if (!this.refs.has(ref)) this.refs.set(ref, work);
      }
    } else if (!this.refs.has(r.messageId)) {
      this.refs.set(r.messageId, work);
    }
    work.patches.set(x, kept);
    this.submissions.set(r.messageId, work);
  }

  private addCover(r: MessageRecord, kept: KeptRecord): void {
    let work = this.refs.get(r.messageId) ?? null;
    if (!work || work.cover) {
      work = this.create(r, r.parsedSubject.total ?? 0);
      this.refs.set(r.messageId, work);
    } else if (work.patches.size > 0) {
      // Patches arrived first and named this cover: the cover's markers decide the version.
      work.version = r.parsedSubject.version;
      work.versionInferred = r.parsedSubject.versionInferred;
    }
    work.cover = kept;
    this.submissions.set(r.messageId, work);
  }

  private addComment(r: MessageRecord): void {
    let parent: { work: Work; messageId: string } | null = null;
    for (const ref of newestFirst(r)) {
      parent = this.parentOf(ref);
      if (parent) break;
    }
    this.comments.set(r.messageId, parent);
    if (!parent) {
      this.pendingComments.push(r);
      return;
    }
    attach(parent, r);
  }

  /** Take back a comment that turned out to share its id with a patch or a cover letter. */
  private dropComment(messageId: string): void {
    const parent = this.comments.get(messageId);
    this.comments.delete(messageId);
    if (parent) {
      parent.work.replies = parent.work.replies.filter((x) => x.messageId !== messageId);
      parent.work.given = parent.work.given.filter((x) => x.messageId !== messageId);
    } else {
      this.pendingComments = this.pendingComments.filter((x) => x.messageId !== messageId);
    }
  }

  /**
   * A reply can come before its patch (archives merged, mboxes sorted by receipt): once the
   * input is complete, retry the waiting replies. A reply that finds its parent wakes the replies
   * waiting on it, so a long thread delivered newest first costs its length, not its square.
   */
  private resolvePending(): string[] {
    const waiting = new Map<string, MessageRecord[]>();
    for (const r of this.pendingComments) {
      for (const ref of newestFirst(r)) {
        const list = waiting.get(ref);
        if (list) list.push(r);
        else waiting.set(ref, [r]);
      }
    }
    const unresolved = new Set(this.pendingComments);
    const queue = [...this.pendingComments];
    for (let i = 0; i < queue.length; i++) {
      const r = queue[i] as MessageRecord;
      if (!unresolved.has(r)) continue;
      let parent: { work: Work; messageId: string } | null = null;
      for (const ref of newestFirst(r)) {
        parent = this.parentOf(ref);
        if (parent) break;
      }
      if (!parent) continue;
      unresolved.delete(r);
      this.comments.set(r.messageId, parent);
      attach(parent, r);
      for (const w of waiting.get(r.messageId) ?? []) if (unresolved.has(w)) queue.push(w);
    }
    this.pendingComments = this.pendingComments.filter((r) => unresolved.has(r));
    return this.pendingComments.map((r) => r.messageId);
  }

  /** The submission a reply to `ref` answers: `ref` itself, or what the comment `ref` answers. */
  private parentOf(ref: string): { work: Work; messageId: string } | null {
    const work = this.submissions.get(ref);
    return work ? { work, messageId: ref } : (this.comments.get(ref) ?? null);
  }

  private byRefs(r: MessageRecord): Work | null {
    for (const ref of newestFirst(r)) {
      const w = this.refs.get(ref);
      if (w) return w;
    }
    return null;
  }

  private byMarkers(r: MessageRecord): Work | null {
    const t = r.date ? Date.parse(r.date) : NaN;
    if (Number.isNaN(t)) return null;
    const s = r.parsedSubject;
    for (let i = this.works.length - 1; i >= 0; i--) {
      const w = this.works[i] as Work;
      if (w.author !== r.authorAddress || w.version !== s.version || w.total !== s.total || !w.date) continue;
      if (Math.abs(Date.parse(w.date) - t) <= MARKER_WINDOW_MS) return w;
    }
    return null;
  }

  /** The partial reroll of `base` at the patch's version (created on first use). */
  private reroll(base: Work, r: MessageRecord, total: number): Work {
    const v = r.parsedSubject.version;
    const known = base.rerolls?.get(v);
    if (known && known.total === total) return known;
    const w = this.create(r, total);
    w.rerollOf = base;
    base.rerolls = (base.rerolls ?? new Map<number, Work>()).set(v, w);
    // Its cover letter, if one comes later (mails out of order), is the mail these patches answer.
    for (const ref of [...r.references, ...(r.inReplyTo ? [r.inReplyTo] : [])]) if (!this.refs.has(ref)) this.refs.set(ref, w);
    return w;
  }

  private create(r: MessageRecord, total: number): Work {
    const w: Work = {
      seq: this.works.length,
      date: r.date,
      arrival: r.index,
      author: r.authorAddress,
      version: r.parsedSubject.version,
      versionInferred: r.parsedSubject.versionInferred,
      total,
      cover: null,
      patches: new Map(),
      replies: [],
      rerollOf: null,
      rerolls: null,
      given: [],
    };
    this.works.push(w);
    return w;
  }

  finish(): Assembly {
    const plan = this.plan();
    return { series: plan.entries.map((e) => plan.build(e)), duplicates: plan.duplicates, duplicateMails: plan.duplicateMails, orphans: plan.orphans };
  }

  /**
   * The series of the input, in report order, not yet built: each is built on demand (with the
   * full records of its mails, when the assembler was given slim ones), so that a run over a big
   * archive holds one built series at a time.
   */
  plan(load: LoadRecord = keptWhole): AssemblyPlan {
    const orphans = this.resolvePending();
    const replyCount = new Map<string, number>();
    for (const w of this.works) for (const rep of w.replies) replyCount.set(rep.parent, (replyCount.get(rep.parent) ?? 0) + 1);
    // In creation order, so the series a partial reroll takes its key and title from comes first.
    const heads = new Map<Work, SeriesHead>();
    // A reroll that has a cover letter of its own is a series of its own.
    for (const w of this.works) heads.set(w, seriesHead(w, w.rerollOf && !w.cover ? heads.get(w.rerollOf) : undefined, load));
    const sorted = this.works.map((w) => ({ w, s: heads.get(w) as SeriesHead })).sort(byDate);
    const used = new Map<string, number>();
    const entries: PlanEntry[] = sorted.map(({ w, s }) => {
      const base = `${s.key}@${s.revision}`;
      const n = (used.get(base) ?? 0) + 1;
      used.set(base, n);
      return { work: w, head: n > 1 ? { ...s, key: `${s.key}~${n}` } : s, key: n > 1 ? `${s.key}~${n}` : s.key, revision: s.revision, newest: true, supersededBy: null };
    });
    markSuperseded(entries);
    const duplicates = [...new Set(this.duplicates.map((d) => d.messageId))];
    const duplicateMails: DuplicateMail[] = this.duplicates.map((d) => ({ messageId: d.messageId, kept: copyOf(load(d.kept)), dropped: copyOf(load(d.dropped)) }));
    const build = (e: PlanEntry, loadFull: LoadRecord = load): Series => {
      const s = toSeries(e.work, replyCount, e.head, loadFull);
      s.newest = e.newest;
      s.supersededBy = e.supersededBy;
      return s;
    };
    return { entries, build, duplicates, duplicateMails, orphans };
  }
}

export interface AssemblerOptions {
  /**
   * What a series keeps of a cover letter or patch once it joined (a run that spills records
   * keeps a stub: pipeline/slim-record.ts); building the series loads the rest (`plan`'s load).
   * Assembly itself only reads a mail while it is added.
   */
  retain?: (r: MessageRecord) => KeptRecord;
}

/** One series of a plan: its key (made unique in the run), revision and place among the versions. */
export interface PlanEntry {
  work: Work;
  head: SeriesHead;
  key: string;
  revision: number;
  newest: boolean;
  supersededBy: number | null;
}

export interface AssemblyPlan extends Omit<Assembly, 'series'> {
  /** In report order (date, then arrival). */
  entries: PlanEntry[];
  /** Build one series; `load` gives full records (plan's by default). */
  build: (e: PlanEntry, load?: LoadRecord) => Series;
}

/** A comment joins the series of the submission it answers, with the trailers it gives. */
function attach(parent: { work: Work; messageId: string }, r: MessageRecord): void {
  parent.work.replies.push({ messageId: r.messageId, parent: parent.messageId, subject: r.subject, author: r.author });
  const g = givenBy(r, parent.messageId);
  if (g) parent.work.given.push(g);
}

function copyOf(r: MessageRecord): MailCopy {
  return { source: r.source, offset: r.offset, kind: r.kind, subject: r.subject };
}

function newestFirst(r: MessageRecord): string[] {
  const out: string[] = [];
  if (r.inReplyTo) out.push(r.inReplyTo);
  for (let i = r.references.length - 1; i >= 0; i--) {
    const ref = r.references[i] as string;
    if (ref !== r.inReplyTo) out.push(ref);
  }
  return out;
}

