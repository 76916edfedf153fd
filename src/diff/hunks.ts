/**
 * Hunks on demand: the scan in parse.ts records where each hunk's body is in the text;
 * parse-diff turns it into DiffLines only when someone reads `FileDiff.hunks`.
 */
import parseDiffLib from 'parse-diff';
import type { HunkHeader } from './git-headers.js';
import type { DiffLine, FileDiff, Hunk } from './model.js';
import { findAll } from '../util/find-all.js';

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

type PdChunk = ReturnType<typeof parseDiffLib>[number]['chunks'][number];

const rawOf = new WeakMap<FileDiff, RawHunk[]>();

/** The raw hunks of a file parsed by parse.ts (undefined for a FileDiff built otherwise). */
export function rawHunks(f: FileDiff): readonly RawHunk[] | undefined {
  return rawOf.get(f);
}

/**
 * Does any hunk line of the file contain `needle`? Answered from the text without building the
 * hunks, so analyzers can skip the files they have no business with at almost no cost.
 */
export function diffMentions(f: FileDiff, needle: string): boolean {
  const raw = rawOf.get(f);
  if (!raw) return f.hunks.some((h) => h.lines.some((l) => l.text.includes(needle)));
  for (const r of raw) if (firstIn(r, occurrences(r, needle)) >= 0) return true;
  return false;
}

/** Occurrences of a needle in one diff text, found once and shared by all its files and hunks. */
export function occurrences(r: RawHunk, needle: string): readonly number[] {
  let at = r.hits.get(needle);
  if (at) return at;
  at = findAll(r.text, needle);
  r.hits.set(needle, at);
  return at;
}

/** Index in `at` (the occurrences in the hunk's text) of the first one inside the hunk's body, or -1. */
export function firstIn(r: RawHunk, at: readonly number[]): number {
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((at[mid] as number) < r.bodyStart) lo = mid + 1;
    else hi = mid;
  }
  const i = at[lo];
  return i !== undefined && i < r.bodyEnd ? lo : -1;
}

/**
 * `hunks` is built on first use: most consumers need only paths and counts, and a 30 MB
 * generated header would otherwise cost a DiffLine object per line up front.
 */
export function lazyHunks(f: FileDiff, raw: RawHunk[]): void {
  rawOf.set(f, raw);
  Object.defineProperty(f, 'hunks', { enumerable: true, configurable: true, get: getHunks, set: setHunks });
}

/** Hunks built (or assigned) so far. */
const built = new WeakMap<FileDiff, Hunk[]>();

/**
 * The `hunks` accessors, the same two functions for every FileDiff, which stay accessors:
 * V8 gives objects the same hidden class only when their accessors are the same functions,
 * and turning one into a data property on first use would give it another. (A getter closure
 * per file gave every FileDiff a class of its own, so code reading `f.path` kept being thrown
 * away and compiled again.)
 */
function getHunks(this: FileDiff): Hunk[] {
  let hunks = built.get(this);
  if (!hunks) {
    hunks = toHunks(rawOf.get(this) ?? []);
    built.set(this, hunks);
  }
  return hunks;
}

function setHunks(this: FileDiff, hunks: Hunk[]): void {
  built.set(this, hunks);
}

/**
 * The DiffLines of each hunk: parse-diff reads a synthetic diff of the bodies, under `@@`
 * headers whose counts match what the scan found (so its own reading of the counts cannot drop
 * or swallow lines). Should it ever read a hunk differently from the scan, that hunk is
 * numbered by bodyLines() instead.
 */
function toHunks(raw: readonly RawHunk[]): Hunk[] {
  const parts: string[] = [];
  for (const r of raw) if (r.bodyEnd > r.bodyStart) parts.push(`@@ -${r.h.oldStart},${r.oldCount} +${r.h.newStart},${r.newCount} @@\n`, bodyText(r));
  let chunks: PdChunk[] = [];
  if (parts.length > 0) {
    try {
      chunks = parseDiffLib(parts.join(''))[0]?.chunks ?? [];
    } catch {
      chunks = [];
    }
  }
  const hunks: Hunk[] = [];
  let k = 0;
  for (const r of raw) {
    const { oldStart, oldLines, newStart, newLines } = r.h;
    let lines: DiffLine[] = [];
    if (r.bodyEnd > r.bodyStart) {
      const c = chunks[k++];
      // The body has adds + oldCount lines (the old side is its context and deleted lines).
      lines = c && c.changes.length === r.adds + r.oldCount ? fromChanges(c) : bodyLines(r);
    }
    hunks.push({ header: r.header, oldStart, oldLines, newStart, newLines, lines });
  }
  return hunks;
}

/** The body of a hunk as parse-diff should see it: no CRs, no `\ No newline` markers, ending in a newline. */
function bodyText(r: RawHunk): string {
  let body = r.text.slice(r.bodyStart, r.bodyEnd);
  if (body.includes('\r') || body.includes('\n\\') || body.charCodeAt(0) === 92) {
    body = body
      .split('\n')
      .map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l))
      .filter((l) => l.charCodeAt(0) !== 92)
      .join('\n');
  }
  return body.endsWith('\n') ? body : `${body}\n`;
}

function fromChanges(c: PdChunk): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const ch of c.changes) {
    const text = ch.content.slice(1);
    if (ch.type === 'add') lines.push({ kind: 'add', text, newLine: ch.ln });
    else if (ch.type === 'del') lines.push({ kind: 'del', text, oldLine: ch.ln });
    else lines.push({ kind: 'context', text, oldLine: ch.ln1, newLine: ch.ln2 });
  }
  return lines;
}

/**
 * The body of a raw hunk as DiffLines: kind from the first character, line numbers counted,
 * a trailing CR and `\ No newline` markers left out.
 */
function bodyLines(r: RawHunk): DiffLine[] {
  const text = r.text;
  const lines: DiffLine[] = [];
  let o = r.h.oldStart;
  let nw = r.h.newStart;
  for (let pos = r.bodyStart; pos < r.bodyEnd; ) {
    let e = text.indexOf('\n', pos);
    if (e < 0 || e > r.bodyEnd) e = r.bodyEnd;
    const end = e > pos && text.charCodeAt(e - 1) === 13 ? e - 1 : e;
    const c = end > pos ? text.charCodeAt(pos) : NaN;
    const body = text.slice(pos + 1, Math.max(pos + 1, end));
    if (c === 43) lines.push({ kind: 'add', text: body, newLine: nw++ });
    else if (c === 45) lines.push({ kind: 'del', text: body, oldLine: o++ });
    else if (c !== 92) lines.push({ kind: 'context', text: body, oldLine: o++, newLine: nw++ });
    pos = e + 1;
  }
  return lines;
}
