/**
 * Plain-text renderings of web archive pages (pipermail, patchew, patchwork) read as mail:
 * each message shown on the page becomes a small RFC 822 message with the page's sender,
 * subject, date and ids, replies threaded to the page's first message. The patchwork layout
 * lives in ./archive-page-patchwork.ts. Pure and synchronous; never throws on odd pages.
 */
import { basename, extname } from 'node:path';
import { parsePatchwork } from './archive-page-patchwork.js';
import { rfc2822, type PageMail } from './page-mail.js';

export type ArchivePageKind = 'pipermail' | 'patchew' | 'patchwork';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Zone abbreviations pipermail prints (`date`'s %Z), in minutes east of UTC. */
const ZONES: Record<string, number> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, IST: 330, CST: -360, CDT: -300, EST: -300, EDT: -240, MST: -420,
  MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600, JST: 540, KST: 540,
  AWST: 480, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
};
const MAIL_HEADERS = /^(from|subject|message-id|date|to|cc|received|return-path|delivered-to|mime-version|content-type|in-reply-to|references|reply-to|sender|list-id|dkim-signature|authentication-results|envelope-to|user-agent|x-[a-z0-9-]+|arc-[a-z-]+):/i;
const HEADERISH = /^[\x21-\x39\x3b-\x7e]+:/;
const PIPERMAIL_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d{1,2}):(\d\d):(\d\d) ([A-Z]{1,5}|[+-]\d{4}) (\d{4})$/;
const OBFUSCATED = /^(.*?)\s*<?([^\s<>]+) at ([^\s<>]+?\.[^\s<>]+?)>?$/;
const PIPERMAIL_FOOTER = /^More information about the .+ mailing list\s*$/;
const PATCHEW_HEAD = /^.+ posted \d+ patch(?:es)?\b.*\bago$/;
const PATCHEW_POSTED = /^Posted by (.+?)(?:\s+((?:\d+|an?)\s+[a-z]+(?:,\s*(?:\d+|an?)\s+[a-z]+)*)\s+ago)?$/;
const HUNK = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/;
const INVALID_DOMAIN = 'archive-page.invalid';

const pageLines = (text: string): string[] => text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n').split('\n');
const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';

/** What kind of archive page `head` (the first few KB of a file) is, or null (mail, gzip, other). */
export function detectArchivePage(head: string): ArchivePageKind | null {
  if (head.length === 0 || head.charCodeAt(0) === 0x1f || head.includes('\0')) return null;
  const lines = pageLines(head).slice(0, 200);
  const first = lines[0] ?? '';
  if (first.startsWith('From ')) return null;
  if (HEADERISH.test(first) && (MAIL_HEADERS.test(first) || HEADERISH.test(lines[1] ?? '') || /^[ \t]/.test(lines[1] ?? ''))) return null;
  const solid = lines.map((l, i) => ({ l: l.trim(), i })).filter((x) => x.l !== '');
  // pipermail: subject, (blank), obfuscated sender, date.
  const [s0, s1, s2] = solid;
  if (s0 && s1 && s2 && OBFUSCATED.test(s1.l) && PIPERMAIL_DATE.test(s2.l) && s2.i === s1.i + 1) return 'pipermail';
  // patchew: "X posted N patches … ago" near the top, then subject + "Posted by" pairs.
  const head5 = solid.slice(0, 5);
  if (head5.some((x) => PATCHEW_HEAD.test(x.l)) && lines.some((l, i) => i > 0 && l.startsWith('Posted by ') && !blank(lines[i - 1]))) return 'patchew';
  // patchwork: a "Message ID" line and the "Commit Message" heading.
  const top = lines.slice(0, 60);
  if (top.some((l) => /^Message ID \S+/.test(l)) && lines.some((l) => l.trim() === 'Commit Message')) return 'patchwork';
  return null;
}

/** The messages of a page as RFC 822 bytes. */
export function pageToMessages(text: string, kind: ArchivePageKind, source: string): Buffer[] {
  return pageMessages(text, kind, source).map((m) => m.bytes);
}

