/**
 * The one module that knows mailparser: raw bytes → MailMessage.
 * Charsets, quoted-printable, base64 and multipart (text/x-patch parts) are mailparser's job;
 * what we add: pipermail sender de-obfuscation, a derived Message-ID when there is none,
 * and reference lists in a predictable shape.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { RawMessage } from '../model/raw-message.js';
import type { Address } from '../model/record.js';
import { parseEnvelope } from './envelope.js';
import type { MailMessage } from './model.js';

const KEPT_HEADERS = ['auto-submitted', 'x-patchwork-hint', 'list-id', 'x-mailing-list', 'x-mailer', 'precedence', 'x-kvetch-fingerprint', 'content-type'];
const PATCH_TYPES = new Set(['text/x-patch', 'text/x-diff', 'text/x-log', 'text/plain', 'application/x-patch']);
const MSGID_RE = /<[^<>\s]+>/g;

let parseCount = 0;

/** How many mails this process has parsed: the daemon keeps it to one per mail (a test holds it). */
export function mailsParsed(): number {
  return parseCount;
}

export async function parseMessage(raw: RawMessage): Promise<MailMessage> {
  parseCount++;
  const fast = identityBody(raw.bytes);
  if (fast) {
    const parsed = await simpleParser(fast.headers, PARSER_OPTIONS);
    const m = toMailMessage(parsed, raw);
    // ASCII (nearly every patch) decodes as latin1: the same text, without UTF-8 validation.
    const text = isAscii(fast.body) ? fast.body.toString('latin1') : fast.body.toString('utf8');
    m.text = text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
    return m;
  }
  const parsed = await simpleParser(raw.bytes, PARSER_OPTIONS);
  return toMailMessage(parsed, raw);
}

const PARSER_OPTIONS = {
    skipHtmlToText: false,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
};

/**
 * Fast path for the common case (every `git send-email` patch): a single text/plain part in
 * 7bit/8bit UTF-8 or ASCII, not format=flowed. Its body needs no decoding, so mailparser gets
 * only the header block and the body bytes are taken as they are. Anything else (multipart,
 * quoted-printable, base64, other charsets, flowed text) goes through mailparser whole.
 */
