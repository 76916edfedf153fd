/**
 * Incremental assembly: the mail not yet assembled, and only the mail it touches (the threads
 * it is part of, through In-Reply-To and References both ways, and the mails joined to it by
 * subject markers: same sender within MARKER_WINDOW_MS), are put together into series, in
 * arrival order. Each version is recorded as waiting until it is complete, or until the grace
 * period after its last mail has passed (late patches), or until a newer revision is ready. Versions already claimed or done are
 * left alone by the store, so a version is analysed once. A round's cost follows the new mail,
 * not the size of the store.
 */
import { carryTrailers } from '../mail/carry-trailers.js';
import { MARKER_WINDOW_MS, SeriesAssembler } from '../mail/series.js';
import type { Log } from '../model/log.js';
import type { Series } from '../model/series.js';
import type { StateStore } from '../model/store.js';
import { loadRecords, withRecords, type LoadedRecord } from './records.js';

export interface AssembleOptions {
  now: Date;
  /** Mail received before now − windowMs is not assembled again. */
  windowMs: number;
  graceMs: number;
  log?: Log;
}

/** New mail taken per round, and the most mail one round assembles (a huge thread is cut there, and said). */
const MAX_NEW = 2000;
const MAX_TOUCHED = 20_000;

function refsOf(r: LoadedRecord): string[] {
  return r.record.inReplyTo ? [...r.record.references, r.record.inReplyTo] : r.record.references;
}

export async function assembleNew(store: StateStore, o: AssembleOptions): Promise<{ mails: number; versions: number }> {
  const fresh = await withRecords(store, await store.unassembled(MAX_NEW));
  if (fresh.length === 0) return { mails: 0, versions: 0 };
  const since = new Date(o.now.getTime() - o.windowMs);
  const touched = new Map<string, LoadedRecord>(fresh.map((r) => [r.messageId, r]));
  const take = async (ids: Iterable<string>, keep: (r: LoadedRecord) => boolean = () => true): Promise<LoadedRecord[]> => {
    const found = (await loadRecords(store, [...ids].filter((id) => !touched.has(id)), since)).filter(keep);
    for (const r of found) touched.set(r.messageId, r);
    return found;
  };
  for (let frontier = fresh; frontier.length > 0 && touched.size < MAX_TOUCHED; ) {
    // The threads: what the frontier answers and what answers it.
    const linked = new Set<string>();
    for (const r of frontier) for (const ref of refsOf(r)) linked.add(ref);
    for (const id of await store.referencing(frontier.map((r) => r.messageId), since)) linked.add(id);
    const next = await take(linked);
    // Subject markers: a patch or cover none of whose references is stored joins by sender,
    // version and total within the window (mail/series.ts), so those mails are touched too.
    for (const r of frontier) {
      const t = r.record.date ? Date.parse(r.record.date) : NaN;
      const s = r.record.parsedSubject;
      if (r.record.kind === 'comment' || s.total === null || Number.isNaN(t) || refsOf(r).some((ref) => touched.has(ref))) continue;
      const near = await store.sentNear(r.record.authorAddress, new Date(t - MARKER_WINDOW_MS), new Date(t + MARKER_WINDOW_MS), since);
      next.push(...(await take(near, (x) => x.record.parsedSubject.version === s.version && x.record.parsedSubject.total === s.total)));
    }
    frontier = next;
  }
  if (touched.size >= MAX_TOUCHED) o.log?.warn({ mails: touched.size }, 'new mail touches a very large thread; assembled as far as the limit');
  const records = [...touched.values()].sort((a, b) => a.seq - b.seq);
  const assembler = new SeriesAssembler();
  records.forEach((r, index) => assembler.add({ ...r.record, index }));
  const received = new Map(records.map((r) => [r.messageId, r.receivedAt.getTime()]));
  let versions = 0;
  const built = assembler.finish().series;
  carryTrailers(built, await storedOlder(store, built));
  for (const s of built) {
    if (s.patches.length === 0) continue; // a cover letter alone: its patches have not arrived
    const ids = [...(s.cover ? [s.cover.messageId] : []), ...s.patches.map((p) => p.messageId)];
    const last = Math.max(...ids.map((id) => received.get(id) ?? o.now.getTime()));
    const readyAt = new Date(s.complete ? last : last + o.graceMs);
    await store.upsertSeriesVersion({ key: s.key, revision: s.revision, subject: s.subject, messageIds: ids, readyAt, series: s });
    await olderReadyBy(store, s.key, s.revision, readyAt);
    versions++;
  }
  await store.markAssembled(fresh.map((r) => r.messageId));
  return { mails: fresh.length, versions };
}

/**
 * A newer revision proves the older ones final: one still waiting for late patches is ready
 * when the newer one is, and is analysed first (same instant, lower revision), so that the
 * newer one is told what it fixed.
 */
async function olderReadyBy(store: StateStore, key: string, revision: number, readyAt: Date): Promise<void> {
  for (const v of await store.listSeriesVersions({ key, state: 'waiting' })) {
    if (v.revision >= revision || v.readyAt.getTime() <= readyAt.getTime()) continue;
    await store.upsertSeriesVersion({ key, revision: v.revision, subject: v.subject, messageIds: v.messageIds, readyAt, ...(v.series ? { series: v.series } : {}) });
  }
}

/** The stored series of the older revisions of what was just assembled: their review trailers carry to the newer ones. */
async function storedOlder(store: StateStore, built: readonly Series[]): Promise<Series[]> {
  const out: Series[] = [];
  for (const key of new Set(built.map((s) => s.key))) {
    const newest = Math.max(...built.filter((s) => s.key === key).map((s) => s.revision));
    for (const v of await store.listSeriesVersions({ key })) {
      if (v.series && v.revision < newest && !built.some((b) => b.key === key && b.revision === v.revision)) out.push(v.series);
    }
  }
  return out;
}
