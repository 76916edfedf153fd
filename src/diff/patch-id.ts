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

const DIGEST_BYTES = 20;
/** Characters of a run encoded and hashed at once (see `hashKept`). */
const PIECE = 64 * 1024;
/** One buffer per thread, room for a piece's UTF-8 (3 bytes a UTF-16 unit at most). */
const piece = Buffer.alloc(PIECE * 3);

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
  // Runs of kept lines are hashed a span at a time, whitespace (newlines included) left out,
  // through one reused buffer. A regex replace per piece and hashing its string were a quarter
  // of a worker's time on the corpus.
  let run = -1;
  const take = (upto: number): void => {
    if (file !== null && run >= 0) hashKept(file, diff, run, upto);
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

/**
 * Hashes `s[from, upto)` as `Buffer.from(…, 'utf8')` encodes it (a lone surrogate as U+FFFD),
 * leaving out space, tab, newline, vertical tab, form feed and carriage return: a piece at a
 * time is encoded into the buffer (native, no string made) and its whitespace squeezed out in place.
 */
function hashKept(hash: Hash, s: string, from: number, upto: number): void {
  for (let at = from; at < upto; ) {
    let to = Math.min(upto, at + PIECE);
    // A piece never ends between the two halves of a surrogate pair.
    if (to < upto && (s.charCodeAt(to - 1) & 0xfc00) === 0xd800) to--;
    const len = piece.write(s.slice(at, to), 0, 'utf8');
    let n = 0;
    for (let i = 0; i < len; i++) {
      const c = piece[i] as number;
      if (c === 32 || (c >= 9 && c <= 13)) continue;
      piece[n++] = c;
    }
    hash.update(piece.subarray(0, n));
    at = to;
  }
}
