/**
 * Analyse one series version: triage over its stored records (parsed at intake, not again),
 * with the findings of its older versions, so that what is new, still present or fixed comes
 * from the one version tracker (engine/versions.ts) for every channel.
 */
import type { Finding } from '../model/finding.js';
import type { IngestItem } from '../model/raw-message.js';
import type { SeriesVersion, StateStore } from '../model/store.js';
import type { TreeView } from '../model/tree.js';
import { baseKey } from '../mail/series-key.js';
import { triage } from '../pipeline/triage.js';
import { loadRecords } from './records.js';

/** Every version of the same series in the store (under `v`'s key and its base key), in any state. */
export async function sameSeries(store: StateStore, v: SeriesVersion): Promise<SeriesVersion[]> {
  const keys = [...new Set([v.key, baseKey(v.key)])];
  return (await Promise.all(keys.map((key) => store.listSeriesVersions({ key })))).flat();
}

/** The done versions among `all` (sameSeries) older than `v`, newest last. */
export function olderDone(all: readonly SeriesVersion[], v: SeriesVersion): SeriesVersion[] {
  return all.filter((x) => x.state === 'done' && x.revision < v.revision).sort((a, b) => a.revision - b.revision);
}

/** The done versions of the same series older than `v`, newest last. */
export async function olderVersions(store: StateStore, v: SeriesVersion): Promise<SeriesVersion[]> {
  return olderDone(await sameSeries(store, v), v);
}

/**
 * The newest revision among `all` (sameSeries) above `v`'s, in any state (a version still in
 * its grace period counts: it was sent), or undefined when `v` is the newest.
 */
export function newerRevision(all: readonly SeriesVersion[], v: SeriesVersion): number | undefined {
  const newer = all.filter((x) => x.revision > v.revision).map((x) => x.revision);
  return newer.length > 0 ? Math.max(...newer) : undefined;
}

export async function analyzeVersion(store: StateStore, v: SeriesVersion, tree?: TreeView): Promise<Finding[]> {
  const records = await loadRecords(store, v.messageIds);
  async function* items(): AsyncGenerator<IngestItem> {
    for (const r of records) yield { type: 'record', record: r.record };
  }
  const key = baseKey(v.key);
  const history = await Promise.all((await olderVersions(store, v)).map(async (o) => ({ key, revision: o.revision, findings: await store.findings(o.key, o.revision) })));
  // A partial reroll's mails include the patches it took from the older revision, which
  // assemble into that revision too: only this revision is analysed, under the version's key.
  const result = await triage(items(), { sources: [`${v.key} v${v.revision}`], history, only: { key, revision: v.revision }, ...(tree ? { tree } : {}) });
  // The mails are this version's only: every finding is about it, under the key the daemon uses.
  return result.findings.map((f) => ({ ...f, subject: { ...f.subject, key: v.key, revision: v.revision } }));
}
