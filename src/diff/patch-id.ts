/**
 * The patch id `git patch-id --stable` gives a diff, computed from the diff text (no git): per
 * file (from each `diff ` line that follows a hunk: a file without hunks, such as a pure rename,
 * shares the next file's digest), SHA-1 over the file's lines with all whitespace removed,
 * leaving out `index ` lines, hunk headers (so line numbers do not count) and `\ No newline`
 * markers; the files' digests
 * are added as 160-bit little-endian numbers, so their order does not count either.
 * Binary patches get none: git's id for them is not reproduced here. Pure.
 */
import { createHash, type Hash } from 'node:crypto';

const WHITESPACE = /[ \t\n\v\f\r]+/g;
const DIGEST_BYTES = 20;
/** Characters of a run hashed at once (see `take`). */
const CHUNK = 64 * 1024;

/** Lower-case hex id, or null when the text holds no `diff ` section or a binary patch. */
export function stablePatchId(diff: string): string | null {
  const sum = new Uint8Array(DIGEST_BYTES);
  let file: Hash | null = null;
  let files = 0;
  let hunks = 0;
  const flush = (): void => {
    if (file === null) return;
    const d = file.digest();
    let carry = 0;
    for (let i = 0; i < DIGEST_BYTES; i++) {
      carry += (sum[i] ?? 0) + (d[i] ?? 0);
      sum[i] = carry & 0xff;
      carry >>= 8;
    }
    file = null;
  };
  // Runs of kept lines are hashed a span at a time (whitespace, newlines included, removed at
  // once), in pieces of at most CHUNK characters: removing whitespace piece by piece gives the
  // same bytes, and a 30 MB generated header no longer makes copies of its whole body.
  let run = -1;
  const take = (upto: number): void => {
    if (file !== null && run >= 0) {
      for (let from = run; from < upto; from += CHUNK) file.update(diff.slice(from, Math.min(upto, from + CHUNK)).replace(WHITESPACE, ''));
    }
    run = -1;
  };
  let at = 0;
  while (at < diff.length) {
    const start = at;
    const nl = diff.indexOf('\n', at);
    at = nl < 0 ? diff.length : nl + 1;
    const c = diff.charCodeAt(start);
    // Only lines starting with d, i, @, \\, G or B matter here: others are always hashed.
    if (c !== 100 && c !== 105 && c !== 64 && c !== 92 && c !== 71 && c !== 66) {
      if (file !== null && run < 0) run = start;
      continue;
    }
    // As git does, a section without hunks (a pure rename, a mode change) runs on into the next one.
    if (diff.startsWith('diff ', start) && (file === null || hunks > 0)) {
      take(start);
      flush();
      file = createHash('sha1');
      files++;
      hunks = 0;
    }
    const hunk = diff.startsWith('@@', start);
    if (hunk) hunks++;
    if (file === null || hunk || c === 92 || diff.startsWith('index ', start)) {
      take(start);
      continue;
    }
    if (diff.startsWith('GIT binary patch', start) || diff.startsWith('Binary files ', start)) return null;
    if (run < 0) run = start;
  }
  take(diff.length);
  flush();
  return files === 0 ? null : Buffer.from(sum).toString('hex');
}
