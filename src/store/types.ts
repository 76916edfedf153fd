/**
 * The state a long-running kvetch keeps: mail it has taken in, series versions and whether they
 * were analysed, their findings, what was published where, and each source's cursor.
 * Implementations: sqlite.ts (default, one file, zero setup) and postgres.ts (several workers
 * sharing one database). Every method is one transaction; the contract tests in
 * test/unit/store/ and test/integration/store-postgres.test.ts run the same suite on both.
 */
import type { Finding } from '../engine/finding.js';

/** A mail as taken in from a source, kept raw so nothing is lost if analysis fails. */
export interface StoredMessage {
  messageId: string;
  /** Source id from the config (`lore:linux-kernel`, `patchwork:kvm`, `mbox:<file>`). */
  source: string;
  raw: Buffer;
  receivedAt: Date;
}

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
  /** Worker holding the claim and when it lapses (state 'claimed'). */
  claimedBy?: string;
  leaseUntil?: Date;
  /** How many times the version was completed: exactly 1 after correct processing. */
  completions: number;
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
  attempts: number;
  updatedAt: Date;
}

export interface StateStore {
  /** Apply pending migrations (idempotent; safe when several workers start at once). */
  migrate(): Promise<void>;
  close(): Promise<void>;

  /**
   * Take in mail and advance the source's cursor in one transaction: a crash leaves either
   * both or neither. Messages already stored (same Message-ID) are kept as they were.
   * Returns the Message-IDs that were new.
   */
  ingest(source: string, messages: readonly StoredMessage[], cursor: string | null): Promise<string[]>;
  getCursor(source: string): Promise<string | null>;
  getMessages(messageIds: readonly string[]): Promise<StoredMessage[]>;
  /** Messages received at or after `since` (for re-assembling series that are still waiting). */
  messagesSince(since: Date): Promise<StoredMessage[]>;

  /**
   * Create or update a series version that is not yet claimed or done (new late patches extend
   * its messageIds and push readyAt). A version already claimed or done is left unchanged.
   */
  upsertSeriesVersion(v: Pick<SeriesVersion, 'key' | 'revision' | 'subject' | 'messageIds' | 'readyAt'>): Promise<void>;
  getSeriesVersion(key: string, revision: number): Promise<SeriesVersion | null>;
  listSeriesVersions(): Promise<SeriesVersion[]>;
  /**
   * Claim one version whose readyAt has passed and that is waiting, or claimed with an expired
   * lease (its worker died). Two workers never get the same version while a lease runs.
   */
  claimNext(worker: string, now: Date, leaseMs: number): Promise<SeriesVersion | null>;
  /**
   * Record the findings and mark the version done, only if `worker` still holds the claim.
   * Returns false (and changes nothing) when the claim was lost.
   */
  complete(key: string, revision: number, worker: string, findings: readonly Finding[]): Promise<boolean>;
  findings(key: string, revision: number): Promise<Finding[]>;

  /** Insert or update a publication (by key, revision, channel, target). */
  putPublication(p: Omit<Publication, 'updatedAt' | 'attempts'> & { attempts?: number }): Promise<void>;
  getPublication(key: string, revision: number, channel: string, target: string): Promise<Publication | null>;
  listPublications(filter?: { channel?: string; state?: PublicationState }): Promise<Publication[]>;
}
