/**
 * Hunks on demand: the scan in parse.ts records where each hunk's body is in the text;
 * parse-diff turns it into DiffLines only when someone reads `FileDiff.hunks`.
 */
import parseDiffLib from 'parse-diff';
import type { HunkHeader } from './git-headers.js';
import type { DiffLine, FileDiff, Hunk } from './model.js';

type PdChange = ReturnType<typeof parseDiffLib>[number]['chunks'][number]['changes'][number];

export interface RawHunk {
  header: string;
  h: HunkHeader;
  /** The body is text[bodyStart, bodyEnd): lines are cut out only when hunks are asked for. */
  text: string;
  bodyStart: number;
  bodyEnd: number;
  /** Shared by every hunk of one parse: where needles occur in `text` (found once). */
  hits: Map<string, number[]>;
  oldCount: number;
  newCount: number;
  adds: number;
  dels: number;
}

/** The body lines of a raw hunk, `\ No newline` markers left out. */
function bodyLines(r: RawHunk): string[] {
  if (r.bodyEnd <= r.bodyStart) return [];
  const region = r.text.slice(r.bodyStart, r.bodyEnd);
  const lines = (region.endsWith('\n') ? region.slice(0, -1) : region).split('\n');
  const out: string[] = [];
  for (const l of lines) {
    const t = l.endsWith('\r') ? l.slice(0, -1) : l;
    if (t.charCodeAt(0) !== 92) out.push(t);
  }
  return out;
}

const rawOf = new WeakMap<FileDiff, RawHunk[]>();

/**
 * Does any hunk line of the file contain `needle`? Answered from the text without building the
 * hunks, so analyzers can skip the files they have no business with at almost no cost.
 */
export function diffMentions(f: FileDiff, needle: string): boolean {
  const raw = rawOf.get(f);
  if (!raw) return f.hunks.some((h) => h.lines.some((l) => l.text.includes(needle)));
  return raw.some((r) => firstHit(r, needle) >= 0);
}

/** Occurrences of a needle in one diff text, found once and shared by all its files and hunks. */
function occurrences(r: RawHunk, needle: string): number[] {
  let at = r.hits.get(needle);
  if (at) return at;
  at = [];
  for (let i = r.text.indexOf(needle); i >= 0; i = r.text.indexOf(needle, i + 1)) at.push(i);
  r.hits.set(needle, at);
  return at;
}

/** First occurrence of needle inside the hunk body, or -1 (binary search, no rescans). */
function firstHit(r: RawHunk, needle: string): number {
  const at = occurrences(r, needle);
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((at[mid] as number) < r.bodyStart) lo = mid + 1;
    else hi = mid;
  }
  const i = at[lo];
  return i !== undefined && i < r.bodyEnd ? i : -1;
}

/**
 * `hunks` is built on first use: most consumers need only paths and counts, and a 30 MB
 * generated header would otherwise cost a DiffLine object per line up front.
 */
export function lazyHunks(f: FileDiff, raw: RawHunk[]): void {
  rawOf.set(f, raw);
  Object.defineProperty(f, 'hunks', {
    enumerable: true,
    configurable: true,
    get(this: FileDiff): Hunk[] {
      const hunks = toHunks(raw);
      Object.defineProperty(this, 'hunks', { value: hunks, enumerable: true, writable: true, configurable: true });
      return hunks;
    },
  });
}

/** Runs parse-diff on the hunks (counts corrected) and converts its changes. */
function toHunks(raw: RawHunk[]): Hunk[] {
  const parts: string[] = [];
  const bodies = raw.map(bodyLines);
  raw.forEach((r, k) => {
    const body = bodies[k] as string[];
    if (body.length === 0) return;
    parts.push(`@@ -${r.h.oldStart},${r.oldCount} +${r.h.newStart},${r.newCount} @@`);
    for (const l of body) parts.push(l);
  });
  let chunks: ReturnType<typeof parseDiffLib>[number]['chunks'] = [];
  if (parts.length > 0) {
    try {
      chunks = parseDiffLib(parts.join('\n'))[0]?.chunks ?? [];
    } catch {
      chunks = [];
    }
  }
  let k = 0;
  return raw.map((r, idx): Hunk => {
    const body = bodies[idx] as string[];
    let lines: DiffLine[] = [];
    if (body.length > 0) {
      const c = chunks[k++];
      lines = c && c.changes.length === body.length ? c.changes.map(fromChange) : ownLines(r, body);
    }
    const { oldStart, oldLines, newStart, newLines } = r.h;
    return { header: r.header, oldStart, oldLines, newStart, newLines, lines };
  });
}

function fromChange(ch: PdChange): DiffLine {
  const text = ch.content.slice(1);
  if (ch.type === 'add') return { kind: 'add', text, newLine: ch.ln };
  if (ch.type === 'del') return { kind: 'del', text, oldLine: ch.ln };
  return { kind: 'context', text, oldLine: ch.ln1, newLine: ch.ln2 };
}

/** Fallback should parse-diff ever disagree with the scan: number the lines ourselves. */
function ownLines(r: RawHunk, body: string[]): DiffLine[] {
  let o = r.h.oldStart;
  let nw = r.h.newStart;
  return body.map((l): DiffLine => {
    const c = l.charCodeAt(0);
    if (c === 43) return { kind: 'add', text: l.slice(1), newLine: nw++ };
    if (c === 45) return { kind: 'del', text: l.slice(1), oldLine: o++ };
    return { kind: 'context', text: l.slice(1), oldLine: o++, newLine: nw++ };
  });
}