function identityBody(bytes: Buffer): { headers: Buffer; body: Buffer } | null {
  let end = bytes.indexOf('\n\n');
  let bodyStart = end + 2;
  const crlf = bytes.indexOf('\r\n\r\n');
  if (crlf >= 0 && (end < 0 || crlf < end)) {
    end = crlf;
    bodyStart = crlf + 4;
  }
  if (end < 0) return null;
  const head = bytes.toString('latin1', 0, end);
  const ct = /^content-type:[ \t]*([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(head);
  if (ct) {
    const v = (ct[1] ?? '').toLowerCase();
    if (!/^\s*text\/plain\b/.test(v) || /format\s*=\s*"?flowed/.test(v)) return null;
    const cs = /charset\s*=\s*"?([^";\s]+)/.exec(v)?.[1];
    if (cs && cs !== 'utf-8' && cs !== 'utf8' && cs !== 'us-ascii' && cs !== 'ascii') return null;
  }
  const cte = /^content-transfer-encoding:[ \t]*([^\r\n]*)/im.exec(head)?.[1]?.trim().toLowerCase();
  if (cte && cte !== '7bit' && cte !== '8bit') return null;
  return { headers: bytes.subarray(0, bodyStart), body: bytes.subarray(bodyStart) };
}

function toMailMessage(p: ParsedMail, raw: RawMessage): MailMessage {
  const headerId = normaliseId(p.messageId);
  const messageId = headerId ?? deriveMessageId(raw.bytes);
  const references = idList(p.references);
  const inReplyTo = idList(p.inReplyTo).at(-1) ?? null;
  const headers: Record<string, string> = {};
  for (const k of KEPT_HEADERS) {
    const v = p.headers.get(k);
    if (v === undefined) continue;
    headers[k] = headerText(v);
  }
  const patchParts: string[] = [];
  for (const a of p.attachments) {
    const type = (a.contentType || '').toLowerCase();
    if (!PATCH_TYPES.has(type) && !/\.(patch|diff)$/i.test(a.filename ?? '')) continue;
    const text = a.content.toString('utf8');
    if (/^(diff --git |--- |Index: )/m.test(text)) patchParts.push(text);
  }
  let text = p.text ?? '';
  if (!text && typeof p.html === 'string') text = p.html.replace(/<[^>]+>/g, '');
  const envelope = parseEnvelope(raw.envelope);
  // Not mailparser's date: it gives an unparseable Date: the time of parsing, and a report must not depend on the clock.
  const dateLine = rawHeaderLine(p, 'date');
  const headerDate = dateLine ? parseDateHeader(dateLine) : null;
  return {
    messageId,
    messageIdDerived: headerId === null,
    from: sender(p.from, rawHeaderLine(p, 'from')),
    to: recipients(p.to),
    cc: recipients(p.cc),
    date: headerDate ?? envelope.date,
    ...(dateLine && !headerDate ? { badDate: dateLine.slice(0, 200) } : {}),
    formatPatch: envelope.formatPatch,
    subject: (p.subject ?? '').replace(/\s+/g, ' ').trim(),
    inReplyTo,
    references,
    headers,
    text,
    patchParts,
    origin: { source: raw.source, offset: raw.offset, index: raw.index },
  };
}

/** RFC 5322 dates and the usual sloppy variants, as mailparser reads them; null when none of them fits. */
export function parseDateHeader(v: string): Date | null {
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

function normaliseId(v: string | undefined): string | null {
  if (!v) return null;
  const m = v.match(MSGID_RE);
  if (m && m[0]) return m[0];
  const inner = v.trim().replace(/^<|>$/g, '');
  // `<>` or blanks are no id: the mail gets a derived one, as if it had none.
  if (!inner || /[\s<>]/.test(inner)) return null;
  return `<${inner}>`;
}

function idList(v: string | string[] | undefined): string[] {
  if (!v) return [];
  const s = Array.isArray(v) ? v.join(' ') : v;
  return s.match(MSGID_RE) ?? [];
}

/** A stable id from the content, so that a Message-ID-less mail keeps its identity across runs. */
export function deriveMessageId(bytes: Buffer): string {
  const h = createHash('sha256').update(bytes).digest('hex').slice(0, 24);
  return `<kvetch-derived.${h}@message-id.invalid>`;
}

/** The header as written (mailparser drops `(comments)`, which pipermail uses for names). */
function rawHeaderLine(p: ParsedMail, key: string): string {
  const line = p.headerLines.find((h) => h.key === key)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

function headerText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'text' in v && typeof v.text === 'string') return (v as { text: string }).text;
  if (v && typeof v === 'object' && 'value' in v) return String(v.value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what is left of mailparser's HeaderValue (a Date, a repeated header's list) is wanted as String() gives it
  return v === undefined || v === null ? '' : String(v);
}

/** mailparser's To or Cc as a flat list (groups opened), addresses lower-cased, empty ones dropped. */
function recipients(v: AddressObject | AddressObject[] | undefined): Address[] {
  const out: Address[] = [];
  const walk = (list: readonly { name?: string; address?: string; group?: unknown }[]): void => {
    for (const a of list) {
      if (Array.isArray(a.group)) walk(a.group as { name?: string; address?: string }[]);
      else if (a.address) out.push({ name: (a.name ?? '').trim(), address: a.address.trim().toLowerCase() });
    }
  };
  for (const o of v === undefined ? [] : Array.isArray(v) ? v : [v]) walk(o.value);
  return out;
}

/** mailparser's From, with pipermail's `name at domain` obfuscation undone. */
function sender(from: AddressObject | undefined, rawHeader: string): Address {
  const first = from?.value[0];
  let name = first?.name ?? '';
  let address = first?.address ?? '';
  if (!address.includes('@')) {
    const m = rawHeader.match(/([^\s<>()"]+) at ([^\s<>()"]+)/);
    if (m && m[1] && m[2]) {
      address = `${m[1]}@${m[2]}`;
      const paren = rawHeader.match(/\(([^)]*)\)/);
      name = paren?.[1]?.trim() ?? name.replace(/\S+ at \S+/, '').trim();
    }
  }
  return { name: name.trim(), address: address.trim().toLowerCase() };
}
