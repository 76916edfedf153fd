/**
 * The `log` channel: what would be published for a finished series version is recorded in the
 * store and logged, once. Real channels (mail, patchwork checks) follow the same contract:
 * keyed on (series key, revision, channel, target) and idempotent on the findings' digest.
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../engine/finding.js';
import type { StateStore } from '../store/types.js';
import type { Logger } from '../util/logger.js';

export function findingsDigest(findings: readonly Finding[]): string {
  return createHash('sha256')
    .update([...new Set(findings.map((f) => f.fingerprint))].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}

/** Publish every done version the log channel has not seen (also after a crash between the two). */
export async function publishPending(store: StateStore, log: Logger): Promise<number> {
  let n = 0;
  for (const v of await store.listSeriesVersions()) {
    if (v.state !== 'done' || (await store.getPublication(v.key, v.revision, 'log', ''))) continue;
    const findings = await store.findings(v.key, v.revision);
    const fingerprint = findingsDigest(findings);
    await store.putPublication({ key: v.key, revision: v.revision, channel: 'log', target: '', state: 'sent', fingerprint, payload: JSON.stringify({ findings: findings.length }) });
    const bySeverity = { error: 0, warning: 0, info: 0 };
    for (const f of findings) bySeverity[f.severity]++;
    log.info({ series: v.key, revision: v.revision, subject: v.subject, findings: bySeverity, fingerprint }, 'would publish');
    n++;
  }
  return n;
}
