import type { Finding } from './finding.js';
import type { CollectedTrailer, ParsedTrailer, SeriesReview } from './trailer.js';

export interface FileSummary {
  path: string;
  oldPath?: string;
  status: string;
  additions: number;
  deletions: number;
  binary: boolean;
}

export interface SeriesPatch {
  index: number;
  messageId: string;
  subject: string;
  /** Who wrote the patch, `Name <address>`: the in-body From: (git am's author), else the sender. */
  author: string;
  /** Who sent the mail (its From:). */
  sender: string;
  date: string | null;
  /** The in-body Subject:'s title (tags removed), when the body has one: git am's commit title. */
  title?: string;
  /** The in-body Date: (ISO), when the body has one that parses: git am's author date. */
  authorDate?: string;
  files: FileSummary[];
  /** Number of replies attached to this patch. */
  replies: number;
  /** The patch's own trailers (its commit message's); absent when none. */
  trailers?: ParsedTrailer[];
  /** `git patch-id --stable` of its diff; absent for a binary patch. */
  patchId?: string;
  /** Trailers given in replies to it or to the cover letter (and carried from older versions); absent when none. */
  collected?: CollectedTrailer[];
  /** A partial reroll did not resend this patch: it is the one of this (older) revision. */
  fromRevision?: number;
}

export interface SeriesReply {
  messageId: string;
  /** The cover or patch Message-ID it answers. */
  parent: string;
  subject: string;
  author: string;
}

/** Patch numbers `from`..`to`, both included. */
export interface IndexRange {
  from: number;
  to: number;
}

export interface Series {
  /** Stable across runs: derived from the first mail's identity, see docs/series.md. */
  key: string;
  revision: number;
  versionInferred: boolean;
  /** Title of the cover letter, else of the first patch. */
  subject: string;
  /** The author of the cover letter (else the first patch): its in-body From:, else its sender. */
  author: string;
  /** The sender of the cover letter (else the first patch); the series key goes by this address. */
  sender: string;
  date: string | null;
  total: number;
  complete: boolean;
  cover: { messageId: string; subject: string } | null;
  patches: SeriesPatch[];
  /** Indexes 1..total that never arrived, as ascending, disjoint, inclusive ranges. */
  missing: IndexRange[];
  replies: SeriesReply[];
  rfc: boolean;
  /** The first mail says `RESEND`. */
  resend?: boolean;
  /** `base-commit:` footer of the cover letter (else the first patch). */
  /** b4's `change-id:` footer of the first mail (cover, else first patch), when it has one. */
  changeId?: string;
  baseCommit?: string;
  /** `prerequisite-patch-id:` footers of the cover letter (else the first patch). */
  prerequisitePatchIds?: string[];
  /** Review trailers collected so far (absent for series assembled without them). */
  review?: SeriesReview;
  /** No higher revision of this key is in the same input (or assembly). */
  newest: boolean;
  /** The next higher revision of this key in the input, null when none. */
  supersededBy: number | null;
  /** A partial reroll: the revision whose patches this one answered and took the rest from. */
  rerollOf?: number;
}

/** A mail as the input findings name it. */
export interface MailCopy {
  source: string;
  offset: number;
  kind: 'patch' | 'cover' | 'comment';
  subject: string;
}

/** One mail of a Message-ID seen before: which copy the series hold, and which was dropped. */
export interface DuplicateMail {
  messageId: string;
  kept: MailCopy;
  dropped: MailCopy;
}

export interface RunResult {
  series: Series[];
  findings: Finding[];
  stats: {
    messages: number;
    /** Bytes of mail read (decompressed), mbox `From ` lines included. */
    bytes: number;
    patches: number;
    comments: number;
    sources: string[];
    /** Message-IDs seen more than once (kept once). */
    duplicates?: string[];
    /** Comments whose thread is not in the input. */
    orphans?: string[];
  };
}
