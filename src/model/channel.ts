/**
 * The Channel contract: where findings leave the machine (a reply on the list, a patchwork
 * check, a GitHub check, a digest). Each channel folder of report/ exports one definition, and
 * report/index.ts lists them. Given an analysed series version, a channel publishes once:
 * it is idempotent through the store's publications, keyed (series key, revision, channel,
 * target), and writes what it would send instead of sending unless told to send.
 */
import type { ZodType } from 'zod';
import type { Finding } from './finding.js';
import type { Log } from './log.js';
import type { PullRequestTarget } from './pull-request.js';
import type { MessageRecord } from './record.js';
import type { Series } from './series.js';
import type { SeriesVersion, StateStore } from './store.js';

export interface PublishInput {
  version: SeriesVersion;
  /** The series as assembled: cover letter, patches (numbered), in order. */
  series: Series;
  /** The records of the version's mails (cover letter first, then the patches), as parsed at intake. */
  records: readonly MessageRecord[];
  /** Its findings, marked new, still present since vN or fixed against older versions (engine/versions.ts). */
  findings: readonly Finding[];
  /** The newest older revision analysed before this one, when there is one: what the markers were told against. */
  previous?: { revision: number };
  /**
   * The newest revision of the series in the store when it is newer than this one: the author
   * has sent it already (a daemon catching up on a backlog, or a version that waited out an
   * embargo). A reply to this one would be about code already replaced.
   */
  supersededBy?: number;
  /** Id of the source the mails came from (`lore:kvm`, `patchwork:kvm`): per-list policy keys on it. */
  source: string;
  /** The pull request the series came from (GitHub source): what the GitHub channels answer. Absent for mail. */
  pullRequest?: PullRequestTarget;
  /**
   * Fingerprints of findings still present in the code that the repository's rules leave out
   * (an analyzer switched off, an ignored path): not reported, and not fixed either, so a
   * channel must not call them fixed.
   */
  hidden?: ReadonlySet<string>;
}

export interface ChannelContext {
  store: StateStore;
  /** Write what would be sent (files, log) instead of sending. Default for every channel. */
  dryRun: boolean;
  /** Bound by the caller to the channel and the series version (`channel`, `series`, `revision`). */
  log: Log;
  now: Date;
}

/** Why a channel published nothing for a target. */
export type SkipReason =
  /** Published (or decided) before: the one reply per version, the unchanged check. */
  | 'already-done'
  /** The list is muted (no policy, or `enabled: false`). */
  | 'muted'
  /** The mail is a machine's (mail/automated.ts), or kvetch's own. */
  | 'automated'
  /** The mail is a reply, not a patch or cover letter. */
  | 'reply'
  | 'opted-out'
  /** No finding at or above the policy's level, or no patch to put a check on. */
  | 'nothing-to-report'
  /** A newer revision of the series was sent already: only the newest gets a reply. */
  | 'superseded'
  /** Embargo, rate limit, a send in flight, or a retry not due yet: asked again later. */
  | 'not-yet'
  /** Retried as often as allowed. */
  | 'gave-up'
  /** A decided check is never moved back to pending. */
  | 'decided'
  /** The mail has no usable address to answer. */
  | 'no-recipient';

export interface Skip {
  target: string;
  reason: SkipReason;
  /** The same, said for a human. */
  why: string;
}

export interface Outcome {
  channel: string;
  /** Artifacts published (or written, in dry-run) this time. */
  published: number;
  skipped: Skip[];
  /** Files written in dry-run mode. */
  written: string[];
  /** Failures to retry later (the publication stays pending). */
  errors: string[];
}

export interface Channel {
  id: string;
  publish(input: PublishInput, ctx: ChannelContext): Promise<Outcome>;
  /** Release what it holds (an SMTP connection). */
  close?(): void;
}

/** What a channel's builder gets besides its section of kvetch.yml. */
export interface ChannelSetup {
  /** The daemon's state directory (dry-run outboxes, send logs). */
  stateDir: string;
  env: NodeJS.ProcessEnv;
}

/** A channel as the registry lists it: its section of kvetch.yml and how to build it. */
export interface ChannelDefinition<C extends { enabled: boolean } = { enabled: boolean }> {
  /** = its docs page (docs/channels/<id>.md) and the `channel` of its publications. */
  id: string;
  /** Its key under `channels:` in kvetch.yml. */
  configKey: string;
  summary: string;
  config: ZodType<C>;
  /** The section used when kvetch.yml has none (absent: the channel is off). */
  defaultConfig?: C;
  /** Builds the channel from its validated section (only when enabled); a bad setting throws, naming it. */
  create(config: C, setup: ChannelSetup): Channel;
}
