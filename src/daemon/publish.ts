/**
 * Hand every analysed series version to every enabled channel, until each channel has dealt
 * with it: a channel whose outcome has no errors and no "not-yet" skip is marked done for the
 * version (publication `<channel>#done`); one with errors, or waiting (a send in flight after a
 * crash, an embargo, a rate limit, a retry not due), is asked again next round (idempotent, see
 * model/channel.ts). Also after a crash between "analysed" and "published". With several
 * workers, each (version, channel) is claimed first, so two workers never publish it at once.
 * Channels get the version's series, records and findings as stored: nothing is parsed again.
 * A version re-opened by a late patch (store/reopen.ts) has lost its `#done` marks and is
 * offered to every channel again once it is analysed again; a channel that published the
 * version before it was re-opened is not marked done.
 */
import { SeriesAssembler } from '../mail/series.js';
import type { Channel, PublishInput } from '../model/channel.js';
import type { Log } from '../model/log.js';
import type { Series } from '../model/series.js';
import type { SeriesVersion, StateStore } from '../model/store.js';
import { newerRevision, olderDone, sameSeries } from './analyze-version.js';
import { loadRecords, type LoadedRecord } from './records.js';

export interface Published {
  /** Artifacts published, or written instead in dry run. */
  published: number;
  /** The files dry run wrote, by channel. */
  written: { channel: string; file: string }[];
}

export async function publishPending(store: StateStore, channels: readonly Channel[], o: { log: Log; dryRun: boolean; now: Date; worker: string; leaseMs: number }): Promise<Published> {
  const written: Published['written'] = [];
  if (channels.length === 0) return { published: 0, written };
  const versions = await store.listSeriesVersions({ state: 'done', unpublishedOn: channels.map((c) => c.id) });
  let published = 0;
  for (const v of versions) {
    let input: PublishInput | undefined;
    for (const channel of channels) {
      const marker = `${channel.id}#done`;
      if (await store.getPublication(v.key, v.revision, marker, '')) continue;
      // Several workers on one database: one of them publishes a version on a channel at a time.
      if (!(await store.claimPublishing(v.key, v.revision, channel.id, o.worker, o.now, o.leaseMs))) continue;
      const clog = o.log.child({ channel: channel.id, series: v.key, revision: v.revision });
      try {
        input ??= await inputFor(store, v);
        const outcome = await channel.publish(input, { store, dryRun: o.dryRun, log: clog, now: o.now });
        published += outcome.published;
        for (const s of outcome.skipped) clog.info({ target: s.target, reason: s.reason, why: s.why }, 'skipped');
        for (const f of outcome.written) {
          clog.info({ file: f }, 'dry run: written instead of sent');
          written.push({ channel: channel.id, file: f });
        }
        // "not-yet" (a send in flight, an embargo, a rate limit, a retry not due) is asked again later.
        const waiting = outcome.skipped.filter((s) => s.reason === 'not-yet');
        if (outcome.errors.length > 0) clog.warn({ errors: outcome.errors }, 'publish failed; will retry next round');
        else if (waiting.length > 0) clog.info({ waiting: waiting.map((s) => s.why) }, 'not yet; will ask again next round');
        else if (await unchanged(store, v)) await store.putPublication({ key: v.key, revision: v.revision, channel: marker, target: '', state: 'sent', fingerprint: '' });
      } catch (e) {
        clog.error({ err: (e as Error).message }, 'channel failed; will retry next round');
      }
    }
  }
  return { published, written };
}

/** Still done with the same mails: not re-opened by a late patch while the channel published (another worker's round). */
async function unchanged(store: StateStore, v: SeriesVersion): Promise<boolean> {
  const now = await store.getSeriesVersion(v.key, v.revision);
  return now?.state === 'done' && now.messageIds.join('\n') === v.messageIds.join('\n');
}

async function inputFor(store: StateStore, v: SeriesVersion): Promise<PublishInput> {
  const loaded = await loadRecords(store, v.messageIds);
  const versions = await sameSeries(store, v);
  const previous = olderDone(versions, v).at(-1);
  const newer = newerRevision(versions, v);
  const series = v.series ?? assembled(loaded, v);
  // A partial reroll's patches taken from the older revision come last: the mail a channel
  // answers (the cover, else the first patch) is one this version sent.
  const carried = new Set(series.patches.filter((p) => p.fromRevision !== undefined).map((p) => p.messageId));
  const records = [...loaded.filter((r) => !carried.has(r.messageId)), ...loaded.filter((r) => carried.has(r.messageId))];
  return {
    version: v,
    series,
    records: records.map((r) => r.record),
    findings: await store.findings(v.key, v.revision),
    ...(previous ? { previous: { revision: previous.revision } } : {}),
    ...(newer !== undefined ? { supersededBy: newer } : {}),
    source: records[0]?.source ?? '',
  };
}

/** A version recorded by an older kvetch has no series kept with it: put it together again from its records. */
function assembled(records: readonly LoadedRecord[], v: SeriesVersion): Series {
  const a = new SeriesAssembler();
  records.forEach((r, index) => a.add({ ...r.record, index }));
  const s = a.finish().series[0];
  if (!s) throw new Error(`series ${v.key} v${v.revision}: its stored mails make no series`);
  return { ...s, key: v.key, revision: v.revision };
}
