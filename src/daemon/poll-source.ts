/**
 * One poll of one configured source: the mails that arrived since its cursor, and the cursor to
 * store with them (in the same transaction, see StateStore.ingest). A failure throws and leaves
 * the stored cursor where it was, so nothing is skipped; mail seen twice is deduplicated by
 * Message-ID when stored.
 */
import { join } from 'node:path';
import type { SourceConfig } from '../config/schema.js';
import type { HttpOptions } from '../ingest/http/client.js';
import { encodeCursor } from '../ingest/lore/cursor.js';
import { pollList, splitMbox } from '../ingest/lore/index.js';
import { fetchMailmanMonth, mailmanMonthUrl } from '../ingest/mailman/fetch.js';
import { pollEvents } from '../ingest/patchwork/events.js';
import { seriesMbox } from '../ingest/patchwork/api.js';
import type { SourceLogger } from '../ingest/http/source-options.js';

export interface Polled {
  mails: Buffer[];
  cursor: string | null;
}

export interface PollContext {
  id: string;
  cursor: string | null;
  stateDir: string;
  log: SourceLogger;
  http?: HttpOptions;
  env?: NodeJS.ProcessEnv;
}

export async function pollSource(s: SourceConfig, ctx: PollContext): Promise<Polled> {
  const http = ctx.http ?? {};
  if (s.type === 'lore') {
    const start = ctx.cursor ?? (s.start === 'beginning' ? encodeCursor({ epoch: 0, commit: null, time: 0 }) : null);
    const r = await pollList(s.base, s.list, start, { log: ctx.log, http, cacheDir: join(ctx.stateDir, 'lore', safe(ctx.id)) });
    return { mails: r.messages, cursor: r.cursor };
  }
  if (s.type === 'patchwork') {
    const token = s.tokenEnv ? (ctx.env ?? process.env)[s.tokenEnv] : undefined;
    const opts = { ...http, onRetry: (r: { url: string; attempt: number; error: string; delayMs: number }) => ctx.log.warn(r, 'retrying'), ...(token ? { token } : {}) };
    const r = await pollEvents(s.base, s.project, ctx.cursor, opts);
    const mails: Buffer[] = [];
    // Every series of the batch is fetched before the cursor moves: one failure retries them all.
    for (const ev of r.events) {
      const id = (ev.payload as { series?: { id?: number } }).series?.id;
      if (typeof id !== 'number') continue;
      mails.push(...(await splitMbox(await seriesMbox(s.base, id, opts), `${s.base} series ${id}`)));
    }
    return { mails, cursor: r.cursor };
  }
  const now = new Date();
  const url = mailmanMonthUrl(s.archive, now.getUTCFullYear(), now.getUTCMonth() + 1);
  const bytes = await fetchMailmanMonth(url, { log: ctx.log, http });
  return { mails: await splitMbox(bytes, url), cursor: `${now.getUTCFullYear()}-${now.getUTCMonth() + 1}` };
}

function safe(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}
