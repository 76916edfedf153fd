/**
 * The state a long-running kvetch keeps: mail it has taken in, series versions and whether they
 * were analysed, their findings, what was published where, and each source's cursor.
 * Implementations: sqlite.ts (default, one file, zero setup) and postgres.ts (several workers
 * sharing one database). Every method is one transaction; the contract tests in
 * test/unit/store/ and test/integration/store-postgres.test.ts run the same suite on both.
 */
import type { Finding } from './finding.js';
import type { JobQueue } from './jobs.js';
import type { MessageRecord } from './record.js';
import type { Series } from './series.js';

/**
 * A mail as taken in from a source: kept raw, so nothing is lost whatever happens later, and
 * parsed once, at intake, into its record (what assembly, analysis and channels read).
 */
export interface StoredMessage {
  messageId: string;
  /** Source id from the config (`lore:linux-kernel`, `patchwork:kvm`, `mbox:<file>`). */
  source: string;
  raw: Buffer;
  receivedAt: Date;
  /** Null when it was stored by an older kvetch or with another record format: parse `raw` again. */
  record: MessageRecord | null;
}

/** A stored mail without its raw bytes. */
export interface StoredRecord {
  messageId: string;
  source: string;
  receivedAt: Date;
  /** Arrival order in the store. */
  seq: number;
  /** Null when it was stored by an older kvetch or with another record format: parse the raw mail again. */
  record: MessageRecord | null;
}

/**
 * The SQL stores write 'waiting', 'claimed' and 'done': a waiting version whose readyAt has passed
 * is ready to claim ('ready' is accepted and treated as 'waiting' but never written).
 */
export type SeriesState = 'waiting' | 'ready' | 'claimed' | 'done';

/** One version of a series (key + revision), the unit of work of the daemon. */
export interface SeriesVersion {
  key: string;
  revision: number;
  subject: string;
  /** Message-IDs of its mails (cover, patches), in order. */
  messageIds: string[];
  state: SeriesState;
  /** Not analysed before this instant: the grace period for late patches. */
  readyAt: Date;
  /** Worker holding the claim and when it lapses (state 'claimed' only; cleared when done). */
  claimedBy?: string;
  leaseUntil?: Date;
  /** How many times the version's current mails were analysed: exactly 1 after correct processing (0 again when it is re-opened). */
  completions: number;
  /** The series as assembled (absent for versions recorded by an older kvetch). */
  series?: Series;
}

/** Which versions to list. */
export interface VersionFilter {
  key?: string;
  state?: SeriesState;
  /** Only versions that lack the `<channel>#done` publication of at least one of these channels. */
  unpublishedOn?: readonly string[];
}

export type PublicationState = 'intent' | 'sent' | 'failed' | 'skipped';

/** What a channel published (or means to) for a series version: keyed (key, revision, channel, target). */
export interface Publication {
  key: string;
  revision: number;
  /** Channel id: `email`, `patchwork-check`, `github-check`, `digest`, or `log` (issue 5's recorder). */
  channel: string;
  /** What it was published to within the channel: a list address, a patch id, '' when one per version. */
  target: string;
  state: PublicationState;
  /** Digest of the findings published (the `fp=` of the hidden marker). */
  fingerprint: string;
  /** Channel-specific identity of the artifact (Message-ID, check URL, …). */
  externalId?: string;
  /** Channel payload for retries and audits (JSON). */
  payload?: string;
  /** How many times publishing was tried; set by the caller (putPublication keeps it when not given). */
  attempts: number;
  /** When the row was last written (the store's clock). */
  updatedAt: Date;
}

/**
 * A recipient who asked the email channel not to mail them: about every analyzer (no ruleId)
 * or about one analyzer. Addresses are compared lower-cased.
 */
export interface OptOut {
  address: string;
  /** The analyzer id; absent when the address opted out of every analyzer. */
  ruleId?: string;
  /** When it was recorded (the store's clock). */
  createdAt: Date;
}

