/**
 * Diff parsing: a wrapper around the `parse-diff` package that adds what it lacks.
 *
 * parse-diff decides hunk extents from the `@@` counts (a short count drops lines, a long one
 * swallows the next file), throws on a stray `\ No newline`, and knows no git extended headers.
 * So this module splits the text into file sections and hunks itself (linear scan, no regex),
 * reads the headers with ./git-headers.ts, and hands parse-diff one synthetic diff per file
 * whose `@@` counts match the bodies found (./hunks.ts, on first use); its changes become our
 * DiffLines. Nothing of parse-diff leaves the diff/ folder.
 */
import { Cursor, findStart, skipBinary } from './cursor.js';
import type { DiffProblem, FileDiff, FileStatus, ParsedDiff } from './model.js';
import { lazyHunks, type RawHunk } from './hunks.js';
import {
  applyHeaderLine,
  isBodyLine,
  fileLineName,
  gitLineNames,
  newSection,
  parseHunkHeader,
  type HunkHeader,
  type SectionHeaders,
} from './git-headers.js';


interface Section {
  hd: SectionHeaders;
  hunks: RawHunk[];
}

/** Parses the diff part of a patch mail (text before the diff is ignored). Never throws. */
export function parseDiff(text: string): ParsedDiff {
  const problems: DiffProblem[] = [];
  let files: FileDiff[] = [];
  try {
    if (typeof text === 'string') files = parseFrom(text, findStart(text), problems);
  } catch (err) {
    problems.push({ kind: 'malformed-header', message: `diff parser failed: ${String(err)}` });
  }
  if (files.length === 0) problems.push({ kind: 'no-files', message: 'no file diff found in the text' });
  return { files, problems };
}

/** A plain section still collecting its header (an `Index:` or `diff -u` line so far). */
function isFresh(sec: Section | null): sec is Section {
  return sec !== null && !sec.hd.git && sec.hunks.length === 0 && sec.hd.minus === undefined && !sec.hd.binary;
}

function parseFrom(text: string, start: number, problems: DiffProblem[]): FileDiff[] {
  if (start < 0) return [];
  const cur0 = new Cursor(text);
  const hits = new Map<string, number[]>();
  const sections: Section[] = [];
  let cur: Section | null = null;
  const open = (git: boolean): Section => {
    const s: Section = { hd: newSection(git), hunks: [] };
    sections.push(s);
    return s;
  };
  let pos = start;
  while (pos >= 0) {
    const line = cur0.line(pos);
    const c0 = line.charCodeAt(0);
    if (c0 === 100 && line.startsWith('diff ')) {
      if (line.startsWith('diff --git ')) {
        cur = open(true);
        [cur.hd.gitOld, cur.hd.gitNew] = gitLineNames(line.slice(11));
      } else if (!isFresh(cur)) cur = open(false);
      pos = cur0.next(pos);
    } else if (c0 === 73 && line.startsWith('Index: ')) {
      if (!isFresh(cur)) cur = open(false);
      cur.hd.indexName = line.slice(7).trim() || undefined;
      pos = cur0.next(pos);
    } else if (c0 === 45) {
      if (line === '-- ' || line === '--') break; // mail signature
      const next = cur0.lineAfter(pos);
      if (line.startsWith('--- ') && next !== undefined && next.startsWith('+++ ')) {
        if (!cur || cur.hunks.length > 0 || cur.hd.minus !== undefined || (!cur.hd.git && cur.hd.binary)) {
          cur = open(false);
        }
        cur.hd.minus = fileLineName(line.slice(4), 'a/');
        cur.hd.plus = fileLineName(next.slice(4), 'b/');
        pos = cur0.next(cur0.next(pos));
      } else pos = cur0.next(pos);
    } else if (c0 === 64 && line.startsWith('@@')) {
      const h = parseHunkHeader(line);
      if (!h || !cur) {
        problems.push({ kind: 'malformed-header', message: `bad hunk header: ${line.slice(0, 200)}` });
        pos = cur0.next(pos);
        continue;
      }
      const r = scanHunk(cur0, pos, line, h, hits);
      cur.hunks.push(r.hunk);
      pos = r.next;
      if (r.stop) break;
    } else if (cur && line === 'GIT binary patch') {
      cur.hd.binary = true;
      pos = skipBinary(cur0, cur0.next(pos));
    } else {
      if (cur && c0 === 66 && line.startsWith('Binary files ') && !cur.hd.git && !isFresh(cur)) {
        cur = open(false); // `diff -r` prints these without a `diff` line of their own
      }
      if (cur && cur.hunks.length === 0) applyHeaderLine(cur.hd, line);
      pos = cur0.next(pos);
    }
  }
  const files: FileDiff[] = [];
  for (const sec of sections) {
    const f = buildFile(sec, problems);
    if (f) files.push(f);
  }
  return files;
}

/**
 * Walks the body of the hunk whose header is at pos; see the module comment. Hot path: it
 * looks at first characters only and cuts no line strings out of the text.
 */
