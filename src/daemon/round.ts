/**
 * One round of the daemon: poll every source (mail, parsed once at intake, stored with the
 * source's cursor in one transaction), assemble what the new mail touched, analyse each ready
 * version exactly once (claimed with a lease, completed only by the claim holder), publish on
 * every channel, then send the weekly digest when it is due (digest-round.ts). Each step picks
 * up where a killed process left it: unassembled mail, lapsed claims, versions not yet
 * published, a week's digests not yet sent. A source whose server asked for a wait longer than
 * the poll interval (429/503 Retry-After) is not polled before then, across restarts (not-before.ts).
 */
import type { Config } from '../config/schema.js';
import { sourceId } from '../config/schema.js';
import { SOURCES, sourceOfType } from '../ingest/index.js';
import { mailsParsed } from '../mail/message.js';
import type { Channel } from '../model/channel.js';
import type { Log } from '../model/log.js';
import type { HttpPolicy, Source } from '../model/source.js';
import type { StateStore } from '../model/store.js';
import type { TreeView } from '../model/tree.js';
import { analyzeVersion } from './analyze-version.js';
import { assembleNew } from './assemble.js';
import { runDigestStep, type DigestStepContext, type DigestStepStats } from './digest-round.js';
import { intake } from './intake.js';
import { askedWaitMs, keepNotBefore, notBefore } from './not-before.js';
import { takeOptOutCommands } from './opt-out-mail.js';
import { publishPending } from './publish.js';

export interface RoundContext {
  config: Config;
  store: StateStore;
  log: Log;
  stateDir: string;
  /** Where kvetch.yml is: relative paths in it are relative to this. */
  baseDir: string;
  worker: string;
  channels: readonly Channel[];
  /** The source registry (default ingest/index.ts's). */
  sources?: readonly Source[];
  tree?: TreeView;
  /** Send for real (--send); otherwise channels write what they would send. */
  send?: boolean;
  http?: HttpPolicy;
  env?: NodeJS.ProcessEnv;
  now: () => Date;
  stopped: () => boolean;
  /** What the digest step is built from, instead of the store, MAINTAINERS and SMTP (tests). */
  digest?: Pick<DigestStepContext, 'makeDigests' | 'sender' | 'renderings'>;
}

export interface RoundStats {
  /** Sources polled without error. */
  polled: number;
  /** Ids of the sources that could not be read (their cursors stay; asked again next round). */
  unread: string[];
  /** New mails stored. */
  ingested: number;
  /** Mails parsed in the round: one per new mail (a mail stored by an older kvetch once more). */
  parsed: number;
  /** Mails assembled into series, and the versions they made or extended. */
  assembled: number;
  versions: number;
  analysed: number;
  published: number;
  /** Files dry run wrote instead of sending, by channel. */
  written: { channel: string; file: string }[];
  /** The digest step, when the digest is enabled. */
  digest?: DigestStepStats;
}