/** The job queue (jobs.ts) is part of the store: the same database, the same backends. */
export interface StateStore extends JobQueue {
  /** Apply pending migrations (idempotent; safe when several workers start at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Take in mail and advance the source's cursor in one transaction: a crash leaves either
   * both or neither. Messages already stored (same Message-ID) are kept as they were; of one
   * Message-ID twice in a batch the first is kept. Each message keeps its own `source`.
   * `cursor` null leaves the source's cursor as it was. `items` (maildir file names…) are
   * recorded as taken from the source, for seenItems. New messages wait for assembly
   * (unassembled). Returns the Message-IDs that were new, in batch order.
   */
  ingest(source: string, messages: readonly StoredMessage[], cursor: string | null, items?: readonly string[]): Promise<string[]>;
  getCursor(source: string): Promise<string | null>;
  /** Which of these items were recorded as taken from the source. */
  seenItems(source: string, items: readonly string[]): Promise<Set<string>>;
  /** The stored ones of these messages, raw and parsed, in the order asked (unknown ids are left out). */
  getMessages(messageIds: readonly string[]): Promise<StoredMessage[]>;
  /** The records of these messages (received at or after `since`, when given), in the order asked. */
  getRecords(messageIds: readonly string[], since?: Date): Promise<StoredRecord[]>;
  /** Replace the records of stored messages (after parsing their raw mail again), by Message-ID. */
  putRecords(records: readonly MessageRecord[]): Promise<void>;
  /** Messages not yet assembled into series, in arrival order, at most `limit`. */
  unassembled(limit: number): Promise<StoredRecord[]>;
  markAssembled(messageIds: readonly string[]): Promise<void>;
  /** Messages received at or after `since` whose In-Reply-To or References name one of `messageIds`. */
  referencing(messageIds: readonly string[], since: Date): Promise<string[]>;
  /** Messages received at or after `since` from `author` whose Date lies in [from, to] (series joined by subject markers). */
  sentNear(author: string, from: Date, to: Date, since: Date): Promise<string[]>;

  /**
   * Create or update a series version that is not yet claimed or done (new late patches extend
   * its messageIds and push readyAt): subject, messageIds and readyAt replace the stored ones.
   * A new version starts 'waiting' with completions 0. A version already claimed or done is
   * left unchanged, unless its mails grew (every stored Message-ID among the new ones, and
   * more): then it is re-opened (store/reopen.ts): waiting again, completions 0, the claim
   * cleared (its holder's complete fails) and the `<channel>#done` publications dropped, so it
   * is analysed and published again.
   */
  upsertSeriesVersion(v: Pick<SeriesVersion, 'key' | 'revision' | 'subject' | 'messageIds' | 'readyAt'> & { series?: Series }): Promise<void>;
  getSeriesVersion(key: string, revision: number): Promise<SeriesVersion | null>;
  /** The versions matching the filter (every one without), by key then revision. */
  listSeriesVersions(filter?: VersionFilter): Promise<SeriesVersion[]>;
  /**
   * Claim one version whose readyAt has passed and that is waiting, or claimed with an expired
   * lease (its worker died). Two workers never get the same version while a lease runs.
   * Ready means readyAt <= now; a lease runs until leaseUntil inclusive (expired when
   * leaseUntil < now). The earliest readyAt goes first. The claim sets claimedBy = worker and
   * leaseUntil = now + leaseMs and returns the version as claimed; null when nothing is claimable.
   */
  claimNext(worker: string, now: Date, leaseMs: number): Promise<SeriesVersion | null>;
  /**
   * Record the findings and mark the version done, only if `worker` still holds the claim.
   * Returns false (and changes nothing) when the claim was lost: another worker took it over,
   * it is done already, or it was never claimed. A worker whose lease lapsed while nobody took
   * the version over still holds the claim. Completing increments completions and clears
   * claimedBy and leaseUntil; the findings replace any stored for the version.
   */
  complete(key: string, revision: number, worker: string, findings: readonly Finding[]): Promise<boolean>;
  /** Findings recorded by complete, in the order given (JSON round-trip: undefined fields are dropped). */
  findings(key: string, revision: number): Promise<Finding[]>;

  /**
   * Insert or update a publication (by key, revision, channel, target). Every field given is
   * written (an omitted externalId or payload is cleared); attempts is set when given, else kept
   * (0 for a new row); updatedAt is now.
   */
  putPublication(p: Omit<Publication, 'updatedAt' | 'attempts'> & { attempts?: number }): Promise<void>;
  getPublication(key: string, revision: number, channel: string, target: string): Promise<Publication | null>;
  /** Publications matching the filter, by key, revision, channel, target. */
  listPublications(filter?: { channel?: string; state?: PublicationState }): Promise<Publication[]>;
  /**
   * Take the right to publish a version on a channel, for `leaseMs`: true for exactly one of
   * several workers asking at once; again true for the holder, and for anyone once the lease
   * has lapsed (its holder died). Kept as the publication (key, revision, `<channel>#lock`, '').
   */
  claimPublishing(key: string, revision: number, channel: string, worker: string, now: Date, leaseMs: number): Promise<boolean>;

  /**
   * Record an opt-out (address lower-cased and trimmed; an empty ruleId means every analyzer).
   * Returns false when the same opt-out was already recorded (nothing changes then).
   */
  addOptOut(o: { address: string; ruleId?: string }): Promise<boolean>;
  /** Every opt-out, by address then ruleId (the all-analyzers one of an address first). */
  listOptOuts(): Promise<OptOut[]>;
  /**
   * Without ruleId: has the address opted out of every analyzer? With ruleId: of every
   * analyzer or of that one? Case-insensitive on the address.
   */
  isOptedOut(address: string, ruleId?: string): Promise<boolean>;
}
