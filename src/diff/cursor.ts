/** Line access by offset over a diff text, and the scans that need nothing but that. */

/** Offset of the first line-anchored diff start, or -1. */
export function findStart(text: string): number {
  if (text.startsWith('diff --git ')) return 0;
  const git = text.indexOf('\ndiff --git ');
  if (git >= 0) return git + 1;
  // Plain unified diff: a `--- ` line directly followed by `+++ `, possibly led by an
  // `Index:` (CVS/SVN) or `diff -u …` line a few lines above.
  let lead = -1;
  let leadLine = -10;
  for (let pos = 0, lineNo = 0; pos < text.length; lineNo++) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0) break;
    if (text.startsWith('Index: ', pos) || text.startsWith('diff ', pos)) {
      if (lineNo - leadLine > 6) {
        lead = pos;
        leadLine = lineNo;
      }
    } else if (text.startsWith('--- ', pos) && text.startsWith('+++ ', nl + 1)) {
      return lineNo - leadLine <= 6 ? lead : pos;
    }
    pos = nl + 1;
  }
  return -1;
}

/**
 * Line access by offset: the diff is walked without splitting it into an array, so a 30 MB
 * generated header costs no per-line objects unless its hunks are asked for.
 */
export class Cursor {
  constructor(readonly text: string) {}
  /** End of the line starting at pos (index of its `\n`, or text.length). */
  eol(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl < 0 ? this.text.length : nl;
  }
  line(pos: number): string {
    const e = this.eol(pos);
    return this.text.charCodeAt(e - 1) === 13 ? this.text.slice(pos, e - 1) : this.text.slice(pos, e);
  }
  /** Start of the next line, or -1 at the end. */
  next(pos: number): number {
    const nl = this.text.indexOf('\n', pos);
    return nl < 0 || nl + 1 >= this.text.length ? -1 : nl + 1;
  }
  lineAfter(pos: number): string | undefined {
    const n = this.next(pos);
    return n < 0 ? undefined : this.line(n);
  }
}

/** Skips the literal/delta blocks of a `GIT binary patch`; returns the first position after. */
export function skipBinary(c: Cursor, from: number): number {
  let pos = from;
  while (pos >= 0) {
    const l = c.line(pos);
    if (l === '') {
      const nx = c.lineAfter(pos);
      if (nx === undefined || !(nx.startsWith('literal ') || nx.startsWith('delta '))) return c.next(pos);
    } else if (l.startsWith('diff --git ') || l === '-- ') return pos;
    pos = c.next(pos);
  }
  return pos;
}

