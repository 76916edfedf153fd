/**
 * Hand every analysed series version to every enabled channel, until each channel has dealt
 * with it: a channel whose outcome has no errors is marked done for the version (publication
 * `<channel>#done`), one with errors is asked again next round (channels are idempotent, see
 * report/channel.ts). Also after a crash between "analysed" and "published". With several
 * workers, each (version, channel) is claimed first, so two workers never publish it at once.
 */
import type { Channel } from '../model/channel.js';
import type { SeriesVersion, StateStore } from '../model/store.js';
import type { Log } from '../model/log.js';

export async function publishPending(store: StateStore, channels: readonly Channel[], o: { log: Log; dryRun: boolean; now: Date; worker: string; leaseMs: number }): Promise<number> {
  if (channels.length === 0) return 0;
  const versions = await store.listSeriesVersions();
  let published = 0;
  for (const v of versions) {
    if (v.state !== 'done') continue;
    for (const channel of channels) {
      const marker = `${channel.id}#done`;
      if (await store.getPublication(v.key, v.revision, marker, '')) continue;
      // Several workers on one database: one of them publishes a version on a channel at a time.
      if (!(await store.claimPublishing(v.key, v.revision, channel.id, o.worker, o.now, o.leaseMs))) continue;
      const clog = o.log.child({ channel: channel.id, series: v.key, revision: v.revision });
      try {
        const outcome = await channel.publish(await inputFor(store, v, versions), { store, dryRun: o.dryRun, log: clog, now: o.now });
        published += outcome.published;
        for (const s of outcome.skipped) clog.info({ target: s.target, why: s.why }, 'skipped');
        for (const f of outcome.written) clog.info({ file: f }, 'dry run: written instead of sent');
        if (outcome.errors.length > 0) clog.warn({ errors: outcome.errors }, 'publish failed; will retry next round');
        else await store.putPublication({ key: v.key, revision: v.revision, channel: marker, target: '', state: 'sent', fingerprint: '' });
      } catch (e) {
        clog.error({ err: (e as Error).message }, 'channel failed; will retry next round');
      }
    }
  }
  return published;
}

async function inputFor(store: StateStore, v: SeriesVersion, all: readonly SeriesVersion[]) {
  const findings = await store.findings(v.key, v.revision);
  const older = all.filter((x) => x.key === v.key && x.revision < v.revision && x.state === 'done').sort((a, b) => b.revision - a.revision)[0];
  const mails = await store.getMessages(v.messageIds);
  const order = new Map(v.messageIds.map((id, i) => [id, i]));
  mails.sort((a, b) => (order.get(a.messageId) ?? 0) - (order.get(b.messageId) ?? 0));
  return {
    version: v,
    findings,
    ...(older ? { previous: { revision: older.revision, findings: await store.findings(older.key, older.revision) } } : {}),
    mails,
    source: mails[0]?.source ?? '',
  };
}
