/**
 * When a series version already claimed or done is opened again (both SQL stores): its
 * assembly gained mail it did not have (a late patch, a late cover letter) and kept every mail
 * it had. A version reassembled from fewer mails (its older mail past the assembly window) is
 * left as it is: re-analysing it would lose patches. Re-opening sets it waiting, clears the
 * claim and the completions, and forgets which channels were done with it, so that it is
 * analysed and offered to every channel again (channels are idempotent per target and
 * fingerprint; the email channel sends at most one reply per version).
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
