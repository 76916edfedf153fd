/**
 * The `log` channel: records in the store, and logs, what would be published for a series
 * version (counts by severity and the findings' digest). Always safe: nothing leaves the machine.
 */
import { findingsDigest } from '../../engine/findings-digest.js';
import type { Channel, Outcome } from '../../model/channel.js';

export function createLogChannel(): Channel {
  return {
    id: 'log',
    async publish({ version: v, findings }, { store, log }) {
      const outcome: Outcome = { channel: 'log', published: 0, skipped: [], written: [], errors: [] };
      if (await store.getPublication(v.key, v.revision, 'log', '')) {
        outcome.skipped.push({ target: '', reason: 'already-done', why: 'already recorded' });
        return outcome;
      }
      const fingerprint = findingsDigest(findings);
      const bySeverity = { error: 0, warning: 0, info: 0 };
      for (const f of findings) bySeverity[f.severity]++;
      await store.putPublication({ key: v.key, revision: v.revision, channel: 'log', target: '', state: 'sent', fingerprint, payload: JSON.stringify(bySeverity) });
      log.info({ series: v.key, revision: v.revision, subject: v.subject, findings: bySeverity, fingerprint }, 'would publish');
      outcome.published = 1;
      return outcome;
    },
  };
}
