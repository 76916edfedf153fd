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

/**
 * markVersions in three steps, for a run that cannot hold all its findings (`kvetch check` on a
 * big archive): `revisions` of every analysed series first, then `saw` every finding (only
 * their fingerprints are kept, and only for keys with several revisions), then `mark` each
 * finding in report order, and `past` for the stored versions' fixed entries at the end.
 */
export class VersionMarker {
  /** The revision of each key seen with one so far (nearly all keys of an archive)… */
  private readonly one = new Map<string, number>();
  /** …and the revisions of the keys seen with several. */
  private readonly several = new Map<string, Set<number>>();
  private multi: Map<string, number[]> | null = null;
  private pastFindings: Finding[] = [];
  /** Per series key and fingerprint: the revisions it occurs in. */
  private readonly seen = new Map<string, Map<string, Set<number>>>();
  private readonly fixed = new Set<string>();

  constructor(private readonly history: readonly VersionFindings[] = []) {}

  /** Step 1, once per analysed series. */
  series(key: string, revision: number): void {
    const one = this.one.get(key);
    if (one === undefined) {
      const revs = this.several.get(key);
      if (revs) revs.add(revision);
      else this.one.set(key, revision);
    } else if (one !== revision) {
      this.one.delete(key);
      this.several.set(key, new Set([one, revision]));
    }
  }

  private revisionsOf(key: string): number[] {
    const one = this.one.get(key);
    return one !== undefined ? [one] : [...(this.several.get(key) ?? [])];
  }

  /** Keys with several revisions, newest last: fixed once every series was given. */
  private keys(): Map<string, number[]> {
    if (this.multi) return this.multi;
    // Only versions older than the newest one in the input: a newer one is not this run's to mark.
    const older = this.history.filter((h) => h.revision < Math.max(...this.revisionsOf(h.key)));
    for (const h of older) this.series(h.key, h.revision);
    const multi = new Map<string, number[]>();
    for (const [key, revs] of this.several) multi.set(key, [...revs].sort((a, b) => a - b));
    this.multi = multi;
    this.pastFindings = older.flatMap((h) => h.findings.filter((f) => !f.fatal && f.versions?.status !== 'fixed').map((f) => ({ ...f, subject: { ...f.subject, key: h.key, revision: h.revision } })));
    for (const f of this.pastFindings) this.saw(f);
    return multi;
  }

  /** Step 2, once per finding (before any is marked). */
  saw(f: Finding): void {
    if (!this.keys().has(f.subject.key) || f.fatal) return;
    const byFp = this.seen.get(f.subject.key) ?? new Map<string, Set<number>>();
    byFp.set(f.fingerprint, (byFp.get(f.fingerprint) ?? new Set()).add(f.subject.revision));
    this.seen.set(f.subject.key, byFp);
  }

  /** Step 3: the finding as reported, and after it the fixed entry it makes, if any. */
  mark(f: Finding): Finding[] {
    const revs = this.keys().get(f.subject.key);
    if (!revs || f.fatal) return [f];
    const newest = revs[revs.length - 1] as number;
    const inRevs = this.seen.get(f.subject.key)?.get(f.fingerprint) ?? new Set<number>();
    if (f.subject.revision === newest) {
      const first = Math.min(...inRevs);
      return [{ ...f, versions: first < newest ? { status: 'still-present', since: first } : { status: 'new' } }];
    }
    return [f, ...this.fixedEntry(f, newest, inRevs)];
  }

  /** Step 4: fixed entries for the stored versions' findings the newest one lacks. */
  past(): Finding[] {
    const multi = this.keys();
    return this.pastFindings.flatMap((f) => {
      const revs = multi.get(f.subject.key) as number[];
      return this.fixedEntry(f, revs[revs.length - 1] as number, this.seen.get(f.subject.key)?.get(f.fingerprint) ?? new Set());
    });
  }

  private fixedEntry(f: Finding, newest: number, inRevs: ReadonlySet<number>): Finding[] {
    const id = `${f.subject.key}\n${f.fingerprint}`;
    if (inRevs.has(newest) || this.fixed.has(id)) return [];
    this.fixed.add(id);
    return [
      {
        ...f,
        severity: 'info',
        message: `fixed in v${newest}: ${f.message}`,
        subject: { key: f.subject.key, revision: newest },
        versions: { status: 'fixed', since: Math.min(...inRevs), fixedIn: newest, severity: f.severity },
      },
    ];
  }
}

export function markVersions(series: readonly Series[], findings: readonly Finding[], history: readonly VersionFindings[] = []): Finding[] {
  const marker = new VersionMarker(history);
  for (const s of series) marker.series(s.key, s.revision);
  for (const f of findings) marker.saw(f);
  return [...findings.flatMap((f) => marker.mark(f)), ...marker.past()];
}
