/**
 * Review trailers: which `Key: value` lines of a mail kvetch takes as trailers, and what each
 * value must look like (docs/series.md, "Review trailers"). Replies are read line by line:
 * quoted text (`> …`), everything after a `-- ` signature and diff lines are never read; HTML
 * mangling (`&lt;`, `mailto:`) and malformed values are counted, not taken. Pure, never throws.
 */
import type { Trailer } from './body-model.js';
import type { ParsedTrailer } from '../model/trailer.js';

type Kind = 'person' | 'link' | 'fixes';

/** The trailers kvetch collects, lower-cased key → canonical spelling and kind of value. */
const KNOWN = new Map<string, { key: string; kind: Kind }>([
  ['reviewed-by', { key: 'Reviewed-by', kind: 'person' }],
  ['acked-by', { key: 'Acked-by', kind: 'person' }],
  ['tested-by', { key: 'Tested-by', kind: 'person' }],
  ['reported-by', { key: 'Reported-by', kind: 'person' }],
  ['suggested-by', { key: 'Suggested-by', kind: 'person' }],
  ['co-developed-by', { key: 'Co-developed-by', kind: 'person' }],
  ['signed-off-by', { key: 'Signed-off-by', kind: 'person' }],
  ['cc', { key: 'Cc', kind: 'person' }],
  ['fixes', { key: 'Fixes', kind: 'fixes' }],
  ['link', { key: 'Link', kind: 'link' }],
  ['closes', { key: 'Closes', kind: 'link' }],
]);

/** Why a trailer line was not taken. */
export type BadTrailerReason = 'html' | 'malformed';

export interface BadTrailer {
  key: string;
  line: string;
  reason: BadTrailerReason;
}

export interface ReplyTrailers {
  trailers: ParsedTrailer[];
  bad: BadTrailer[];
}

const LINE_RE = /^([A-Za-z][A-Za-z-]*):(.*)$/;
/** `Name <address>`, optionally followed by a `# comment` (`Cc: <stable@vger.kernel.org> # 6.1`). */
const PERSON_RE = /^([^<>]*?)\s*<([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)>\s*(?:#.*)?$/;
const BARE_ADDRESS_RE = /^([^<>\s@]+@[^<>\s@]+\.[^<>\s@]+)\s*(?:#.*)?$/;
const URL_RE = /^<?(https?:\/\/[^\s<>]+)>?$/;
const FIXES_RE = /^[0-9a-f]{7,40} \(".+"\)$/i;
const HTML_RE = /&(?:lt|gt|amp|quot|nbsp);|mailto:|<a\s|<\/a>/i;

/**
 * One `Key: value`: null when the key is not a trailer kvetch collects, a BadTrailer when the
 * value is HTML-mangled or not of the key's form, else the trailer.
 */
export function readTrailer(rawKey: string, rawValue: string): ParsedTrailer | BadTrailer | null {
  const known = KNOWN.get(rawKey.toLowerCase());
  if (!known) return null;
  const value = rawValue.trim();
  const line = `${rawKey}: ${value}`;
  if (HTML_RE.test(value)) return { key: known.key, line, reason: 'html' };
  if (known.kind === 'link') {
    return URL_RE.test(value) ? { key: known.key, value } : { key: known.key, line, reason: 'malformed' };
  }
  if (known.kind === 'fixes') {
    return FIXES_RE.test(value) ? { key: known.key, value } : { key: known.key, line, reason: 'malformed' };
  }
  const m = PERSON_RE.exec(value);
  const name = (m?.[1] ?? '').replace(/^"(.*)"$/, '$1').trim();
  if (m && name !== '') return { key: known.key, value, person: { name, address: (m[2] ?? '').toLowerCase() } };
  // Cc names lists and stable@ by address alone: the one person trailer allowed no name.
  const bare = known.key === 'Cc' ? (BARE_ADDRESS_RE.exec(value) ?? (m ? ['', m[2] ?? ''] : null)) : null;
  if (bare) return { key: known.key, value, person: { name: '', address: (bare[1] ?? '').toLowerCase() } };
  return { key: known.key, line, reason: 'malformed' };
}

function isBad(t: ParsedTrailer | BadTrailer): t is BadTrailer {
  return 'reason' in t;
}

/** A patch's own trailers (split-body's), only the keys kvetch collects, only well-formed ones. */
export function ownTrailers(trailers: readonly Trailer[]): ParsedTrailer[] {
  const out: ParsedTrailer[] = [];
  for (const t of trailers) {
    const r = readTrailer(t.key, t.value);
    if (r && !isBad(r)) out.push(r);
  }
  return out;
}

const DIFF_START_RE = /^(?:diff --git |diff -|Index: |@@ -\d)/;
/** Lines that continue a diff once one started (an empty line is a context line eaten by a mailer). */
const DIFF_LINE_RE = /^(?:[ +\-\\]|@@|diff |index |new file|deleted file|old mode|new mode|similarity|dissimilarity|rename |copy |Binary files|GIT binary patch|$)/;

function startsDiff(l: string, next: string): boolean {
  return DIFF_START_RE.test(l) || (l.startsWith('--- ') && next.startsWith('+++ '));
}

/** A `---` line with a diff after it (before any signature): an inline patch's separator. */
function isInlinePatchSeparator(lines: readonly string[], i: number): boolean {
  if ((lines[i] ?? '').trimEnd() !== '---') return false;
  for (let j = i + 1; j < lines.length; j++) {
    const l = lines[j] ?? '';
    if (l === '-- ' || l === '--') return false;
    if (startsDiff(l, lines[j + 1] ?? '')) return true;
  }
  return false;
}

/**
 * The trailers of a reply's text (decoded body), in order, and the lines that were not taken.
 * The trailer block right above an inline patch's `---` is that patch's own (a reviewer's fix-up
 * `Signed-off-by`), not a trailer for the mail answered: it is left out too.
 */
export function parseReplyTrailers(text: string): ReplyTrailers {
  const lines = (typeof text === 'string' ? text : '').replace(/\r\n?/g, '\n').split('\n');
  const found: { line: number; t: ParsedTrailer | BadTrailer }[] = [];
  let inDiff = false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l === '-- ' || l === '--') break;
    if (inDiff) {
      if (DIFF_LINE_RE.test(l)) continue;
      inDiff = false;
    }
    if (startsDiff(l, lines[i + 1] ?? '')) { inDiff = true; continue; }
    if (isInlinePatchSeparator(lines, i)) {
      let start = i;
      while (start > 0 && (lines[start - 1] ?? '').trim() !== '') start--;
      while (found.length > 0 && (found[found.length - 1]?.line ?? -1) >= start) found.pop();
      continue;
    }
    const m = LINE_RE.exec(l);
    if (!m) continue;
    const at = i;
    let value = m[2] ?? '';
    // A folded trailer: its value goes on over indented lines (a long name, a wrapped Fixes title).
    while (i + 1 < lines.length && /^[ \t]+\S/.test(lines[i + 1] ?? '') && KNOWN.has((m[1] ?? '').toLowerCase())) {
      value = `${value.trimEnd()} ${(lines[i + 1] ?? '').trim()}`;
      i++;
    }
    const t = readTrailer(m[1] ?? '', value);
    if (t) found.push({ line: at, t });
  }
  const trailers: ParsedTrailer[] = [];
  const bad: BadTrailer[] = [];
  for (const { t } of found) {
    if (isBad(t)) bad.push(t);
    else trailers.push(t);
  }
  return { trailers, bad };
}
