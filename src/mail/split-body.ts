/**
 * Splits a decoded patch-mail body (as `git format-patch` / `git send-email` / b4 write it),
 * its in-body headers left out, into commit message, trailers, notes, diffstat, diff,
 * signature and b4 footers.
 * Linear in the body size: lines are cut out of the text on demand (util/line-view.ts), every
 * check is anchored. Never throws.
 */
import { LineView } from '../util/line-view.js';
import type { SplitBody, Trailer } from './body-model.js';
import { parseInBodyHeaders } from './in-body-headers.js';

const FOOTER_KEYS = new Set(['base-commit', 'prerequisite-patch-id', 'prerequisite-change-id', 'prerequisite-message-id', 'change-id']);
/** Trailer keys that make a block a trailer block even when it holds other lines. */
const KNOWN_TRAILERS = new Set([
  'signed-off-by', 'reviewed-by', 'acked-by', 'tested-by', 'reported-by', 'suggested-by',
  'co-developed-by', 'cc', 'fixes', 'link', 'closes', 'message-id', 'bug', 'requested-by',
]);
const TRAILER_RE = /^([A-Za-z0-9][A-Za-z0-9-]*):[ \t]+(\S.*)$/;
const HUNK_RE = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const STAT_COUNT_RE = /^\d+ ?[+-]*$/;
const STAT_SUMMARY_RE = /^ \d+ files? changed\b/;
const STAT_MODE_RE = /^ (?:create mode|delete mode|mode change|rename|copy|rewrite) /;
const DIFF_HEADERS = [
  'diff ', 'index ', '--- ', '+++ ', 'old mode ', 'new mode ', 'deleted file mode ',
  'new file mode ', 'similarity index ', 'dissimilarity index ', 'rename from ', 'rename to ',
  'copy from ', 'copy to ', 'Binary files ', 'GIT binary patch', 'Index: ', '====', '\\', 'Only in ',
];

const isBlank = (l: string): boolean => l.trim() === '';
const isSeparator = (l: string): boolean => l.startsWith('---') && isBlank(l.slice(3));
/** `-- ` (or `--` when trailing spaces were eaten) outside a hunk. */
const isSigDash = (l: string): boolean => l.startsWith('--') && isBlank(l.slice(2));

function footerOf(line: string): Trailer | null {
  const c = line.charCodeAt(0);
  if (c !== 98 && c !== 99 && c !== 112) return null; // b, c, p
  const colon = line.indexOf(':');
  if (colon < 0 || !FOOTER_KEYS.has(line.slice(0, colon))) return null;
  const value = line.slice(colon + 1).trim();
  if (value === '' || /\s/.test(value)) return null;
  return { key: line.slice(0, colon), value };
}

function isDiffStart(lines: LineView, i: number): boolean {
  const l = lines.get(i);
  if (l.startsWith('diff --git ')) return true;
  const next = lines.get(i + 1);
  if (l.startsWith('Index: ')) return next.startsWith('====') || next.startsWith('--- ');
  if (l.startsWith('--- ')) return !isSeparator(l) && next.startsWith('+++ ');
  if (l.startsWith('diff ')) return next.startsWith('--- ') && lines.get(i + 2).startsWith('+++ ');
  return false;
}

function isStatFile(l: string): boolean {
  if (l.charCodeAt(0) !== 32) return false;
  const bar = l.lastIndexOf('|');
  if (bar < 2 || isBlank(l.slice(1, bar))) return false;
  const tail = l.slice(bar + 1).trim();
  return STAT_COUNT_RE.test(tail) || tail === 'Bin' || tail.startsWith('Bin ');
}

/** The first diffstat block: file lines ending with the summary line, then mode lines. */
function findStat(lines: string[]): [number, number] | null {
  for (let i = 0; i < lines.length; i++) {
    if (!STAT_SUMMARY_RE.test(lines[i] ?? '')) continue;
    let a = i;
    while (a > 0 && isStatFile(lines[a - 1] ?? '')) a--;
    let b = i + 1;
    while (b < lines.length && STAT_MODE_RE.test(lines[b] ?? '')) b++;
    return [a, b];
  }
  return null;
}

/** Drops leading and trailing blank lines (and lone `---` lines when `seps`), joins with `\n`. */
function joinTrimmed(lines: string[], seps = false): string {
  const drop = (l: string): boolean => isBlank(l) || (seps && isSeparator(l));
  let a = 0;
  let b = lines.length;
  while (a < b && drop(lines[a] ?? '')) a++;
  while (b > a && drop(lines[b - 1] ?? '')) b--;
  return lines.slice(a, b).join('\n');
}