export async function runRound(c: RoundContext): Promise<RoundStats> {
  const parsedBefore = mailsParsed();
  const stats: RoundStats = { polled: 0, unread: [], ingested: 0, parsed: 0, assembled: 0, versions: 0, analysed: 0, published: 0, written: [] };
  const registry = c.sources ?? SOURCES;
  // Opt-out commands are read when kvetch mails anyone: replies (the email channel) or the digest.
  const email = c.config.channels.email as { enabled?: boolean; from?: string } | undefined;
  const bot = email?.from && (email.enabled || c.config.digest?.enabled) ? email.from : null;
  for (const s of c.config.sources) {
    if (c.stopped()) break;
    const id = sourceId(s, registry);
    const slog = c.log.child({ source: id });
    try {
      const wait = await notBefore(c.store, id);
      if (wait && wait.getTime() > c.now().getTime()) {
        stats.unread.push(id);
        slog.info({ notBefore: wait.toISOString() }, 'the server asked us to wait (Retry-After); not polled before then');
        continue;
      }
      const def = sourceOfType(s.type, registry);
      if (!def?.poll) throw new Error(`no source of type ${s.type} can be followed`);
      const cursor = await c.store.getCursor(id);
      const seen = (items: readonly string[]): Promise<Set<string>> => c.store.seenItems(id, items);
      // A Retry-After longer than the poll interval is not waited for in-process: it is kept (not-before.ts).
      const http = { maxRetryAfterMs: c.config.pollInterval * 1000, ...c.http };
      const polled = await def.poll(s, { id, cursor, stateDir: c.stateDir, baseDir: c.baseDir, log: slog, env: c.env ?? process.env, seen, http });
      const stored = await intake(polled.mails, id, c.now());
      const fresh = await c.store.ingest(id, stored, polled.cursor, polled.items ?? []);
      if (bot && fresh.length > 0) {
        const isFresh = new Set(fresh);
        await takeOptOutCommands(c.store, stored.filter((m) => isFresh.has(m.messageId)), bot, slog);
      }
      stats.polled++;
      stats.ingested += fresh.length;
      slog.info({ mails: polled.mails.length, new: fresh.length, cursor: polled.cursor }, 'polled');
    } catch (e) {
      // The cursor stays where it was: the next poll asks for the same mail again.
      stats.unread.push(id);
      const asked = askedWaitMs(e);
      if (asked !== null) await keepNotBefore(c.store, id, new Date(c.now().getTime() + asked));
      slog.warn({ err: (e as Error).message, ...(asked !== null ? { retryAfterMs: asked } : {}) }, asked !== null ? 'poll failed; not polled again before the server asked' : 'poll failed; will retry next round');
    }
  }
  const windowMs = c.config.assemblyWindowDays * 86_400_000;
  for (;;) {
    const a = await assembleNew(c.store, { now: c.now(), windowMs, graceMs: c.config.gracePeriod * 1000, log: c.log });
    stats.assembled += a.mails;
    stats.versions += a.versions;
    if (a.mails === 0 || c.stopped()) break;
  }
  while (!c.stopped()) {
    const v = await c.store.claimNext(c.worker, c.now(), c.config.lease * 1000);
    if (!v) break;
    const vlog = c.log.child({ series: v.key, revision: v.revision });
    try {
      const findings = await analyzeVersion(c.store, v, c.tree);
      if (await c.store.complete(v.key, v.revision, c.worker, findings)) {
        stats.analysed++;
        vlog.info({ subject: v.subject, findings: findings.length }, 'analysed');
      } else vlog.warn('claim lost to another worker; its result stands');
    } catch (e) {
      // Left claimed: the lease lapses and the version is tried again (by us or another worker).
      vlog.error({ err: (e as Error).message }, 'analysis failed; will retry when the lease lapses');
    }
  }
  const p = await publishPending(c.store, c.channels, { log: c.log, dryRun: c.send !== true, now: c.now(), worker: c.worker, leaseMs: c.config.lease * 1000 });
  stats.published = p.published;
  stats.written = p.written;
  if (c.config.digest?.enabled && !c.stopped()) {
    try {
      const d = await runDigestStep({
        config: c.config, store: c.store, log: c.log, stateDir: c.stateDir, worker: c.worker, now: c.now(),
        ...(c.send ? { send: true } : {}), ...(c.tree ? { tree: c.tree } : {}), ...(c.env ? { env: c.env } : {}), ...c.digest,
      });
      stats.digest = d;
      stats.published += d.results.filter((r) => r.status === 'sent' || r.status === 'written').length;
      for (const r of d.results) if (r.status === 'written' && r.file) stats.written.push({ channel: 'digest', file: r.file });
    } catch (e) {
      c.log.error({ err: (e as Error).message }, 'digest failed; will retry next round');
    }
  }
  stats.parsed = mailsParsed() - parsedBefore;
  return stats;
}
