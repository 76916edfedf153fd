/**
 * Continuous intake from patchwork's event log: `GET /api/<v>/events/?project=<p>
 * &category=series-completed&since=<date>&order=date`, following `Link: <…>; rel="next"`.
 *
 * Why series-completed: series-created fires when the first mail of a series arrives, before
 * its other patches; series-completed fires once every patch of it has arrived.
 *
 * The cursor. patchwork's `since` is inclusive (date >= since) and several events can share a
 * timestamp, so a date alone cannot say where the last poll stopped. The cursor is the newest
 * delivered event's date plus the ids of the delivered events that carry exactly that date:
 * `"<date>"` or `"<date> <id>,<id>"`. The next poll asks for `since=<date>` and drops those ids.
 * Events are asked for oldest first, so when a later page fails (or maxPages is reached) the
 * events already fetched are all older than the ones not fetched: they are returned, and the
 * cursor stops at the newest of them, never past an event that was not returned.
 */
import { z } from 'zod';
import { HttpError } from '../http/client.js';
import { nextLink } from '../http/link-header.js';
import { comparePwDates, pwDateKey } from './date.js';
import { apiUrl, parseJson, pwGet, type PatchworkOptions } from './http.js';
import { type PwEvent, pwEvent } from './model.js';
import { SourceError } from '../http/source-error.js';

export interface PollEventsOptions extends PatchworkOptions {
  /** Event category (default "series-completed"). */
  category?: string;
  /** Pages followed in one poll (default 20); what is left comes with the next poll. */
  maxPages?: number;
}

export interface EventPoll {
  /** New events, oldest first, each once. */
  events: PwEvent[];
  /** Pass to the next poll; null only when there was no cursor and no event yet. */
  cursor: string | null;
  /** Set when the poll stopped early (a page failed, or maxPages): more events may be waiting. */
  incomplete?: string;
}

export interface EventCursor {
  since: string;
  seen: Set<number>;
}

export function parseEventCursor(cursor: string | null): EventCursor | null {
  if (cursor === null || cursor.trim() === '') return null;
  const [since = '', ids = ''] = cursor.trim().split(/\s+/, 2);
  if (!pwDateKey(since)) throw new SourceError(`invalid patchwork event cursor "${cursor}": expected "<ISO date>[ <id>,<id>…]"`);
  const seen = new Set<number>();
  for (const id of ids.split(',')) if (/^\d+$/.test(id)) seen.add(Number(id));
  return { since, seen };
}

export function formatEventCursor(c: EventCursor): string {
  return c.seen.size > 0 ? `${c.since} ${[...c.seen].sort((a, b) => a - b).join(',')}` : c.since;
}

/**
 * New events of `project` (link name or id) since `since` (a cursor from the last poll, or an
 * ISO date). With `since` null: the newest page of events only, not the whole history.
 * Throws when the first page cannot be fetched; a later failure ends the poll early.
 */
export async function pollEvents(base: string, project: string, since: string | null, opts: PollEventsOptions = {}): Promise<EventPoll> {
  const category = opts.category ?? 'series-completed';
  const cursor = parseEventCursor(since);
  const query: Record<string, string> = { project, category, order: cursor ? 'date' : '-date' };
  if (cursor) query.since = cursor.since;
  const maxPages = cursor ? Math.max(1, opts.maxPages ?? 20) : 1;
  const got = new Map<number, PwEvent>();
  let url: string | null = apiUrl(base, 'events', opts, query);
  let incomplete: string | undefined;
  let outOfOrder = false;
  for (let page = 0; url !== null; page++) {
    if (page >= maxPages) {
      incomplete = `stopped after ${maxPages} pages of events; the rest comes with the next poll`;
      break;
    }
    let events: PwEvent[];
    let next: string | null;
    try {
      const res = await pwGet(base, url, opts);
      events = parseJson(res, z.array(pwEvent));
      next = nextLink(res.headers.get('link'), res.url);
    } catch (e) {
      if (page === 0 || !(e instanceof HttpError || e instanceof SourceError)) throw e;
      incomplete = `events page ${url} failed: ${e.message}; the rest comes with the next poll`;
      break;
    }
    for (let i = 1; i < events.length; i++) if (comparePwDates((events[i - 1] as PwEvent).date, (events[i] as PwEvent).date) > 0) outOfOrder = true;
    for (const ev of events) {
      if (!pwDateKey(ev.date)) throw new SourceError(`${url}: event ${ev.id} has an invalid date "${ev.date}"`, url);
      if (ev.category !== category || got.has(ev.id)) continue;
      if (cursor && (cursor.seen.has(ev.id) || comparePwDates(ev.date, cursor.since) < 0)) continue;
      got.set(ev.id, ev);
    }
    url = cursor ? next : null;
  }
  if (outOfOrder && incomplete && cursor) {
    // The server ignored order=date: what was fetched is not all older than what was not.
    throw new SourceError(`${base}: events came newest first despite order=date, and the poll stopped early (${incomplete}); cannot advance safely`);
  }
  const events = [...got.values()].sort((a, b) => comparePwDates(a.date, b.date) || a.id - b.id);
  return { events, cursor: advance(cursor, events, since), ...(incomplete ? { incomplete } : {}) };
}

function advance(cursor: EventCursor | null, events: PwEvent[], since: string | null): string | null {
  const newest = events[events.length - 1];
  if (!newest) return since;
  const seen = new Set<number>();
  if (cursor && comparePwDates(cursor.since, newest.date) === 0) for (const id of cursor.seen) seen.add(id);
  for (const ev of events) if (comparePwDates(ev.date, newest.date) === 0) seen.add(ev.id);
  return formatEventCursor({ since: newest.date, seen });
}
