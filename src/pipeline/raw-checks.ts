/**
 * Cheap checks on a message's raw header block, before mailparser sees it: binary garbage,
 * header lines that are not headers, charsets nobody can decode.
 */
import type { RawMessage } from '../model/raw-message.js';
import type { InputProblem } from '../model/record.js';

const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+[ \t]*:/;
const SCAN_LIMIT = 64 * 1024;

export function checkRawHeaders(raw: RawMessage): InputProblem[] {
  const problems: InputProblem[] = [];
  const where = `message at byte ${raw.offset} of ${raw.source}`;
  const head = raw.bytes.subarray(0, Math.min(raw.bytes.length, SCAN_LIMIT));
  if (looksBinary(head)) {
    problems.push({ kind: 'unparseable-message', fatal: true, message: `${where} is binary data, not mail (${raw.size} bytes); skipped` });
    return problems;
  }
  // Only the header block is turned into text (a patch body can be megabytes).
  const end = headerEnd(head);
  const text = head.toString('latin1', 0, end);
  const lines = text.split(/\r?\n/);
  const first = lines[0] ?? '';
  if (!HEADER_LINE.test(first)) {
    problems.push({ kind: 'unparseable-message', fatal: true, message: `${where} does not start with mail headers (first line: ${JSON.stringify(first.slice(0, 60))}); skipped` });
    return problems;
  }
  const bad: string[] = [];
  for (const line of lines) {
    if (line === '' || line.startsWith(' ') || line.startsWith('\t')) continue;
    if (!HEADER_LINE.test(line)) bad.push(line.slice(0, 60));
  }
  if (bad.length > 0) {
    problems.push({ kind: 'malformed-header', fatal: false, message: `${where} has ${bad.length} malformed header line(s), e.g. ${JSON.stringify(bad[0])}; they were ignored` });
  }
  const ct = /^content-type:[^\n]*?charset\s*=\s*"?([^";\s]+)"?/im.exec(text);
  const charset = ct?.[1];
  if (charset && !charsetKnown(charset)) {
    problems.push({ kind: 'unknown-charset', fatal: false, message: `${where} declares charset ${JSON.stringify(charset)}, which no decoder knows; its text was read as UTF-8 and may show replacement characters` });
  }
  return problems;
}

function headerEnd(text: Buffer): number {
  const a = text.indexOf('\n\n');
  const b = text.indexOf('\r\n\r\n');
  const ends = [a, b].filter((x) => x >= 0);
  return ends.length ? Math.min(...ends) : text.length;
}

/** NUL bytes, or mostly non-text bytes, in the first KiB. */
function looksBinary(b: Buffer): boolean {
  const n = Math.min(b.length, 1024);
  if (n === 0) return false;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    const c = b[i] as number;
    if (c === 0) return true;
    if (c < 0x09 || (c > 0x0d && c < 0x20) || c === 0x7f) odd++;
  }
  return odd / n > 0.1;
}

/**
 * Labels already asked about. Bounded: a label is whatever a mail says, and an archive of mails
 * each with a charset of its own would otherwise grow this with the input.
 */
const known = new Map<string, boolean>();
const KNOWN_MAX = 256;

function charsetKnown(label: string): boolean {
  const key = label.toLowerCase();
  let ok = known.get(key);
  if (ok === undefined) {
    try {
      new TextDecoder(key);
      ok = true;
    } catch {
      ok = /^(x-)?(utf-?7|iso-?2022.*|cp\d+|windows-\d+|ks_c_5601.*|gb2312|big5.*|us-ascii|ascii)$/.test(key);
    }
    if (known.size < KNOWN_MAX) known.set(key, ok);
  }
  return ok;
}

/** Labels remembered (for tests of the bound). */
export function charsetsRemembered(): number {
  return known.size;
}
