import type { PatchAnalysis } from './finding.js';
import type { FileSummary } from './series.js';
import type { ParsedSubject } from './subject.js';
import type { ParsedTrailer } from './trailer.js';

/** A mail address: name as written, address lower-cased. */
export interface Address {
  name: string;
  address: string;
}

export type MailKind = 'patch' | 'cover' | 'comment';

/** A problem with one message's input, turned into an `input/<kind>` finding. */
export interface InputProblem {
  kind: string;
  message: string;
  fatal: boolean;
  path?: string;
  /** Said once a run for all mails that have it (an info note), not once per mail. */
  summary?: true;
}

/**
 * What the series assembler and the analyzers keep of one mail: compact (no bodies),
 * structured-clone safe (it crosses worker threads).
 */
export interface MessageRecord {
  index: number;
  source: string;
  offset: number;
  messageId: string;
  messageIdDerived: boolean;
  /** The sender (the mail's From:), `Name <address>`; the patch's author is `inBody.from` when there is one. */
  author: string;
  /** The sender's address, lower-cased: subject markers and series keys go by it. */
  authorAddress: string;
  /** ISO date, or null when the Date header was missing or unparsable. */
  date: string | null;
  subject: string;
  /** The in-body From:/Subject:/Date: of a patch or cover letter (git am's author, title, author date), when it has any. */
  inBody?: InBodyFacts;
  parsedSubject: ParsedSubject;
  inReplyTo: string | null;
  references: string[];
  kind: MailKind;
  hasDiff: boolean;
  /** Why a machine wrote it (mail/automated.ts), null when a human did: nobody replies to a bot. */
  automated: string | null;
  files: FileSummary[];
  /** `change-id:` footer (b4) of a cover letter or patch, if any. */
  changeId: string | null;
  /** `base-commit:` footer of a cover letter or patch; absent when none. */
  baseCommit?: string;
  /** `prerequisite-patch-id:` footers, in order; absent when none. */
  prerequisitePatchIds?: string[];
  /**
   * Trailers: a patch's own (its commit message's), a reply's unquoted ones (given to the mail it
   * answers; its sender is authorAddress). Absent when none.
   */
  trailers?: ParsedTrailer[];
  /** `git patch-id --stable` of a patch's diff (diff/patch-id.ts); absent for other mails and binary patches. */
  patchId?: string;
  /** Trailer lines of a reply that were ignored as HTML-mangled or malformed; absent when none. */
  badTrailers?: number;
  problems: InputProblem[];
  /** Patch-phase analyzer results (patches only). */
  analysis?: PatchAnalysis;
  /** What a channel needs to answer the mail; kept only when asked (the daemon's intake). */
  reply?: ReplyFacts;
  /**
   * Set on the slim copy the series assembler holds when the full record was spilled to disk
   * (pipeline/slim-record.ts): its handle there.
   */
  spilled?: number;
  /** On a slim record crossing threads: the full record, serialised (node:v8), to be spilled as it is. */
  packed?: Uint8Array;
}

/**
 * What the series assembler keeps of a mail once it joined: the record itself, or, in a run
 * that spills records to disk, a stub whose full record `LoadRecord` reads back
 * (pipeline/slim-record.ts). Anything but the kind, the Message-ID too, is read through the loader.
 */
export type KeptRecord = Pick<MessageRecord, 'kind'> & { spilled?: number };

/** The full record of what the assembler kept. */
export type LoadRecord = (r: KeptRecord) => MessageRecord;

/** The loader of an assembler given whole records (no stubs). */
export const keptWhole: LoadRecord = (r) => r as MessageRecord;

/** What the in-body headers at the top of a body say (mail/in-body-headers.ts); each field only when present. */
export interface InBodyFacts {
  /** The author (git am's), when the in-body From: names an address. */
  from?: Address;
  /** The in-body Subject: as written (decoded, unfolded, tags kept): git am's commit title. */
  subject?: string;
  /** ISO date of the in-body Date: (the author date), when it parses. */
  date?: string;
}

/** What replying to a mail needs, kept with its record so that no channel parses the mail again. */
export interface ReplyFacts {
  from: Address;
  to: Address[];
  cc: Address[];
  /** Lower-cased names: auto-submitted, x-patchwork-hint, list-id, x-mailing-list, precedence, x-kvetch-fingerprint… */
  headers: Record<string, string>;
  /** The body's `kvetch: …` lines (commands to the bot: `kvetch: opt-out`), unquoted, at most ten. */
  commands: string[];
  /** The diff text of a patch (what a reply quotes from); absent for other mails. */
  diff?: string;
}
