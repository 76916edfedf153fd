/**
 * In-body headers: the `From:`, `Subject:` and `Date:` lines that `git format-patch` and
 * `git send-email` put at the very top of a patch body when the sender is not the author, and
 * that `git am` takes the commit's author, title and author date from. Rules, as `git mailinfo`
 * (git 2.39) applies them:
 * - only at the top: empty lines before the block are skipped (a line of spaces is not empty);
 * - header names in any case, no space before the colon, each header taken once (a second
 *   `From:` ends the block and stays in the body); a continuation line (leading space or tab)
 *   is joined to its header with one space;
 * - a `[PATCH] title` line in the block is the title;
 * - the block ends at the first empty line (dropped) or at any other line (kept: the body);
 * - RFC 2047 encoded words are decoded.
 * Pure and linear in the size of the block, never in the size of the body.
 */
import type { Address } from '../model/record.js';
import { decodeEncodedWords } from './encoded-words.js';

export interface InBodyHeaders {
  /** The in-body `From:`, when it holds an address: name as written (decoded), address lower-cased. */
  from?: Address;
  /** The in-body `Subject:` (or `[PATCH] title` line), decoded and unfolded, tags still in it. */
  subject?: string;
  /** The in-body `Date:`, unfolded, as written. */
  date?: string;
  /** The body after the block (its empty line dropped); the whole body when there is no block. */
  rest: string;
}

const HEADER_RE = /^(from|subject|date):[ \t]*(.*)$/i;
const PATCH_LINE_RE = /^\[PATCH\][ \t]/;

type Key = 'from' | 'subject' | 'date';

/** The line starting at `pos` (without its newline or a CR before it) and where the next one starts. */
function lineAt(text: string, pos: number): { line: string; next: number } {
  const nl = text.indexOf('\n', pos);
  const end = nl < 0 ? text.length : nl;
  const line = text.slice(pos, end);
  return { line: line.endsWith('\r') ? line.slice(0, -1) : line, next: nl < 0 ? text.length : nl + 1 };
}

export function parseInBodyHeaders(text: string): InBodyHeaders {
  let pos = 0;
  while (pos < text.length && lineAt(text, pos).line === '') pos = lineAt(text, pos).next;
  const found: Partial<Record<Key, string>> = {};
  let taken = false;
  while (pos < text.length) {
    const { line, next } = lineAt(text, pos);
    if (line === '') {
      if (taken) pos = next;
      break;
    }
    const m = HEADER_RE.exec(line);
    const key = m?.[1]?.toLowerCase() as Key | undefined;
    if (m && key && found[key] === undefined) {
      let value = (m[2] ?? '').trim();
      pos = next;
      for (let c = lineAt(text, pos); pos < text.length && /^[ \t]/.test(c.line); c = lineAt(text, pos)) {
        value = `${value} ${c.line.trim()}`.trim();
        pos = c.next;
      }
      found[key] = value;
      taken = true;
      continue;
    }
    if (PATCH_LINE_RE.test(line)) {
      found.subject = line.trim();
      taken = true;
      pos = next;
      continue;
    }
    break;
  }
  if (!taken) return { rest: text };
  const out: InBodyHeaders = { rest: text.slice(pos) };
  const from = found.from === undefined ? null : parseAuthor(decodeEncodedWords(found.from));
  if (from) out.from = from;
  if (found.subject !== undefined) out.subject = decodeEncodedWords(found.subject).replace(/\s+/g, ' ').trim();
  if (found.date !== undefined) out.date = found.date;
  return out;
}

const ANGLE_RE = /<([^<>\s]*@[^<>\s]*)>/;
const BARE_RE = /(^|\s)\(?([^\s()<>"]+@[^\s()<>"]+?)\)?(?=\s|$)/;

/**
 * `Name <addr>`, `"Last, First" <addr>`, `addr (Name)` or a bare `addr`: the address is the
 * word holding the `@`, the name what is left (quotes around it removed). Null without an address.
 */
export function parseAuthor(value: string): Address | null {
  let address: string | undefined;
  let rest = value;
  const angle = ANGLE_RE.exec(value);
  if (angle) {
    address = angle[1];
    rest = value.slice(0, angle.index) + value.slice(angle.index + angle[0].length);
  } else {
    const bare = BARE_RE.exec(value);
    if (bare) {
      address = bare[2];
      rest = value.slice(0, bare.index) + (bare[1] ?? '') + value.slice(bare.index + bare[0].length);
    }
  }
  if (!address) return null;
  let name = rest.replace(/\s+/g, ' ').trim();
  const quoted = /^"(.*)"$/.exec(name) ?? /^\((.*)\)$/.exec(name);
  if (quoted) name = (quoted[1] ?? '').replace(/\\(.)/g, '$1').trim();
  return { name, address: address.toLowerCase() };
}

/** `Name <address>`, or the bare address when there is no name: how records and reports write a person. */
export function displayAddress(a: Address): string {
  return a.name ? `${a.name} <${a.address}>` : a.address;
}
