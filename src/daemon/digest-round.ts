/**
 * The digest step of a round (issue 15): when `digest.enabled`, the week due now
 * (report/digest/schedule.ts) is published once per recipient (report/digest/send.ts) and
 * its renderings written to `<outDir>/<week>/`. When every recipient of the week is decided
 * (sent, written in dry run, skipped, given up), the week is marked done (publication
 * `digest`/yyyyww on `digest#done`) and later rounds only read that mark; a dry run's mark
 * does not stop a real run. A daemon down for weeks sends the latest week only.
 */
import { join } from 'node:path';
import { ConfigError } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { MaintainersDb } from '../kernel/maintainers.js';
import type { Log } from '../model/log.js';
import type { StateStore } from '../model/store.js';
import type { TreeView } from '../model/tree.js';
import { buildDigests, type RecipientSelector } from '../report/digest/build.js';
import { collectFromStore, type CollectOptions } from '../report/digest/collect.js';
import type { Digest } from '../report/digest/model.js';
import { RENDERINGS, weekDir, writeRenderings, type Rendering } from '../report/digest/outputs.js';
import { dueWeek, type DueWeek } from '../report/digest/schedule.js';
import { DIGEST_CHANNEL, isFinal, publishDigest, type DigestMailer, type DigestResult } from '../report/digest/send.js';
import { emailChannelOptions, type EmailChannelConfig } from '../report/email/config.js';
import { readPayload, RETRY_DEFAULTS } from '../report/email/never-spam.js';
import { openSendLog } from '../report/email/send-log.js';
import { createSmtpSender, type Sender } from '../report/email/smtp.js';

/** The digests of a period, one per recipient with something to report. */
export type MakeDigests = (due: DueWeek) => Promise<Digest[]>;

export interface DigestStepContext {
  config: Config;
  store: StateStore;
  log: Log;
  stateDir: string;
  worker: string;
  now: Date;
  /** The daemon's --send; the digest's own `send` is needed too. */
  send?: boolean;
  tree?: TreeView;
  env?: NodeJS.ProcessEnv;
  /** Default: buildDigests over collectFromStore, with the tree's MAINTAINERS. */
  makeDigests?: MakeDigests;
  /** Default: nodemailer over channels.email.smtp. */
  sender?: Sender;
  renderings?: readonly Rendering[];
}

export interface DigestStepStats {
  /** The week due (`2023-W47`); null when the digest is off. */
  week: string | null;
  /** The week was done before this round: nothing was built. */
  alreadyDone: boolean;
  results: DigestResult[];
  /** Renderings and dry-run mails written. */
  files: string[];
}

/** The mark of a finished week. */
const DONE_KEY = 'digest';
const DONE_CHANNEL = `${DIGEST_CHANNEL}#done`;
/** The From of dry-run mails when channels.email is not configured. */
const DRY_RUN_FROM = 'kvetch bot <kvetch@kvetch.invalid>';

export async function runDigestStep(c: DigestStepContext): Promise<DigestStepStats> {
  const cfg = c.config.digest;
  const stats: DigestStepStats = { week: null, alreadyDone: false, results: [], files: [] };
  if (!cfg?.enabled) return stats;
  const due = dueWeek(c.now, cfg);
  stats.week = due.week;
  const dryRun = c.send !== true || !cfg.send;
  const mark = await c.store.getPublication(DONE_KEY, due.weekNumber, DONE_CHANNEL, '');
  if (mark && (dryRun || readPayload(mark).dryRun !== true)) {
    stats.alreadyDone = true;
    return stats;
  }
  const log = c.log.child({ digest: due.week });
  const outDir = cfg.outDir ?? join(c.stateDir, 'digest');
  const digests = dedupe(await (c.makeDigests ?? defaultMakeDigests(c))(due)).filter((d) => d.series.length > 0 || d.attention.length > 0);
  stats.files.push(...writeRenderings(weekDir(outDir, due.week), { since: due.since.toISOString(), until: due.until.toISOString(), week: due.week }, digests, c.renderings ?? RENDERINGS));
  const mail = digestMailer(c, outDir, dryRun);
  const ctx = { store: c.store, now: c.now, dryRun, worker: c.worker, leaseMs: c.config.lease * 1000, log };
  try {
    for (const d of digests) {
      let r: DigestResult;
      try {
        r = await publishDigest(d, due, mail.mailer, ctx);
      } catch (e) {
        r = { address: d.recipient.address, status: 'failed', why: (e as Error).message };
      }
      stats.results.push(r);
      if (r.file) stats.files.push(r.file);
      const level = r.status === 'failed' || r.status === 'gave-up' ? 'warn' : 'info';
      log[level]({ recipient: r.address, status: r.status, why: r.why, messageId: r.messageId }, `digest ${r.status}`);
    }
  } finally {
    mail.close();
  }
  if (stats.results.every((r) => isFinal(r.status))) {
    await c.store.putPublication({ key: DONE_KEY, revision: due.weekNumber, channel: DONE_CHANNEL, target: '', state: 'sent', fingerprint: '', payload: JSON.stringify({ dryRun, recipients: digests.length }) });
    log.info({ recipients: digests.length, dryRun }, 'digest week done');
  }
  return stats;
}

