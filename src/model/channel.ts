/**
 * A publishing channel (list reply, patchwork check, GitHub check, digest): given a finished
 * series version and its findings, publish once. Channels are idempotent through the store's
 * publications, keyed (series key, revision, channel, target), and dry-run unless told to send.
 */
import type { Finding } from './finding.js';
import type { SeriesVersion, StateStore, StoredMessage } from './store.js';
import type { Log } from './log.js';

export interface PublishInput {
  version: SeriesVersion;
  findings: readonly Finding[];
  /** The newest earlier revision of the same series that was analysed, for "what changed since vN". */
  previous?: { revision: number; findings: readonly Finding[] };
  /** The version's mails (cover letter first when there is one, then the patches), raw. */
  mails: readonly StoredMessage[];
  /** Id of the source the mails came from (`lore:kvm`, `patchwork:kvm`): per-list policy keys on it. */
  source: string;
}

export interface ChannelContext {
  store: StateStore;
  /** Write what would be sent (files, log) instead of sending. Default for every channel. */
  dryRun: boolean;
  log: Log;
  now: Date;
}

export interface Outcome {
  channel: string;
  /** Artifacts published (or written, in dry-run) this time. */
  published: number;
  /** Already published, muted by policy, opted out, automated mail, rate-limited… with why. */
  skipped: { target: string; why: string }[];
  /** Files written in dry-run mode. */
  written: string[];
  /** Failures to retry later (the publication stays pending). */
  errors: string[];
}

export interface Channel {
  id: string;
  publish(input: PublishInput, ctx: ChannelContext): Promise<Outcome>;
}
