/**
 * What changed since the previous version, by fingerprint (rule + facts, never line numbers):
 * fixed (only in the previous one), still present (in both) and new (only in this one).
 */
import type { Finding } from '../../model/finding.js';

export interface VersionChanges {
  /** The previous revision compared with. */
  since: number;
  fixed: Finding[];
  stillPresent: Finding[];
  new: Finding[];
}

function byFingerprint(fs: readonly Finding[]): Map<string, Finding> {
  const m = new Map<string, Finding>();
  for (const f of fs) if (!m.has(f.fingerprint)) m.set(f.fingerprint, f);
  return m;
}

/** Each fingerprint once, in the order the findings came. */
export function compareVersions(current: readonly Finding[], previous: { revision: number; findings: readonly Finding[] }): VersionChanges {
  const now = byFingerprint(current);
  const before = byFingerprint(previous.findings);
  return {
    since: previous.revision,
    fixed: [...before.values()].filter((f) => !now.has(f.fingerprint)),
    stillPresent: [...now.values()].filter((f) => before.has(f.fingerprint)),
    new: [...now.values()].filter((f) => !before.has(f.fingerprint)),
  };
}