/** One digest per address (the first), addresses lower-cased. */
function dedupe(ds: readonly Digest[]): Digest[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const a = d.recipient.address.trim().toLowerCase();
    return seen.has(a) ? false : (seen.add(a), true);
  });
}

/** From, SMTP, send log and retry policy: those of channels.email (the email channel's send log is shared). */
function digestMailer(c: DigestStepContext, outDir: string, dryRun: boolean): { mailer: DigestMailer; close(): void } {
  const email = c.config.channels.email as EmailChannelConfig | undefined;
  if (!dryRun && !email) throw new ConfigError('digest.send: sending the digest needs `channels.email` (its `from` and `smtp` are used)');
  const opts = email && !dryRun ? emailChannelOptions(email, { stateDir: c.stateDir, ...(c.env ? { env: c.env } : {}) }) : undefined;
  let made: Sender | undefined;
  const mailer: DigestMailer = {
    from: email?.from ?? DRY_RUN_FROM,
    sender: () => {
      if (c.sender) return c.sender;
      if (!opts) throw new Error('the digest has no SMTP settings (channels.email.smtp)');
      return (made ??= createSmtpSender(opts.smtp));
    },
    sendLog: openSendLog(email?.sendLog ?? join(c.stateDir, 'email-send-log.jsonl')),
    retry: { ...RETRY_DEFAULTS, ...email?.retry },
    outDir,
    ...(email?.contact ? { contact: email.contact } : {}),
  };
  return { mailer, close: () => made?.close() };
}

/** A tree that can say who looks after what (kernel/tree.ts's KernelTree). */
function maintainersOfTree(tree: TreeView | undefined): MaintainersDb {
  const m = (tree as { maintainers?: () => MaintainersDb | null } | undefined)?.maintainers;
  if (!tree || typeof m !== 'function') throw new ConfigError('digest.enabled: the digest needs `tree:` (a kernel tree whose MAINTAINERS says who looks after what)');
  const db = m.call(tree);
  if (!db) throw new ConfigError('digest.enabled: the tree has no MAINTAINERS file, so nobody can get a digest');
  return db;
}

/** Links in the digests point at the configured lore and patchwork instances. */
function collectOptions(config: Config): CollectOptions {
  const base = (type: string): string | undefined => {
    const s = config.sources.find((x) => x.type === type && typeof x.base === 'string');
    return s ? String(s.base) : undefined;
  };
  const lore = base('lore');
  const patchwork = base('patchwork');
  return { ...(lore ? { loreBase: lore } : {}), ...(patchwork ? { patchworkBase: patchwork } : {}) };
}

function defaultMakeDigests(c: DigestStepContext): MakeDigests {
  return async (due) => {
    const cfg = c.config.digest;
    if (!cfg?.recipients) return [];
    const db = maintainersOfTree(c.tree);
    const input = await collectFromStore(c.store, collectOptions(c.config));
    const build = (select: RecipientSelector): Digest[] => buildDigests(input, db, { since: due.since, until: due.until, week: due.week, select, historyWeeks: cfg.historyWeeks });
    if (cfg.recipients === 'all') return build({ all: true, roles: cfg.reviewers ? ['maintainer', 'reviewer'] : ['maintainer'] });
    return cfg.recipients.flatMap((address) => build({ address: address.toLowerCase() }));
  };
}
