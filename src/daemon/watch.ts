/**
 * The watch loop: poll every source (mail and cursor stored together), assemble series
 * versions, analyse each ready version exactly once (claimed with a lease, completed only by
 * the claim holder), record what would be published. Kill it at any point and start it again:
 * a cursor never runs ahead of stored mail, an unfinished claim lapses and is taken again, a
 * finished version is never redone.
 */
import { hostname } from 'node:os';
import type { TreeView } from '../model/tree.js';
import { sourceId, type Config } from '../config/schema.js';
import type { StateStore } from '../model/store.js';
import type { Log } from '../model/log.js';
import { analyzeVersion } from './analyze-version.js';
import { assembleVersions } from './assemble.js';
import { toStored } from './intake.js';
import { takeOptOutCommands } from './opt-out-mail.js';
import { pollSource } from './poll-source.js';
import { publishPending } from './publish.js';
import type { Channel } from '../model/channel.js';
import { createLogChannel } from '../report/log-channel.js';

export interface WatchOptions {
  config: Config;
  store: StateStore;
  log: Log;
  stateDir: string;
  tree?: TreeView;
  once?: boolean;
  worker?: string;
  /** Publishing channels besides `log` (email, patchwork checks), built from the config. */
  channels?: readonly Channel[];
  /** Send for real (--send); otherwise channels write what they would send. */
  send?: boolean;
  /** Aborting stops the loop after the series in hand (SIGTERM). */
  signal?: AbortSignal;
  now?: () => Date;
}

export interface WatchStats {
  polled: number;
  ingested: number;
  analysed: number;
  published: number;
}

export async function watch(o: WatchOptions): Promise<WatchStats> {
  const worker = o.worker ?? `${hostname()}:${process.pid}`;
  const now = o.now ?? (() => new Date());
  const log = o.log.child({ worker });
  const stats: WatchStats = { polled: 0, ingested: 0, analysed: 0, published: 0 };
  const stopped = (): boolean => o.signal?.aborted === true;
  log.info({ sources: o.config.sources.map(sourceId), once: o.once === true }, 'watch started');
  while (!stopped()) {
    for (const s of o.config.sources) {
      if (stopped()) break;
      const id = sourceId(s);
      const slog = log.child({ source: id });
      try {
        const cursor = await o.store.getCursor(id);
        const polled = await pollSource(s, { id, cursor, stateDir: o.stateDir, log: slog });
        const stored = await toStored(polled.mails, id, now());
        const fresh = await o.store.ingest(id, stored, polled.cursor);
        const bot = o.config.channels.email?.enabled ? o.config.channels.email.from : null;
        if (bot && fresh.length > 0) {
          const isFresh = new Set(fresh);
          await takeOptOutCommands(o.store, stored.filter((m) => isFresh.has(m.messageId)), bot, slog);
        }
        stats.polled++;
        stats.ingested += fresh.length;
        slog.info({ mails: polled.mails.length, new: fresh.length, cursor: polled.cursor }, 'polled');
      } catch (e) {
        // The cursor stays where it was: the next poll asks for the same mail again.
        slog.warn({ err: (e as Error).message }, 'poll failed; will retry next round');
      }
    }
    const c = o.config;
    await assembleVersions(o.store, { now: now(), windowMs: c.assemblyWindowDays * 86_400_000, graceMs: c.gracePeriod * 1000 });
    while (!stopped()) {
      const v = await o.store.claimNext(worker, now(), c.lease * 1000);
      if (!v) break;
      const vlog = log.child({ series: v.key, revision: v.revision });
      try {
        const findings = await analyzeVersion(o.store, v, o.tree);
        if (await o.store.complete(v.key, v.revision, worker, findings)) {
          stats.analysed++;
          vlog.info({ subject: v.subject, findings: findings.length }, 'analysed');
        } else vlog.warn('claim lost to another worker; its result stands');
      } catch (e) {
        // Left claimed: the lease lapses and the version is tried again (by us or another worker).
        vlog.error({ err: (e as Error).message }, 'analysis failed; will retry when the lease lapses');
      }
    }
    const channels = [...(c.channels.log.enabled ? [createLogChannel()] : []), ...(o.channels ?? [])];
    stats.published += await publishPending(o.store, channels, { log, dryRun: o.send !== true, now: now(), worker, leaseMs: c.lease * 1000 });
    if (o.once) break;
    await sleep(c.pollInterval * 1000, o.signal);
  }
  log.info(stats, 'watch stopped');
  return stats;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
