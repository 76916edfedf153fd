/**
 * A series key names a series across its versions: v1, v2 and v3 of the same work share it,
 * the revision tells them apart. b4's `change-id:` wins when the cover letter carries one;
 * otherwise the sender's address and the normalised title (cover letter, else first patch).
 */
import { createHash } from 'node:crypto';

export function seriesKey(changeId: string | null, authorAddress: string, title: string): string {
  if (changeId && /^[\w.+-]+$/.test(changeId.trim())) return `change-id:${changeId.trim()}`;
  const norm = title.toLowerCase().replace(/\s+/g, ' ').replace(/\s*\(v\d+\)\s*$/, '').trim();
  // Eight bytes as hex, not a slice of the whole digest's: a slice keeps the 64 characters alive.
  return `s-${createHash('sha256').update(`${authorAddress.toLowerCase()}\n${norm}`).digest().toString('hex', 0, 8)}`;
}

/** The assembler makes a key unique within one run as `key~2` (mail/series.ts): the same series as `key`. */
export function baseKey(key: string): string {
  return key.replace(/~\d+$/, '');
}
