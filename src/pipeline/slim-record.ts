/**
 * The part of a mail's record that series assembly needs (threading, subject markers, sender,
 * date, the first mail's title and change-id, a reply's trailers), for runs that keep the full
 * records in a spill file: the assembler holds this, and a series built from it loads the full
 * records of its own mails (files, trailers, patch-id, in-body headers, analyzer results).
 */
import { keptWhole, type KeptRecord, type MailKind, type MessageRecord } from '../model/record.js';
import type { Spill } from './spill.js';

/** Strings many records share (sources, senders): one copy each. */
export type Interner = (s: string) => string;

export function interner(): Interner {
  const known = new Map<string, string>();
  return (s) => {
    const k = known.get(s);
    if (k !== undefined) return k;
    known.set(s, s);
    return s;
  };
}

const EMPTY: readonly never[] = Object.freeze([]);
/**
 * The one frozen empty array, typed as the mutable list a record field is: nothing writes to a
 * slim record's lists (a push would throw), and a run keeps one empty array instead of one a mail.
 */
const none = <T>(): T[] => EMPTY as unknown as T[];
const NONE = none<string>();

export function slimRecord(r: MessageRecord, spilled?: number, intern: Interner = (x) => x): MessageRecord {
  const p = r.parsedSubject;
  const s: MessageRecord = {
    index: r.index,
    source: intern(r.source),
    offset: r.offset,
    messageId: r.messageId,
    messageIdDerived: r.messageIdDerived,
    author: intern(r.author),
    authorAddress: intern(r.authorAddress),
    date: r.date,
    subject: r.subject,
    // The markers without the raw subject, tags and prefixes (the full record has them).
    parsedSubject: {
      raw: '',
      isReply: p.isReply,
      isPatch: p.isPatch,
      rfc: p.rfc,
      resend: p.resend,
      version: p.version,
      versionInferred: p.versionInferred,
      index: p.index,
      total: p.total,
      counterInferred: p.counterInferred,
      tags: NONE,
      prefixes: NONE,
      title: p.title,
    },
    inReplyTo: r.inReplyTo,
    references: r.references.length === 0 ? NONE : r.references,
    kind: KIND[r.kind],
    hasDiff: r.hasDiff,
    automated: r.automated,
    files: none(),
    changeId: r.changeId,
    problems: r.problems.length === 0 ? none() : r.problems,
  };
  if (p.counterIgnored !== undefined) s.parsedSubject.counterIgnored = p.counterIgnored;
  if (spilled !== undefined) s.spilled = spilled;
  // A reply's trailers are given to the series it joins when it joins.
  if (r.kind === 'comment') {
    if (r.trailers) s.trailers = r.trailers;
    if (r.badTrailers !== undefined) s.badTrailers = r.badTrailers;
  }
  return s;
}

/**
 * What a series keeps of a spilled mail once it joined (SeriesAssembler.add's `kept`): its kind
 * and handle; the rest, the Message-ID too, is read back from the spill (`load`). A stub that
 * held its Message-ID kept the one copy of it a run had, about 100 bytes a mail.
 */
export function stubRecord(r: MessageRecord): KeptRecord {
  return r.spilled === undefined ? r : { kind: KIND[r.kind], spilled: r.spilled };
}

/** One copy of each kind: a record read back from a worker brings its own copy of the string. */
const KIND: Readonly<Record<MailKind, MailKind>> = { patch: 'patch', cover: 'cover', comment: 'comment' };

/** Keeps records for a run: whole, or slim in memory and whole in a spill. */
export interface RecordKeeper {
  /** What the assembler is given. */
  keep(r: MessageRecord): MessageRecord;
  /** The full record of what keep returned. */
  load(r: KeptRecord): MessageRecord;
  close(): void;
}

export function recordKeeper(spill: Spill<MessageRecord> | null): RecordKeeper {
  if (!spill) return { keep: (r) => r, load: keptWhole, close: () => undefined };
  const intern = interner();
  return {
    keep(r) {
      if (!r.packed) return slimRecord(r, spill.put(r), intern);
      // Slimmed where it was parsed, its full form serialised beside it: stored as it is.
      // Built again, not `delete r.packed`: deleting a property leaves an object in dictionary
      // mode, and a record as structured clone made it has a hidden class of its own (1.3 KB a
      // record on the corpus); slimRecord's literals share one.
      return slimRecord(r, spill.putBytes(r.packed), intern);
    },
    load: (r) => (r.spilled === undefined ? keptWhole(r) : spill.get(r.spilled)),
    close: () => spill.close(),
  };
}
