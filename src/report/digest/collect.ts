/**
 * A digest's input from the daemon's store: every analysed series version with its series as
 * assembled, its findings (already marked new, still present or fixed against older versions)
 * and its links. Read-only; nothing is parsed again.
 */
import { baseKey } from '../../mail/series-key.js';
import type { StateStore } from '../../model/store.js';
import { digestReview, type DigestInput, type DigestVersion } from './input.js';
import { seriesLinks, type LinkOptions } from './links.js';
import { seriesFiles } from './series-files.js';

export type CollectOptions = LinkOptions;

export async function collectFromStore(store: StateStore, o: CollectOptions = {}): Promise<DigestInput> {
  const versions: DigestVersion[] = [];
  for (const v of await store.listSeriesVersions({ state: 'done' })) {
    const s = v.series;
    // A version recorded by an older kvetch has no series kept: its files are unknown, so it
    // cannot be routed to anyone. Counted by the caller through the store, not guessed here.
    if (!s) continue;
    const first = v.messageIds[0];
    const source = first ? ((await store.getRecords([first]))[0]?.source ?? '') : '';
    versions.push({
      key: baseKey(v.key),
      revision: v.revision,
      subject: s.subject || v.subject,
      author: s.author,
      // A series stored by an older kvetch has no sender: its author was its sender.
      ...(s.sender !== undefined && s.sender !== s.author ? { sender: s.sender } : {}),
      date: s.date,
      patches: s.patches.length,
      ...digestReview(s),
      files: seriesFiles(s),
      findings: await store.findings(v.key, v.revision),
      links: seriesLinks(v.key, s.cover?.messageId ?? s.patches[0]?.messageId ?? first, source, o),
    });
  }
  return { versions };
}