/**
 * The hunk lines around each occurrence of `needle`: runs of contiguous lines (`before` lines
 * ahead of a hit, `after` lines behind it), with kinds and line numbers, without building the
 * whole hunk. For analyzers that look for a rare token (EXPORT_, MODULE_IMPORT_NS) in big diffs.
 */
export function linesNear(f: FileDiff, needle: string, before: number, after: number): DiffLine[][] {
  const raw = rawOf.get(f);
  if (!raw) return nearInHunks(f.hunks, needle, before, after);
  const runs: DiffLine[][] = [];
  for (const r of raw) {
    const first = firstHit(r, needle);
    if (first < 0) continue;
    const lines: DiffLine[] = [];
    const hits: number[] = [];
    let o = r.h.oldStart;
    let nw = r.h.newStart;
    let pos = r.bodyStart;
    let next = first;
    while (pos < r.bodyEnd) {
      let e = r.text.indexOf('\n', pos);
      if (e < 0 || e > r.bodyEnd) e = r.bodyEnd;
      const c = r.text.charCodeAt(pos);
      if (c !== 92) {
        const end = e > pos && r.text.charCodeAt(e - 1) === 13 ? e - 1 : e;
        // Only the lines that end up in a run are cut out of the text; the others stay offsets.
        const line: DiffLine = c === 43 ? { kind: 'add', text: '', newLine: nw++ } : c === 45 ? { kind: 'del', text: '', oldLine: o++ } : { kind: 'context', text: '', oldLine: o++, newLine: nw++ };
        (line as { start?: number }).start = pos;
        (line as { end?: number }).end = end;
        lines.push(line);
        while (next >= 0 && next < e) {
          if (next >= pos) hits.push(lines.length - 1);
          next = r.text.indexOf(needle, next + 1);
          if (next >= r.bodyEnd) next = -1;
        }
      }
      pos = e + 1;
    }
    runs.push(...windows(lines, hits, before, after).map((w) => w.map((l) => cut(r.text, l))));
  }
  return runs;
}

function cut(text: string, l: DiffLine): DiffLine {
  const { start, end, ...rest } = l as DiffLine & { start: number; end: number };
  return { ...rest, text: text.slice(start + 1, end) };
}

function nearInHunks(hunks: readonly Hunk[], needle: string, before: number, after: number): DiffLine[][] {
  const runs: DiffLine[][] = [];
  for (const h of hunks) {
    const hits = h.lines.flatMap((l, i) => (l.text.includes(needle) ? [i] : []));
    runs.push(...windows(h.lines, hits, before, after));
  }
  return runs;
}

/** Merge [hit-before, hit+after] windows into contiguous runs. */
function windows<T>(lines: readonly T[], hits: readonly number[], before: number, after: number): T[][] {
  const out: T[][] = [];
  let a = -1;
  let b = -1;
  for (const h of hits) {
    const lo = Math.max(0, h - before);
    const hi = Math.min(lines.length, h + after + 1);
    if (a >= 0 && lo <= b) b = Math.max(b, hi);
    else {
      if (a >= 0) out.push(lines.slice(a, b));
      a = lo;
      b = hi;
    }
  }
  if (a >= 0) out.push(lines.slice(a, b));
  return out;
}

/**
 * Every added and removed line of a file with its line number (new side for added, old side
 * for removed), cut from the text one at a time: no hunk objects, no parse-diff pass. For
 * analyzers that read whole headers.
 */
export function forEachChange(
  f: FileDiff,
  visit: (kind: 'add' | 'del', text: string, line: number) => void,
  /** Looked at before a line is cut out: its kind and first character (NaN for an empty line). */
  wants: (kind: 'add' | 'del', firstChar: number) => boolean = () => true,
): void {
  const raw = rawOf.get(f);
  if (!raw) {
    for (const h of f.hunks) {
      for (const l of h.lines) if (l.kind !== 'context' && wants(l.kind, l.text.charCodeAt(0))) visit(l.kind, l.text, (l.kind === 'add' ? l.newLine : l.oldLine) ?? 0);
    }
    return;
  }
  for (const r of raw) {
    let o = r.h.oldStart;
    let nw = r.h.newStart;
    for (let pos = r.bodyStart; pos < r.bodyEnd; ) {
      let e = r.text.indexOf('\n', pos);
      if (e < 0 || e > r.bodyEnd) e = r.bodyEnd;
      const c = r.text.charCodeAt(pos);
      const end = e > pos && r.text.charCodeAt(e - 1) === 13 ? e - 1 : e;
      const first = pos + 1 < end ? r.text.charCodeAt(pos + 1) : NaN;
      if (c === 43) {
        if (wants('add', first)) visit('add', r.text.slice(pos + 1, end), nw);
        nw++;
      } else if (c === 45) {
        if (wants('del', first)) visit('del', r.text.slice(pos + 1, end), o);
        o++;
      } else if (c !== 92) {
        o++;
        nw++;
      }
      pos = e + 1;
    }
  }
}