/** Like pageToMessages, with the byte offset in `text` where each message's text starts. */
export function pageMessages(text: string, kind: ArchivePageKind, source: string): { bytes: Buffer; offset: number }[] {
  const lines = pageLines(text);
  let mails: PageMail[];
  try {
    mails = kind === 'pipermail' ? parsePipermail(lines) : kind === 'patchew' ? parsePatchew(lines) : parsePatchwork(lines);
  } catch {
    mails = [];
  }
  if (mails.length === 0) mails = [{ subject: lines.find((l) => !blank(l))?.trim() ?? '(no subject)', name: '', reply: false, line: 0, body: lines }];
  const starts: number[] = [];
  let pos = 0;
  for (const l of lines) {
    starts.push(pos);
    pos += Buffer.byteLength(l, 'utf8') + 1;
  }
  const stem = basename(source, extname(source)).replace(/[^A-Za-z0-9._-]/g, '_') || 'page';
  const ids = mails.map((m, i) => m.messageId ?? `<page.${stem}.${i + 1}@${INVALID_DOMAIN}>`);
  const rootId = ids[0] as string;
  const rootSubject = mails[0]?.subject ?? '';
  const everything = lines.join('\n');
  return mails.map((m, i) => {
    const id = ids[i] as string;
    const isReply = m.reply || (i > 0 && /^re\s*:/i.test(m.subject));
    let subject = m.subject || (i > 0 ? rootSubject : '(no subject)');
    if (isReply && !/^re\s*:/i.test(subject)) subject = `Re: ${subject}`;
    const address = m.address ?? findAddress(everything, m.name) ?? fallbackAddress(m.name);
    const head = [
      `From: ${formatAddress(m.name, address)}`,
      `Subject: ${encodeHeader(subject)}`,
      ...(m.date ? [`Date: ${m.date}`] : []),
      `Message-ID: ${id}`,
      ...(i > 0 && id !== rootId ? [`In-Reply-To: ${rootId}`, `References: ${rootId}`] : []),
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      `X-Kvetch-Archive-Page: ${kind}`,
    ];
    const body = repairHunks(trimBlank(m.body));
    return { bytes: Buffer.from(`${head.join('\n')}\n\n${body.join('\n')}\n`, 'utf8'), offset: starts[m.line] ?? 0 };
  });
}

function parsePipermail(lines: string[]): PageMail[] {
  let i = 0;
  while (i < lines.length && blank(lines[i])) i++;
  const subject = (lines[i] ?? '').trim();
  const start = i;
  i++;
  while (i < lines.length && blank(lines[i])) i++;
  const who = (lines[i] ?? '').trim();
  const m = OBFUSCATED.exec(who);
  const name = m ? (m[1] ?? '').replace(/^"|"$/g, '').trim() : who;
  const address = m ? `${m[2]}@${m[3]}` : undefined;
  i++;
  const date = pipermailDate((lines[i] ?? '').trim());
  if (date !== undefined || PIPERMAIL_DATE.test((lines[i] ?? '').trim())) i++;
  let end = lines.length;
  for (let k = lines.length - 1; k >= i; k--) {
    if (PIPERMAIL_FOOTER.test(lines[k] ?? '')) { end = k; break; }
  }
  while (end > i && (blank(lines[end - 1]) || /^(Previous message|Next message|Messages sorted by)\b/.test(lines[end - 1] ?? ''))) end--;
  const body = lines.slice(i, end);
  // A reply when its subject says so, or when it opens with an attribution or a quote and has no diff.
  const [t0 = '', t1 = ''] = body.filter((l) => !blank(l));
  const attribution = /\b(wrote|writes):\s*$/;
  const reply = /^re\s*:/i.test(subject) || (!hasDiff(body) && (attribution.test(t0) || attribution.test(t1) || t0.startsWith('>')));
  return [{ subject, name, ...(address ? { address } : {}), ...(date ? { date } : {}), reply, line: start, body }];
}

function parsePatchew(lines: string[]): PageMail[] {
  const mails: PageMail[] = [];
  for (let i = 1; i < lines.length; i++) {
    const posted = PATCHEW_POSTED.exec(lines[i] ?? '');
    if (!posted || blank(lines[i - 1])) continue;
    const prev = mails.at(-1);
    if (prev) prev.body = lines.slice(prev.line + 2, i - 1);
    // Later messages are replies when their subject says so (`Re:`); patches stay patches.
    mails.push({ subject: (lines[i - 1] ?? '').trim(), name: (posted[1] ?? '').trim(), reply: false, line: i - 1, body: [] });
  }
  const last = mails.at(-1);
  if (last) last.body = lines.slice(last.line + 2);
  return mails;
}

