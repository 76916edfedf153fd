/**
 * A server that answers 429 (or 503) with a `Retry-After` longer than the daemon waits
 * in-process (its poll interval) is not asked again before that time: the instant is kept in
 * the store, so a restarted daemon, or another worker on the same database, waits as well.
 * It is kept as the cursor of a companion id (`<source id>#not-before`, an ISO date), which no
 * source uses: no schema change, the same on SQLite and PostgreSQL.
 */
import type { StateStore } from '../model/store.js';

const companion = (source: string): string => `${source}#not-before`;

/** The instant before which `source` must not be polled, or null. */
export async function notBefore(store: StateStore, source: string): Promise<Date | null> {
  const v = await store.getCursor(companion(source));
  const t = v ? Date.parse(v) : NaN;
  return Number.isNaN(t) ? null : new Date(t);
}

export async function keepNotBefore(store: StateStore, source: string, at: Date): Promise<void> {
  await store.ingest(companion(source), [], at.toISOString());
}

/** The wait a failed request was asked for (HttpError.retryAfterMs, here or in a cause), or null. */
export function askedWaitMs(e: unknown): number | null {
  for (let x: unknown = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const ms = (x as { retryAfterMs?: unknown }).retryAfterMs;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) return ms;
  }
  return null;
}
