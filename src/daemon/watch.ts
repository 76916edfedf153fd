/**
 * The watch loop: one round (round.ts) every pollInterval seconds until stopped, or once for
 * cron. Kill it at any point and start it again: a cursor never runs ahead of stored mail,
 * unassembled mail is assembled next round, an unfinished claim lapses and is taken again, a
 * finished version is never redone, a publication is never repeated.
 */
import { hostname } from 'node:os';
import type { Config } from '../config/schema.js';
import { sourceId } from '../config/schema.js';
import { SOURCES } from '../ingest/index.js';
import type { Channel } from '../model/channel.js';
import type { Log } from '../model/log.js';
import type { HttpPolicy, Source } from '../model/source.js';
import type { StateStore } from '../model/store.js';
import type { TreeView } from '../model/tree.js';
import { buildChannels } from './channels.js';
import { runRound, type RoundStats } from './round.js';

export interface WatchOptions {
  config: Config;
  store: StateStore;
  log: Log;
  stateDir: string;
  /** Where kvetch.yml is (relative paths in it); default the working directory. */
  baseDir?: string;
  tree?: TreeView;
  once?: boolean;
  worker?: string;
  /** The channels to publish on; default: the ones the config enables (the `log` channel unless disabled). */
  channels?: readonly Channel[];
  /** The source registry; default every source kvetch has (ingest/index.ts). */
  sources?: readonly Source[];
  /** Send for real (--send); otherwise channels write what they would send. */
  send?: boolean;
  /** Aborting stops the loop after the series in hand (SIGTERM). */
  signal?: AbortSignal;
  now?: () => Date;
  http?: HttpPolicy;
}

export type WatchStats = RoundStats & { rounds: number };

const COUNTS = ['polled', 'ingested', 'parsed', 'assembled', 'versions', 'analysed', 'published'] as const;

export async function watch(o: WatchOptions): Promise<WatchStats> {
  const worker = o.worker ?? `${hostname()}:${process.pid}`;
  const log = o.log.child({ worker });
  const stats: WatchStats = { rounds: 0, polled: 0, unread: [], ingested: 0, parsed: 0, assembled: 0, versions: 0, analysed: 0, published: 0, written: [] };
  const stopped = (): boolean => o.signal?.aborted === true;
  const sources = o.sources ?? SOURCES;
  const channels = o.channels ?? buildChannels(o.config, { stateDir: o.stateDir, env: process.env });
  log.info({ sources: o.config.sources.map((s) => sourceId(s, sources)), channels: channels.map((c) => c.id), once: o.once === true }, 'watch started');
  while (!stopped()) {
    const r = await runRound({
      config: o.config, store: o.store, log, stateDir: o.stateDir, baseDir: o.baseDir ?? process.cwd(), worker, channels, sources,
      now: o.now ?? (() => new Date()), stopped, ...(o.tree ? { tree: o.tree } : {}), ...(o.send ? { send: true } : {}), ...(o.http ? { http: o.http } : {}),
    });
    stats.rounds++;
    for (const k of COUNTS) stats[k] += r[k];
    stats.written.push(...r.written);
    stats.unread.push(...r.unread);
    if (o.once) break;
    await sleep(o.config.pollInterval * 1000, o.signal);
  }
  log.info({ ...stats, written: stats.written.length, unread: stats.unread.length }, 'watch stopped');
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