function scanHunk(c: Cursor, pos: number, header: string, h: HunkHeader, hits: Map<string, number[]>): { hunk: RawHunk; next: number; stop: boolean } {
  const text = c.text;
  const len = text.length;
  let o = 0;
  let nw = 0;
  let adds = 0;
  let dels = 0;
  let stop = false;
  const bodyStart = c.next(pos);
  let j = bodyStart;
  let bodyEnd = bodyStart < 0 ? len : bodyStart;
  while (j >= 0) {
    const e = c.eol(j);
    const next = e + 1 < len ? e + 1 : -1;
    const end = e > j && text.charCodeAt(e - 1) === 13 ? e - 1 : e; // without a CR
    const ch = end > j ? text.charCodeAt(j) : -1;
    const inCount = o < h.oldLines || nw < h.newLines;
    if (ch === 92) {
      bodyEnd = e + 1;
      j = next;
      continue; // `\ No newline at end of file`
    }
    if (ch === 32 || (ch === -1 && inCount)) {
      o++;
      nw++;
    } else if (ch === 43) {
      nw++;
      adds++;
    } else if (ch === 45) {
      const sig = (end - j === 3 && text.startsWith('-- ', j)) || (end - j === 2 && text.charCodeAt(j + 1) === 45);
      if (sig) {
        // Outside the count it is the signature; inside, it is a deleted `- ` line only if
        // it completes the count or more body follows (a truncated hunk otherwise).
        const completes = o + 1 === h.oldLines && nw >= h.newLines;
        if (!inCount || (!completes && !isBodyLine(c.lineAfter(j)))) {
          stop = true;
          break;
        }
      } else if (!inCount && text.startsWith('--- ', j) && next >= 0 && text.startsWith('+++ ', next)) {
        break; // next file of a plain diff
      }
      o++;
      dels++;
    } else break;
    bodyEnd = e + 1;
    j = next;
  }
  const hunk: RawHunk = { header, h, text, hits, bodyStart: bodyStart < 0 ? len : bodyStart, bodyEnd: Math.min(bodyEnd, len), oldCount: o, newCount: nw, adds, dels };
  return { hunk, next: j, stop };
}

function buildFile(sec: Section, problems: DiffProblem[]): FileDiff | null {
  const hd = sec.hd;
  if (!hd.git && sec.hunks.length === 0 && !hd.binary) return null; // e.g. a lone `Index:`
  const fallbackOld = hd.git ? hd.gitOld : (hd.binaryOld ?? hd.indexName ?? null);
  const fallbackNew = hd.git ? hd.gitNew : (hd.binaryNew ?? hd.indexName ?? null);
  let oldPath = hd.renameFrom ?? hd.copyFrom ?? (hd.minus !== undefined ? hd.minus : fallbackOld);
  let newPath = hd.renameTo ?? hd.copyTo ?? (hd.plus !== undefined ? hd.plus : fallbackNew);
  if (hd.git && hd.binary && hd.minus === undefined && hd.binaryOld === null) oldPath = null;
  if (hd.git && hd.binary && hd.plus === undefined && hd.binaryNew === null) newPath = null;
  if (hd.newFile) oldPath = null;
  if (hd.deletedFile) newPath = null;
  const path = newPath ?? oldPath;
  if (path === null) {
    problems.push({ kind: 'malformed-header', message: 'file section without a usable path' });
    return null;
  }
  let status: FileStatus = 'modified';
  if (oldPath === null) status = 'added';
  else if (newPath === null) status = 'deleted';
  else if (hd.renameFrom !== undefined || hd.renameTo !== undefined) status = 'renamed';
  else if (hd.copyFrom !== undefined || hd.copyTo !== undefined) status = 'copied';

  if (hd.git && sec.hunks.length === 0 && !hd.binary && status === 'modified' && hd.oldMode === undefined && hd.newMode === undefined) {
    // git writes a section without hunks only for a mode change, a rename, a copy, an empty or a binary file.
    problems.push({ kind: 'empty-section', path, message: `${path}: its diff --git section has no hunk and no mode change, rename or copy; the diff is cut short or damaged` });
  }
  let additions = 0;
  let deletions = 0;
  for (const r of sec.hunks) {
    additions += r.adds;
    deletions += r.dels;
  }
  for (const r of sec.hunks) {
    if (r.oldCount !== r.h.oldLines || r.newCount !== r.h.newLines) {
      problems.push({
        kind: 'hunk-count-mismatch',
        path,
        message:
          `${path}: hunk "${r.header.slice(0, 200)}" declares -${r.h.oldLines} +${r.h.newLines} lines ` +
          `but its body has -${r.oldCount} +${r.newCount}`,
      });
    }
  }
  const f = { oldPath, newPath, path, status, binary: hd.binary, additions, deletions } as FileDiff;
  lazyHunks(f, sec.hunks);
  if (hd.similarity !== undefined) f.similarity = hd.similarity;
  if (hd.dissimilarity !== undefined) f.dissimilarity = hd.dissimilarity;
  const oldMode = hd.oldMode ?? (status === 'added' ? undefined : hd.indexMode);
  const newMode = hd.newMode ?? (status === 'deleted' ? undefined : hd.indexMode);
  if (oldMode !== undefined) f.oldMode = oldMode;
  if (newMode !== undefined) f.newMode = newMode;
  return f;
}

export { ChangeCursor } from './changes.js';
export { diffMentions } from './hunks.js';
export { linesNear } from './lines-near.js';
