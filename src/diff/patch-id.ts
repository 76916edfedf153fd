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
  let at = 0;
  while (at < diff.length) {
    const nl = diff.indexOf('\n', at);
    const end = nl < 0 ? diff.length : nl;
    const line = diff.slice(at, end);
    at = end + 1;
    // As git does, a section without hunks (a pure rename, a mode change) runs on into the next one.
    if (line.startsWith('diff ') && (file === null || hunks > 0)) {
      flush();
      file = createHash('sha1');
      files++;
      hunks = 0;
    }
    if (line.startsWith('@@')) hunks++;
    if (file === null || line.startsWith('index ') || line.startsWith('@@') || line.startsWith('\\')) continue;
    if (line.startsWith('GIT binary patch') || line.startsWith('Binary files ')) return null;
    file.update(line.replace(WHITESPACE, ''));
  }
  flush();
  return files === 0 ? null : Buffer.from(sum).toString('hex');
}
