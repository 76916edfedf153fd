/**
 * What a list reply says of review: the series' review line, and every patch with an open error
 * finding that already carries a Reviewed-by or Acked-by (worth a second look before it is applied).
 */
import type { Finding } from '../../model/finding.js';
import type { Series } from '../../model/series.js';
import { approvals, trailerWho } from '../../mail/series-trailers.js';
import { reviewLine } from '../format/review.js';

/** Sentences (unwrapped), none when the series has no review to speak of. */
export function reviewNotes(series: Series, findings: readonly Finding[]): string[] {
  const out: string[] = [];
  const line = reviewLine(series.review);
  if (line !== null) out.push(`Review so far: ${line}.`);
  const total = Math.max(series.total, series.patches.length);
  for (const p of series.patches) {
    const errors = findings.filter((f) => f.severity === 'error' && f.versions?.status !== 'fixed' && f.subject.patch === p.index).length;
    const given = approvals(p).map((t) => `${t.key}: ${trailerWho(t)}`);
    if (errors === 0 || given.length === 0) continue;
    out.push(`Patch ${p.index}/${total} carries ${[...new Set(given)].join(', ')}, yet has ${errors === 1 ? 'an open error' : `${errors} open errors`} below: worth a second look before it is applied.`);
  }
  return out;
}
