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
import type { Series } from '../model/series.js';
import { IdMap } from '../util/id-map.js';
import { PatchSlots } from './patch-slots.js';
import type { Work } from './series-build.js';
import { planOf, type AssemblyPlan, type KeptDuplicate } from './series-plan.js';
import { givenBy } from './series-trailers.js';

export { missingRanges } from './series-build.js';
export type { AssemblyPlan, PlanEntry } from './series-plan.js';

/** Mails joined by subject markers (same sender, version and total) were sent this close together. */
export const MARKER_WINDOW_MS = 20 * 60 * 1000;

export interface Assembly extends Pick<AssemblyPlan, 'duplicates' | 'duplicateMails' | 'orphans'> {
  series: Series[];
}

export class SeriesAssembler {
  private readonly works: Work[] = [];
  // The indexes by Message-ID do not keep the Message-IDs (util/id-map.ts): they are most of
  // what assembly keeps per mail.
  /** A Message-ID a series' mails are (or name in their threading headers) → that series. */
  private readonly refs = new IdMap<Work>();
  /** Message-ID of a cover or patch → its series. */
  private readonly submissions = new IdMap<Work>();
  /** Message-ID of a comment → the submission it (transitively) answers. */
  private readonly comments = new IdMap<{ work: Work; messageId: string } | null>();
  /** Every Message-ID added, with the copy that was kept (as `add` was given it). */
  private readonly seen = new IdMap<KeptRecord>();
  /** Repeated Message-IDs: the copy kept and the one dropped. */
  private readonly duplicates: KeptDuplicate[] = [];
  /** Comments whose parent was not seen (yet): retried when the input is complete. */
  private pendingComments: MessageRecord[] = [];
  /**
   * Add a mail. `kept` is what its series keeps of it until it is built: the record itself, or a
   * stub when the caller keeps records in a spill (pipeline/slim-record.ts), which `plan`'s load
   * reads back. Assembly itself reads a mail only while it is added.
   */
  add(r: MessageRecord, kept: KeptRecord = r): void {
    const earlier = this.seen.get(r.messageId);
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
      parent.work.replies = parent.work.replies?.filter((x) => x.messageId !== messageId) ?? null;
      parent.work.given = parent.work.given?.filter((x) => x.messageId !== messageId) ?? null;
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
      author: r.authorAddress,
      version: r.parsedSubject.version,
      versionInferred: r.parsedSubject.versionInferred,
      total,
      cover: null,
      patches: new PatchSlots(),
      replies: null,
      rerollOf: null,
      rerolls: null,
      given: null,
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
    return planOf(this.works, this.duplicates, orphans, load);
  }
}

/** A comment joins the series of the submission it answers, with the trailers it gives. */
function attach(parent: { work: Work; messageId: string }, r: MessageRecord): void {
  const w = parent.work;
  (w.replies ??= []).push({ messageId: r.messageId, parent: parent.messageId, subject: r.subject, author: r.author });
  const g = givenBy(r, parent.messageId);
  if (g) (w.given ??= []).push(g);
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

