/**
 * The one-line review summary of a series, shared by the terminal report, the list reply and
 * the digest: `2/3 patches reviewed by A <a@x>, B <b@y>; 1 trailer reported, 1 ignored`.
 */
import type { SeriesReview } from '../../model/trailer.js';

/** Null when nothing was collected (no review trailer, none reported, none ignored). */
export function reviewLine(r: SeriesReview | undefined): string | null {
  if (r === undefined || (r.reviewed === 0 && r.reported === 0 && r.ignored === 0)) return null;
  let line = `${r.reviewed}/${r.total} ${r.total === 1 ? 'patch' : 'patches'} reviewed`;
  if (r.by.length > 0) line += ` by ${r.by.join(', ')}`;
  const notes: string[] = [];
  if (r.reported > 0) notes.push(`${r.reported} ${r.reported === 1 ? 'trailer' : 'trailers'} reported, not applied`);
  if (r.ignored > 0) notes.push(`${r.ignored} ignored as malformed`);
  return notes.length > 0 ? `${line}; ${notes.join(', ')}` : line;
}
