/**
 * The digest of a set of findings: the `fp=` of the hidden marker every published artifact
 * carries (`kvetch:v1 series=<key> rev=<n> fp=<digest>`). Order and duplicates do not matter;
 * it is the same computation as the log channel's (src/daemon/publish-log.ts).
 */
import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';

export function findingsDigest(findings: readonly Pick<Finding, 'fingerprint'>[]): string {
  return createHash('sha256')
    .update([...new Set(findings.map((f) => f.fingerprint))].sort().join('\n'))
    .digest('hex')
    .slice(0, 32);
}