function pipermailDate(s: string): string | undefined {
  const m = PIPERMAIL_DATE.exec(s);
  if (!m) return undefined;
  const zone = m[6] ?? '';
  let offset: number | null = ZONES[zone] ?? null;
  if (/^[+-]\d{4}$/.test(zone)) offset = (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(3)));
  return rfc2822(Number(m[7]), MONTHS.indexOf(m[1] ?? ''), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), offset);
}

function hasDiff(body: string[]): boolean {
  return body.some((l, i) => l.startsWith('diff --git ') || (l.startsWith('--- ') && (body[i + 1] ?? '').startsWith('+++ ')));
}

function trimBlank(body: string[]): string[] {
  let a = 0;
  let b = body.length;
  while (a < b && blank(body[a])) a++;
  while (b > a && blank(body[b - 1])) b--;
  return body.slice(a, b);
}

/**
 * Undoes what rendering does to diff hunks: a context line whose leading space was eaten
 * (it now starts with a tab or a no-break space) gets it back; a hunk at the very end of the
 * text that lacks the same few lines on both sides lost its trailing whitespace-only context
 * lines (the page was trimmed) and gets them back as ` ` lines.
 */
function repairHunks(body: string[]): string[] {
  const out: string[] = [];
  let oldRem = 0;
  let newRem = 0;
  for (const line of body) {
    let l = line;
    if (oldRem > 0 || newRem > 0) {
      const c = l.charCodeAt(0);
      if (c === 9) l = ` ${l}`;
      else if (c === 0xa0) l = ` ${l.slice(1)}`;
      const d = l.charCodeAt(0);
      if (l === '' || d === 32) { oldRem--; newRem--; }
      else if (d === 45) oldRem--;
      else if (d === 43) newRem--;
      else if (d !== 92) { oldRem = 0; newRem = 0; }
    }
    const h = HUNK.exec(l);
    if (h) {
      oldRem = h[1] === undefined ? 1 : Number(h[1]);
      newRem = h[2] === undefined ? 1 : Number(h[2]);
    }
    out.push(l);
  }
  if (oldRem > 0 && oldRem === newRem && oldRem <= 3) for (let k = 0; k < oldRem; k++) out.push(' ');
  return out;
}

/** The address shown next to `name` somewhere on the page (`Name <addr>`, trailers, attributions). */
function findAddress(page: string, name: string): string | undefined {
  if (!name.trim()) return undefined;
  const esc = name.trim().replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  const m = new RegExp(`${esc}"?(?:\\s*\\([^)\\n]*\\))?\\s*<([^<>\\s@]+@[^<>\\s]+)>`, 'i').exec(page);
  return m?.[1];
}

function fallbackAddress(name: string): string {
  const slug = name.normalize('NFKD').replace(/[^\x20-\x7e]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '.').replace(/^\.+|\.+$/g, '');
  return `${slug || 'unknown'}@${INVALID_DOMAIN}`;
}

function formatAddress(name: string, address: string): string {
  const n = name.trim();
  if (!n) return `<${address}>`;
  if (/[^\x20-\x7e]/.test(n)) return `${encodeHeader(n)} <${address}>`;
  return /^[A-Za-z0-9 !#$%&'*+/=?^_`{|}~-]+$/.test(n) ? `${n} <${address}>` : `"${n.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** RFC 2047 encoded words for non-ASCII text (each under 75 characters). */
function encodeHeader(s: string): string {
  if (!/[^\x20-\x7e]/.test(s)) return s;
  const words: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (Buffer.byteLength(cur + ch, 'utf8') > 45) {
      words.push(cur);
      cur = '';
    }
    cur += ch;
  }
  if (cur) words.push(cur);
  return words.map((w) => `=?utf-8?B?${Buffer.from(w, 'utf8').toString('base64')}?=`).join('\n ');
}
