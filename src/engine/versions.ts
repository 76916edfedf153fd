/**
 * Findings across versions of a series: the one version tracker, for the CLI (several
 * revisions in one input) and the daemon (older revisions' findings from its store, `history`).
 * When a series key has several revisions, each finding of the newest one is marked new or
 * still present since vN (matched by fingerprint, which never contains line numbers), and each
 * finding of an older revision that the newest one lacks is reported once as fixed in the
 * newest revision: severity info (a fix never fails a gate), the severity it had kept in
 * `versions.severity`. Findings of `history` are compared with, never reported again.
 */
import type { Finding } from '../model/finding.js';
import type { Series } from '../model/series.js';

/** The findings of one analysed version, as a store keeps them. */
export interface VersionFindings {
  key: string;
  revision: number;
  findings: readonly Finding[];
}

const FIXED_PREFIX = /^fixed in v\d+: /;

/** A finding's message as its analyzer wrote it (a fixed one's without the `fixed in vN: ` it was given here). */
export function originalMessage(f: Pick<Finding, 'message' | 'versions'>): string {
  return f.versions?.status === 'fixed' ? f.message.replace(FIXED_PREFIX, '') : f.message;
}

export function markVersions(series: readonly Series[], findings: readonly Finding[], history: readonly VersionFindings[] = []): Finding[] {
  const revisions = new Map<string, Set<number>>();
  for (const s of series) revisions.set(s.key, (revisions.get(s.key) ?? new Set()).add(s.revision));
  // Only versions older than the newest one in the input: a newer one is not this run's to mark.
  const older = history.filter((h) => h.revision < Math.max(...(revisions.get(h.key) ?? [])));
  for (const h of older) revisions.get(h.key)?.add(h.revision);
  const multi = new Map<string, number[]>();
  for (const [key, revs] of revisions) if (revs.size > 1) multi.set(key, [...revs].sort((a, b) => a - b));
  const past = older.flatMap((h) => h.findings.filter((f) => !f.fatal && f.versions?.status !== 'fixed').map((f) => ({ ...f, subject: { ...f.subject, key: h.key, revision: h.revision } })));
  if (multi.size === 0 || (findings.length === 0 && past.length === 0)) return [...findings];
  // Per series key and fingerprint: the revisions it occurs in.
  const seen = new Map<string, Map<string, Set<number>>>();
  for (const f of [...findings, ...past]) {
    if (!multi.has(f.subject.key) || f.fatal) continue;
    const byFp = seen.get(f.subject.key) ?? new Map<string, Set<number>>();
    byFp.set(f.fingerprint, (byFp.get(f.fingerprint) ?? new Set()).add(f.subject.revision));
    seen.set(f.subject.key, byFp);
  }
  const out: Finding[] = [];
  const fixed = new Set<string>();
  const fixedEntry = (f: Finding, newest: number, inRevs: ReadonlySet<number>): void => {
    const id = `${f.subject.key}\n${f.fingerprint}`;
    if (inRevs.has(newest) || fixed.has(id)) return;
    fixed.add(id);
    out.push({
      ...f,
      severity: 'info',
      message: `fixed in v${newest}: ${f.message}`,
      subject: { key: f.subject.key, revision: newest },
      versions: { status: 'fixed', since: Math.min(...inRevs), fixedIn: newest, severity: f.severity },
    });
  };
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
      fixedEntry(f, newest, inRevs);
    }
  }
  for (const f of past) {
    const revs = multi.get(f.subject.key) as number[];
    fixedEntry(f, revs[revs.length - 1] as number, seen.get(f.subject.key)?.get(f.fingerprint) ?? new Set());
  }
  return out;
}
