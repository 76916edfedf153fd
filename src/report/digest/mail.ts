/**
 * The weekly digest as a mail (pure: no I/O, the date is given): the plain text of text.ts and
 * a footer saying how to stop it, from the bot to one recipient, marked as automated
 * (`Auto-Submitted`, `X-Patchwork-Hint: ignore`, `X-Kvetch-Fingerprint`). Its Message-ID
 * depends only on (recipient address, ISO week), so the mail of a week has one id however
 * often it is rendered: a retry after a crash reuses it and the send log recognises it.
 * nodemailer's MailComposer writes the RFC 5322 text, as for the email channel's replies.
 */
import { createHash } from 'node:crypto';
import addressparser from 'nodemailer/lib/addressparser';
import MailComposer from 'nodemailer/lib/mail-composer';
import type { Address } from '../../model/record.js';
import { DIGEST_OPT_OUT } from '../email/opt-out.js';
import type { Digest } from './model.js';
import { digestSubject, renderDigestText } from './text.js';

export interface DigestMailInput {
  /** The bot: `kvetch bot <kvetch@example.org>`. */
  from: Address;
  digest: Digest;
  /** The ISO week it is for (`2023-W47`). */
  week: string;
  date: Date;
  /** How to reach the humans running the bot, when set. */
  contact?: string;
}

export interface RenderedDigestMail {
  messageId: string;
  subject: string;
  to: Address;
  headers: Record<string, string>;
  body: string;
  /** Digest of the digest's content (`fp=` of the marker). */
  fingerprint: string;
  envelope: { from: string; to: string[] };
  /** The whole message, RFC 5322, CRLF line ends. */
  raw: Buffer;
}

/** The bot's address from a From like `kvetch bot <kvetch@example.org>`; an error names the key. */
export function parseBotFrom(from: string): Address {
  const first = addressparser(from, { flatten: true })[0];
  const address = first && 'address' in first ? (first.address ?? '').toLowerCase() : '';
  if (!address.includes('@')) throw new Error(`channels.email.from must be an address like "kvetch <kvetch@example.org>", got "${from}"`);
  return { name: first?.name ?? '', address };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `<kvetch.digest.2023-W47.<hash>@<domain of the bot>>`: the same for the same recipient and week. */
export function digestMessageId(address: string, week: string, botAddress: string): string {
  const h = sha256(`digest\n${address.trim().toLowerCase()}\n${week}`).slice(0, 24);
  const at = botAddress.lastIndexOf('@');
  const domain = at >= 0 && at < botAddress.length - 1 ? botAddress.slice(at + 1).toLowerCase() : 'kvetch.invalid';
  return `<kvetch.digest.${week}.${h}@${domain}>`;
}

/** A short digest of what the digest says (its JSON). */
export function digestFingerprint(d: Digest): string {
  return sha256(JSON.stringify(d)).slice(0, 32);
}

/** The X-Kvetch-Fingerprint value: `kvetch:v1 digest=<address> week=<week> fp=<fingerprint>`. */
export function digestMarker(address: string, week: string, fingerprint: string): string {
  return `kvetch:v1 digest=${address} week=${week} fp=${fingerprint}`;
}

/** The lines under the digest: who it is for, how to stop it, whom to ask. */
export function digestFooter(o: { address: string; week: string; botAddress: string; contact?: string }): string {
  return [
    '-- ',
    `kvetch's weekly digest for ${o.address}, ${o.week}.`,
    `To stop it, mail ${o.botAddress} a line "kvetch: opt-out ${DIGEST_OPT_OUT}";`,
    `a line "kvetch: opt-out" stops every kvetch mail.`,
    ...(o.contact ? [`Questions about this bot: ${o.contact}`] : []),
  ].join('\n');
}

export async function renderDigestMail(i: DigestMailInput): Promise<RenderedDigestMail> {
  const address = i.digest.recipient.address.trim().toLowerCase();
  const to: Address = { name: i.digest.recipient.name, address };
  const messageId = digestMessageId(address, i.week, i.from.address);
  const fingerprint = digestFingerprint(i.digest);
  const subject = digestSubject(i.digest);
  const text = renderDigestText(i.digest).replace(/\r\n/g, '\n').replace(/\n*$/, '\n');
  const body = `${text}\n${digestFooter({ address, week: i.week, botAddress: i.from.address, ...(i.contact ? { contact: i.contact } : {}) })}\n`;
  const headers = {
    'Auto-Submitted': 'auto-generated',
    'X-Patchwork-Hint': 'ignore',
    'X-Kvetch-Fingerprint': digestMarker(address, i.week, fingerprint),
  };
  const raw = await new MailComposer({ from: i.from, to: [to], subject, messageId, date: i.date, headers, text: body, newline: 'windows' }).compile().build();
  return { messageId, subject, to, headers, body, fingerprint, envelope: { from: i.from.address, to: [address] }, raw };
}
