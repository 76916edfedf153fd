/**
 * What changed since the previous version, as the one version tracker marked the findings
 * (engine/versions.ts, by fingerprint: rule + facts, never line numbers): fixed, still present
 * (since the revision it first appeared in) and new. Nothing is compared here.
 */
import type { Finding } from '../../model/finding.js';

export interface VersionChanges {
  /** The previous revision the reply speaks of ("changes since vN"). */
  since: number;
  fixed: Finding[];
  stillPresent: Finding[];
  new: Finding[];
}

/** Each fingerprint once, in the order the findings came. */
export function versionChanges(findings: readonly Finding[], since: number): VersionChanges {
  const seen = new Set<string>();
  const out: VersionChanges = { since, fixed: [], stillPresent: [], new: [] };
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    seen.add(f.fingerprint);
    const status = f.versions?.status;
    if (status === 'fixed') out.fixed.push(f);
    else if (status === 'still-present') out.stillPresent.push(f);
    else out.new.push(f);
  }
  return out;
}
