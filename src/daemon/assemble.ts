/**
 * Series versions from the mail taken in recently: the offline assembler run over the stored
 * mails of the assembly window, each version recorded as waiting until it is complete, or until
 * the grace period after its last mail has passed (late patches). Versions already claimed or
 * done are left alone by the store, so a version is analysed once.
 */
import { toMbox } from '../ingest/mbox-write.js';
import { runCheck } from '../pipeline/run-check.js';
import type { StateStore, StoredMessage } from '../model/store.js';

export interface AssembleOptions {
  now: Date;
  windowMs: number;
  graceMs: number;
}

export async function assembleVersions(store: StateStore, o: AssembleOptions): Promise<number> {
  const mails = await store.messagesSince(new Date(o.now.getTime() - o.windowMs));
  if (mails.length === 0) return 0;
  const received = new Map<string, StoredMessage>(mails.map((m) => [m.messageId, m]));
  const name = 'store';
  const result = await runCheck([name], { fetched: new Map([[name, toMbox(mails.map((m) => m.raw))]]), jobs: 1, analyze: false });
  let n = 0;
  for (const s of result.series) {
    if (s.patches.length === 0) continue; // a cover letter alone: its patches have not arrived
    const ids = [...(s.cover ? [s.cover.messageId] : []), ...s.patches.map((p) => p.messageId)];
    const last = Math.max(...ids.map((id) => received.get(id)?.receivedAt.getTime() ?? o.now.getTime()));
    const readyAt = new Date(s.complete ? last : last + o.graceMs);
    await store.upsertSeriesVersion({ key: s.key, revision: s.revision, subject: s.subject, messageIds: ids, readyAt });
    n++;
  }
  return n;
}