interface TrailerBlock {
  trailers: Trailer[];
  /** Lines before the first trailer line of the paragraph (they stay in the message). */
  lead: number;
  accepted: boolean;
}

/** Judges one paragraph: is it (the tail of) a trailer block? */
function parseTrailers(par: string[], lenient: boolean): TrailerBlock {
  const trailers: Trailer[] = [];
  let lead = par.length;
  let other = 0;
  let current: Trailer | null = null;
  for (let i = 0; i < par.length; i++) {
    const l = par[i] ?? '';
    const m = TRAILER_RE.exec(l);
    if (m) {
      current = { key: m[1] ?? '', value: (m[2] ?? '').trim() };
      trailers.push(current);
      if (lead > i) lead = i;
    } else if (current && (l.startsWith(' ') || l.startsWith('\t'))) {
      current.value = `${current.value} ${l.trim()}`;
    } else {
      current = null;
      if (lead < i) other++;
    }
  }
  const keys = trailers.map((t) => t.key.toLowerCase());
  const strong = keys.some((k) => k.includes('-') || KNOWN_TRAILERS.has(k));
  const strict = trailers.length > 0 && other === 0 && strong && (lenient || lead === 0);
  const loose = lenient && keys.some((k) => KNOWN_TRAILERS.has(k)) && trailers.length * 3 >= other;
  return { trailers, lead, accepted: strict || loose };
}

/** Splits the commit-message lines into message text and trailers (last paragraphs). */
function splitTrailers(lines: string[]): { message: string; trailers: Trailer[] } {
  let end = lines.length;
  while (end > 0 && isBlank(lines[end - 1] ?? '')) end--;
  let trailers: Trailer[] = [];
  let first = true;
  while (end > 0) {
    let start = end;
    while (start > 0 && !isBlank(lines[start - 1] ?? '')) start--;
    const block = parseTrailers(lines.slice(start, end), first);
    if (!block.accepted) break;
    trailers = block.trailers.concat(trailers);
    end = start + block.lead;
    if (block.lead > 0) break;
    while (end > 0 && isBlank(lines[end - 1] ?? '')) end--;
    first = false;
  }
  return { message: joinTrimmed(lines.slice(0, end)), trailers };
}

interface DiffScan {
  diff: string;
  /** Line index one past the last diff line, when the diff is lines[from, end) unbroken. */
  end: number | null;
  trailing: string[];
  sigStart: number;
}

/** Hunk-aware walk from the diff start: stops at a `-- ` line outside any hunk. */
function scanDiff(lines: LineView, from: number, footers: Trailer[]): DiffScan {
  /** Indexes of the lines taken (footer lines are left out). */
  const out: number[] = [];
  let keep = 0;
  let oldRem = 0;
  let newRem = 0;
  let loose = false;
  let binary = false;
  let sigStart = -1;
  let keepLine = from;
  let firstSkip = -1;
  for (let i = from; i < lines.length; i++) {
    if (out.length === keep) keepLine = i;
    const l = lines.get(i);
    const c = l.charCodeAt(0);
    if (oldRem > 0 || newRem > 0) {
      let inHunk = true;
      if (l === '' || c === 32) { oldRem--; newRem--; }
      else if (c === 45) oldRem--;
      else if (c === 43) newRem--;
      else if (c !== 92) { oldRem = 0; newRem = 0; inHunk = false; }
      if (inHunk) { out.push(i); keep = out.length; continue; }
    }
    if (isSigDash(l)) { sigStart = i; break; }
    const f = footerOf(l);
    if (f) { footers.push(f); binary = false; if (firstSkip < 0) firstSkip = i; continue; }
    out.push(i);
    if (l.startsWith('@@')) {
      const m = HUNK_RE.exec(l);
      loose = !m;
      binary = false;
      if (m) { oldRem = m[1] === undefined ? 1 : Number(m[1]); newRem = m[2] === undefined ? 1 : Number(m[2]); }
      keep = out.length;
      continue;
    }
    if (binary) {
      if (l === '') continue;
      if (l.startsWith('literal ') || l.startsWith('delta ') || (/^[A-Za-z]/.test(l) && !l.includes(' '))) {
        keep = out.length;
        continue;
      }
      binary = false;
    }
    if (l.startsWith('GIT binary patch')) binary = true;
    if (DIFF_HEADERS.some((h) => l.startsWith(h)) || (loose && (c === 32 || c === 43 || c === 45))) {
      keep = out.length;
    }
  }
  if (sigStart < 0 && out.length === keep) keepLine = lines.length;
  const trailing = out.slice(keep).map((i) => lines.get(i));
  // Unbroken (no footer taken out inside): the caller slices the source instead of joining.
  if (firstSkip < 0 || firstSkip >= keepLine) return { diff: '', end: keepLine, trailing, sigStart };
  return { diff: out.slice(0, keep).map((i) => lines.get(i)).join('\n') + '\n', end: null, trailing, sigStart };
}

