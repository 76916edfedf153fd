/**
 * When a series version already claimed or done is opened again (both SQL stores): its
 * assembly gained mail it did not have (a late patch, a late cover letter) and kept every mail
 * it had. A version reassembled from fewer mails (its older mail past the assembly window) is
 * left as it is: re-analysing it would lose patches. Re-opening sets it waiting, clears the
 * claim and the completions, and forgets which channels were done with it, so that it is
 * analysed and offered to every channel again (channels are idempotent per target and
 * fingerprint; the email channel sends at most one reply per version). A version reassembled
 * from the same mails (a new reply in its thread) keeps its state: see VERSION_CONFLICT.
 */

/** Does a version in `state` holding `stored` open again for the mails `next`? */
export function reopens(state: string, stored: readonly string[], next: readonly string[]): boolean {
  if (state !== 'claimed' && state !== 'done') return false;
  const had = new Set(stored);
  const now = new Set(next);
  return now.size > had.size && [...had].every((id) => now.has(id));
}

/** The publications that say a channel is done with a version (publish.ts's `<channel>#done`, target ''). */
export const DONE_MARKERS = `target = '' AND channel LIKE '%#done'`;

/**
 * The upsert's conflict clause (both SQL stores): a waiting or ready version takes the new
 * assembly whole; a claimed or done one reassembled from exactly the same mails keeps its state
 * and ready time and takes only the new series (replies and review trailers that came after it
 * was analysed: the digest and later versions see them); with other mails it is left alone.
 */
export const VERSION_CONFLICT = `ON CONFLICT (series_key, revision) DO UPDATE
  SET subject = excluded.subject, message_ids = excluded.message_ids,
      ready_at = CASE WHEN series_versions.state IN ('waiting', 'ready') THEN excluded.ready_at ELSE series_versions.ready_at END,
      series = CASE WHEN series_versions.state IN ('waiting', 'ready') THEN excluded.series ELSE COALESCE(excluded.series, series_versions.series) END
  WHERE series_versions.state IN ('waiting', 'ready') OR series_versions.message_ids = excluded.message_ids`;
