/** Analyse one series version from its stored mails with the offline pipeline. */
import type { TreeView } from '../model/tree.js';
import type { Finding } from '../model/finding.js';
import { toMbox } from '../ingest/mbox-write.js';
import { runCheck } from '../pipeline/run-check.js';
import type { SeriesVersion, StateStore } from '../model/store.js';

export async function analyzeVersion(store: StateStore, v: SeriesVersion, tree?: TreeView): Promise<Finding[]> {
  const mails = await store.getMessages(v.messageIds);
  const name = `${v.key} v${v.revision}`;
  const result = await runCheck([name], { fetched: new Map([[name, toMbox(mails.map((m) => m.raw))]]), jobs: 1, ...(tree ? { tree } : {}) });
  // The mails are this version's only: every finding is about it, under the key the daemon uses.
  return result.findings.map((f) => ({ ...f, subject: { ...f.subject, key: v.key, revision: v.revision } }));
}
