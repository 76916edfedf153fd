/**
 * The added and removed lines of a file, one at a time, straight from the diff text: no hunk
 * objects, no parse-diff pass, nothing cut out. Header analyzers read every changed line of
 * whole headers and skip most of them on their first character, so they slice only the
 * lines they keep.
 *
 * A cursor rather than a callback: V8 inlines a callback into the optimized loop as a
 * constant, and a fresh closure per file throws that code away and compiles it again.
 */
import type { DiffLine, FileDiff } from './model.js';
import { rawHunks, type RawHunk } from './hunks.js';

export class ChangeCursor {
  kind: 'add' | 'del' = 'add';
  /** The line is text[start, end): without its `+`/`-` and without a trailing CR. */
  text = '';
  start = 0;
  end = 0;
  /** New-side line number of an added line, old-side of a removed one. */
  line = 0;

  private raw: readonly RawHunk[] = [];
  private hunk = -1;
  private pos = 0;
  private bodyEnd = 0;
  private oldLine = 0;
  private newLine = 0;
  /** A FileDiff not made by parse.ts: its built hunks' changed lines, and the next one. */
  private built: readonly DiffLine[] | null = null;
  private at = 0;

  constructor(f?: FileDiff) {
    if (f) this.reset(f);
  }

  /**
   * Starts over on another file. A reader of many files can keep one cursor: V8 may drop the
   * hidden class of objects that are all gone between two files, and with it the optimized
   * code that reads them.
   */
  reset(f: FileDiff): this {
    const raw = rawHunks(f);
    this.raw = raw ?? [];
    this.built = raw ? null : f.hunks.flatMap((h) => h.lines.filter((l) => l.kind !== 'context'));
    this.hunk = -1;
    this.pos = 0;
    this.bodyEnd = 0;
    this.at = 0;
    return this;
  }

  /** Moves to the next added or removed line, in text order; false at the end. */
  next(): boolean {
    if (this.built) return this.nextBuilt(this.built);
    for (;;) {
      const text = this.text;
      while (this.pos < this.bodyEnd) {
        const pos = this.pos;
        let e = text.indexOf('\n', pos);
        if (e < 0 || e > this.bodyEnd) e = this.bodyEnd;
        this.pos = e + 1;
        const c = text.charCodeAt(pos);
        if (c === 43 || c === 45) {
          this.start = pos + 1;
          this.end = Math.max(pos + 1, e > pos && text.charCodeAt(e - 1) === 13 ? e - 1 : e);
          if (c === 43) {
            this.kind = 'add';
            this.line = this.newLine++;
          } else {
            this.kind = 'del';
            this.line = this.oldLine++;
          }
          return true;
        }
        if (c !== 92) {
          this.oldLine++;
          this.newLine++;
        }
      }
      const r = this.raw[++this.hunk];
      if (!r) return false;
      this.text = r.text;
      this.pos = r.bodyStart;
      this.bodyEnd = r.bodyEnd;
      this.oldLine = r.h.oldStart;
      this.newLine = r.h.newStart;
    }
  }

  private nextBuilt(lines: readonly DiffLine[]): boolean {
    const l = lines[this.at++];
    if (!l) return false;
    this.kind = l.kind === 'add' ? 'add' : 'del';
    this.text = l.text;
    this.start = 0;
    this.end = l.text.length;
    this.line = (l.kind === 'add' ? l.newLine : l.oldLine) ?? 0;
    return true;
  }
}
