/**
 * Findings across versions of a series. When the input holds several revisions of one series
 * key, each finding of the newest revision is marked new or still present since vN (matched by
 * fingerprint, which never contains line numbers), and each finding of an older revision that
 * the newest one lacks is reported once as fixed in the newest revision.
 */
import type { Series } from '../model/series.js';
import type { Finding } from '../model/finding.js';

export function markVersions(series: readonly Series[], findings: readonly Finding[]): Finding[] {
  const revisions = new Map<string, number[]>();
  for (const s of series) revisions.set(s.key, [...(revisions.get(s.key) ?? []), s.revision]);
  const multi = new Map<string, number[]>();
  for (const [key, revs] of revisions) {
    const distinct = [...new Set(revs)].sort((a, b) => a - b);
    if (distinct.length > 1) multi.set(key, distinct);
  }
  if (multi.size === 0 || findings.length === 0) return [...findings];
  // Per series key and fingerprint: the revisions it occurs in.
  const seen = new Map<string, Map<string, Set<number>>>();
  for (const f of findings) {
    if (!multi.has(f.subject.key) || f.fatal) continue;
    const byFp = seen.get(f.subject.key) ?? new Map<string, Set<number>>();
    byFp.set(f.fingerprint, (byFp.get(f.fingerprint) ?? new Set()).add(f.subject.revision));
    seen.set(f.subject.key, byFp);
  }
  const out: Finding[] = [];
  const fixed = new Set<string>();
  for (const f of findings) {
    const revs = multi.get(f.subject.key);
    if (!revs || f.fatal) {
      out.push(f);
      continue;
    }
    const newest = revs[revs.length - 1] as number;
    const inRevs = seen.get(f.subject.key)?.get(f.fingerprint) ?? new Set<number>();
    if (f.subject.revision === newest) {
      const first = Math.min(...inRevs);
      out.push({ ...f, versions: first < newest ? { status: 'still-present', since: first } : { status: 'new' } });
    } else {
      out.push(f);
      const id = `${f.subject.key}\n${f.fingerprint}`;
      if (!inRevs.has(newest) && !fixed.has(id)) {
        fixed.add(id);
        out.push({
          ...f,
          severity: 'info',
          message: `fixed in v${newest}: ${f.message}`,
          subject: { key: f.subject.key, revision: newest },
          versions: { status: 'fixed', since: Math.min(...inRevs), fixedIn: newest },
        });
      }
    }
  }
  return out;
}
