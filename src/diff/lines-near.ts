/**
 * The hunk lines around each occurrence of a needle, without building whole hunks: for
 * analyzers that look for a rare token (EXPORT_, MODULE_IMPORT_NS) in big diffs.
 */
import type { DiffLine, FileDiff, Hunk } from './model.js';
import { firstIn, occurrences, rawHunks } from './hunks.js';

/**
 * Runs of contiguous hunk lines, `before` lines ahead of each line holding `needle` and
 * `after` lines behind it, with kinds and line numbers. A hunk with a hit is walked once to
 * number its lines into a reused table of offsets; only the lines of a run become DiffLines.
 */
export function linesNear(f: FileDiff, needle: string, before: number, after: number): DiffLine[][] {
  const raw = rawHunks(f);
  if (!raw) return nearInHunks(f.hunks, needle, before, after);
  const runs: DiffLine[][] = [];
  for (const r of raw) {
    const at = occurrences(r, needle);
    let k = firstIn(r, at);
    if (k < 0) continue;
    const text = r.text;
    const hits: number[] = [];
    table.clear();
    let o = r.h.oldStart;
    let nw = r.h.newStart;
    for (let pos = r.bodyStart; pos < r.bodyEnd; ) {
      let e = text.indexOf('\n', pos);
      if (e < 0 || e > r.bodyEnd) e = r.bodyEnd;
      const c = text.charCodeAt(pos);
      if (c !== 92) {
        const end = e > pos && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
        const i = table.add(c, pos + 1, end, o, nw);
        if (c === 43) nw++;
        else if (c === 45) o++;
        else {
          o++;
          nw++;
        }
        for (; k < at.length && (at[k] as number) < e; k++) if ((at[k] as number) >= pos) hits.push(i);
      }
      pos = e + 1;
    }
    for (const [a, b] of windows(hits, table.length, before, after)) runs.push(table.lines(text, a, b));
  }
  return runs;
}

function nearInHunks(hunks: readonly Hunk[], needle: string, before: number, after: number): DiffLine[][] {
  const runs: DiffLine[][] = [];
  for (const h of hunks) {
    const hits = h.lines.flatMap((l, i) => (l.text.includes(needle) ? [i] : []));
    for (const [a, b] of windows(hits, h.lines.length, before, after)) runs.push(h.lines.slice(a, b));
  }
  return runs;
}

/** Merge the [hit-before, hit+after] windows of hits (ascending line indexes) into [a, b) runs. */
export function windows(hits: readonly number[], length: number, before: number, after: number): [number, number][] {
  const out: [number, number][] = [];
  let a = -1;
  let b = -1;
  for (const h of hits) {
    const lo = Math.max(0, h - before);
    const hi = Math.min(length, h + after + 1);
    if (a >= 0 && lo <= b) b = Math.max(b, hi);
    else {
      if (a >= 0) out.push([a, b]);
      a = lo;
      b = hi;
    }
  }
  if (a >= 0) out.push([a, b]);
  return out;
}

/** The lines of one hunk as offsets and numbers; grown as needed and reused across hunks. */
class LineTable {
  length = 0;
  private kind = new Uint8Array(1024);
  private num = new Int32Array(4 * 1024);

  clear(): void {
    this.length = 0;
  }

  /** Adds a line (first character c, text [start, end), old and new line numbers); its index. */
  add(c: number, start: number, end: number, oldLine: number, newLine: number): number {
    const i = this.length++;
    if (i >= this.kind.length) this.grow();
    this.kind[i] = c === 43 ? 1 : c === 45 ? 2 : 0;
    const n = 4 * i;
    this.num[n] = start;
    this.num[n + 1] = end;
    this.num[n + 2] = oldLine;
    this.num[n + 3] = newLine;
    return i;
  }

  /** Lines [a, b) as DiffLines, cut out of text. */
  lines(text: string, a: number, b: number): DiffLine[] {
    const out: DiffLine[] = [];
    for (let i = a; i < b; i++) {
      const n = 4 * i;
      const t = text.slice(this.num[n], this.num[n + 1]);
      const kind = this.kind[i];
      if (kind === 1) out.push({ kind: 'add', text: t, newLine: this.num[n + 3] });
      else if (kind === 2) out.push({ kind: 'del', text: t, oldLine: this.num[n + 2] });
      else out.push({ kind: 'context', text: t, oldLine: this.num[n + 2], newLine: this.num[n + 3] });
    }
    return out;
  }

  private grow(): void {
    const kind = new Uint8Array(this.kind.length * 2);
    kind.set(this.kind);
    const num = new Int32Array(this.num.length * 2);
    num.set(this.num);
    this.kind = kind;
    this.num = num;
  }
}

const table = new LineTable();
