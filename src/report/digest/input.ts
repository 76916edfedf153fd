/**
 * What a digest is built from: series versions with their findings, however they were obtained
 * (the daemon's store, collect.ts; or a one-off `triage()` run over files, from-run.ts).
 */
import type { Finding } from '../../model/finding.js';
import type { Series } from '../../model/series.js';
import type { DigestSeries } from './model.js';

/**
 * A series version as the digest shows it (its identity, subject, author, date of its first
 * mail, patch count and links: the digest's own fields), with everything it touches and found.
 * A version without a usable date is in no period.
 */
export type DigestVersion = Pick<DigestSeries, 'key' | 'revision' | 'subject' | 'author' | 'sender' | 'date' | 'patches' | 'links' | 'review'> & {
  /** Every path its patches touch (new and old names). */
  files: string[];
  /** Its findings, marked against older versions (engine/versions.ts). */
  findings: readonly Finding[];
};

export interface DigestInput {
  /** Every version known, whatever its date: states (superseded by vN) need the newer ones. */
  versions: DigestVersion[];
}

/** A series' review summary as the digest shows it; absent when the series was assembled without trailers. */
export function digestReview(s: Series): Pick<DigestSeries, 'review'> {
  return s.review ? { review: { reviewed: s.review.reviewed, of: s.review.total, by: [...s.review.by] } } : {};
}