function split(text: string): SplitBody {
  const src = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
  // Only the text before the first `diff --git` is read line by line (other diff forms,
  // message, notes, diffstat); the diff itself is not, however large.
  // Else the line after the newline (a body opening with a blank line has its newline at 0).
  const nl = src.startsWith('diff --git ') ? -1 : src.indexOf('\ndiff --git ');
  const gitStart = src.startsWith('diff --git ') ? 0 : nl < 0 ? -1 : nl + 1;
  const lines = new LineView(gitStart >= 0 ? src.slice(0, gitStart) : src);
  const footers: Trailer[] = [];
  let diffStart = -1;
  for (let i = 0; i < lines.length; i++) {
    if (isDiffStart(lines, i)) { diffStart = i; break; }
  }
  if (diffStart < 0 && gitStart >= 0) diffStart = lines.length - 1;
  let preEnd = diffStart >= 0 ? diffStart : lines.length;
  let sigStart = -1;
  if (diffStart < 0) {
    for (let i = lines.length - 1; i >= 0; i--) {
      if (lines.get(i) === '-- ') { sigStart = i; break; }
    }
    if (sigStart >= 0) preEnd = sigStart;
  }
  // Everything before the diff (or signature), footers taken out.
  const pre: string[] = [];
  for (let i = 0; i < preEnd; i++) {
    const l = lines.get(i);
    const f = footerOf(l);
    if (f) footers.push(f);
    else pre.push(l);
  }
  let sep = -1;
  for (let i = 0; i < pre.length; i++) {
    if (isSeparator(pre[i] ?? '')) { sep = i; break; }
  }
  let msgLines = sep >= 0 ? pre.slice(0, sep) : pre;
  const after = sep >= 0 ? pre.slice(sep + 1) : [];
  let diffstat = '';
  const statIn = sep >= 0 ? after : msgLines;
  const stat = findStat(statIn);
  let noteParts: string[][] = [after];
  if (stat) {
    const [a, b] = stat;
    diffstat = statIn.slice(a, b).join('\n');
    if (sep >= 0) noteParts = [after.slice(0, a), after.slice(b)];
    else {
      noteParts = [msgLines.slice(b)];
      msgLines = msgLines.slice(0, a);
    }
  }
  let diff: string | null = null;
  let signature = '';
  if (diffStart >= 0) {
    const tail = diffTail(src, lines.offset(diffStart), footers);
    diff = tail.diff;
    signature = tail.signature;
    noteParts.push(tail.trailing);
  } else if (sigStart >= 0) {
    signature = src.slice(lines.offset(sigStart + 1)).trim();
  }
  const { message, trailers } = splitTrailers(msgLines);
  const notes = noteParts.map((p) => joinTrimmed(p, true)).filter((p) => p !== '').join('\n\n');
  return { message, trailers, notes, diffstat, diff, signature, footers };
}

/**
 * The diff from `start` to its end, the signature after it and what lies between. Everything
 * before the last hunk header is diff (a footer or signature cannot sit between hunks), so the
 * hunk-aware walk starts there: a 30 MB diff costs one backwards search, not a line walk.
 */
function diffTail(src: string, start: number, footers: Trailer[]): { diff: string; signature: string; trailing: string[] } {
  const last = src.lastIndexOf('\n@@ ');
  const from = last + 1 > start ? last + 1 : start;
  const view = new LineView(src.slice(from));
  const scan = scanDiff(view, 0, footers);
  let diff: string;
  if (scan.end === null) diff = src.slice(start, from) + scan.diff;
  else {
    // One slice of the source (no concatenation): V8 shares it instead of copying.
    diff = src.slice(start, Math.min(from + view.offset(scan.end), src.length));
    if (!diff.endsWith('\n')) diff += '\n';
  }
  const signature = scan.sigStart >= 0 ? view.text.slice(view.offset(scan.sigStart + 1)).trim() : '';
  return { diff, signature, trailing: scan.trailing };
}

/** The body after its in-body header block (in-body-headers.ts), which is no part of the commit message. */
export function splitBody(text: string): SplitBody {
  const src = typeof text === 'string' ? text : '';
  try {
    return split(parseInBodyHeaders(src).rest);
  } catch {
    const message = src.replace(/\r\n/g, '\n').trim();
    return { message, trailers: [], notes: '', diffstat: '', diff: null, signature: '', footers: [] };
  }
}
