/**
 * The never-spam rules of the email channel, as pure decisions:
 * - never answer a machine (mail/automated.ts: Auto-Submitted, X-Patchwork-Hint, kvetch's own
 *   marker, a sender's Precedence, known robots and bot-like senders) or kvetch itself;
 * - never answer a reply (`Re:` counts only when the mail holds no diff);
 * - one reply per series version: an existing publication decides (see existingDecision);
 * - at most maxPerHour replies per list per hour; none before readyAt + embargo.
 */
import { parseSubject } from '../../mail/subject.js';
import type { SkipReason } from '../../model/channel.js';
import type { Publication } from '../../model/store.js';
import type { ThreadMail } from './mails.js';
import type { SendLogLookup } from './send-log.js';

/**
 * Why kvetch must not answer the mail, or null: written by a machine (decided at intake by
 * mail/automated.ts, the one robot detector), or kvetch's own (its From is the bot).
 */
export function botReason(m: Pick<ThreadMail, 'from' | 'automated'>, botAddress: string): string | null {
  const from = m.from.address.toLowerCase();
  if (from && from === botAddress.toLowerCase()) return `it is our own mail (From: ${from})`;
  return m.automated;
}

/** Why the mail is a reply rather than a patch or cover letter, or null. */
export function replyReason(m: Pick<ThreadMail, 'subject' | 'isPatch'>): string | null {
  return parseSubject(m.subject).isReply && !m.isPatch ? `it is a reply, not a patch ("${m.subject}")` : null;
}

/** The JSON the channel keeps in a publication's payload. */
export interface EmailPayload {
  messageId?: string;
  subject?: string;
  to?: string[];
  cc?: string[];
  findings?: number;
  /** When the intent was recorded (the channel's clock). */
  intentAt?: string;
  /** When the SMTP server accepted it, or the .eml was written (dry-run). */
  sentAt?: string;
  /**
   * Recorded sent without the server's reply: the process stopped after the whole mail and
   * its final dot were handed over and before the reply was read (the send log's data end).
   */
  unconfirmed?: boolean;
  dryRun?: boolean;
  file?: string;
  error?: string;
  permanent?: boolean;
  /** Not retried before this instant. */
  retryAfter?: string;
  why?: string;
}

export function readPayload(p: Pick<Publication, 'payload'>): EmailPayload {
  if (!p.payload) return {};
  try {
    const v = JSON.parse(p.payload) as unknown;
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export type ExistingDecision =
  /** Nothing stops a send (no publication, or a failed or abandoned one to retry). */
  | { kind: 'go'; attempts: number }
  /** Stop here: already done, in flight, waiting for its retry time, or given up. */
  | { kind: 'stop'; reason: SkipReason; why: string; final: boolean }
  /**
   * An intent the send log says the server holds: accepted (confirmed), or the attempt in
   * flight had reached its final dot (not confirmed). Record it as sent; never send it again.
   */
  | { kind: 'accepted'; publication: Publication; messageId: string; acceptedAt: Date; confirmed: boolean };

export interface RetryPolicy {
  /** Failed sends are retried at most this many times in all (default 5). */
  maxAttempts: number;
  /** Minutes before the first retry, doubling each time; ×6 after a permanent (5xx) refusal (default 10). */
  backoffMinutes: number;
  /** An intent younger than this is another worker's send in flight (default 10). */
  inFlightMinutes: number;
  /** Random numbers in [0, 1) for the jitter (default Math.random; tests make it predictable). */
  random?: () => number;
}

export const RETRY_DEFAULTS: RetryPolicy = { maxAttempts: 5, backoffMinutes: 10, inFlightMinutes: 10 };

/**
 * When a send that failed `attempts` times may be tried again: full jitter above a floor. The
 * wait is drawn uniformly between one backoff and the exponential cap (backoff × 2^attempts),
 * so it is never shorter than `backoffMinutes` and senders that failed together (an SMTP
 * server down for everyone) spread out instead of coming back at once; ×6 after a permanent
 * (5xx) refusal. With `random` 0 it is exactly one backoff.
 */
export function retryAfter(now: Date, attempts: number, permanent: boolean, r: RetryPolicy): Date {
  const floor = r.backoffMinutes * (permanent ? 6 : 1);
  const cap = floor * 2 ** Math.max(1, attempts);
  const minutes = floor + (r.random ?? Math.random)() * (cap - floor);
  return new Date(now.getTime() + Math.round(minutes * 60_000));
}

/**
 * One reply per series version: what the publications already recorded for it, and the local
 * send log, say. An intent records the attempts before it, so the attempt it started is one more.
 */
export function existingDecision(existing: readonly Publication[], now: Date, r: RetryPolicy, log: SendLogLookup): ExistingDecision {
  for (const p of existing) {
    const pay = readPayload(p);
    if (p.state === 'sent') return { kind: 'stop', reason: 'already-done', why: `already sent to ${p.target} as ${p.externalId ?? pay.messageId ?? '?'}${pay.dryRun ? ' (dry-run)' : ''}`, final: true };
    if (p.state === 'skipped') return { kind: 'stop', reason: 'already-done', why: `already skipped for ${p.target}: ${pay.why ?? 'no reason recorded'}`, final: true };
  }
  for (const p of existing) {
    const id = readPayload(p).messageId;
    const at = id ? log.acceptedAt(id) : null;
    if (id && at) return { kind: 'accepted', publication: p, messageId: id, acceptedAt: at, confirmed: true };
  }
  for (const p of existing) {
    const id = readPayload(p).messageId;
    const at = id && p.state === 'intent' ? log.dataEndAt(id, p.attempts + 1) : null;
    if (id && at) return { kind: 'accepted', publication: p, messageId: id, acceptedAt: at, confirmed: false };
  }
  let attempts = 0;
  for (const p of existing) {
    const pay = readPayload(p);
    attempts = Math.max(attempts, p.attempts);
    if (p.state === 'intent') {
      const since = pay.intentAt ? new Date(pay.intentAt) : p.updatedAt;
      if (now.getTime() - since.getTime() < r.inFlightMinutes * 60_000) return { kind: 'stop', reason: 'not-yet', why: `a send is in flight since ${since.toISOString()}`, final: false };
    }
    if (p.state === 'failed') {
      if (p.attempts >= r.maxAttempts) return { kind: 'stop', reason: 'gave-up', why: `gave up after ${p.attempts} attempts: ${pay.error ?? 'unknown error'}`, final: false };
      if (pay.retryAfter && new Date(pay.retryAfter).getTime() > now.getTime()) return { kind: 'stop', reason: 'not-yet', why: `retry after ${pay.retryAfter} (${pay.error ?? 'failed'})`, final: false };
    }
  }
  return { kind: 'go', attempts };
}

/** The payload a publication the send log resolved is recorded `sent` with. */
export function sentPayload(a: Extract<ExistingDecision, { kind: 'accepted' }>): EmailPayload {
  return { ...readPayload(a.publication), sentAt: a.acceptedAt.toISOString(), ...(a.confirmed ? {} : { unconfirmed: true }) };
}

/** What the send log says of a mail the server may hold, for the skip's why. */
export function handedOver(a: { messageId: string; acceptedAt: Date; confirmed: boolean }): string {
  return a.confirmed
    ? `${a.messageId} was accepted by the SMTP server at ${a.acceptedAt.toISOString()} (send log)`
    : `${a.messageId} was handed to the SMTP server whole, up to its final dot, at ${a.acceptedAt.toISOString()}, and kvetch stopped before the server's reply (send log)`;
}

/** Replies to the list in the hour before `now` (sent publications with their sentAt). */
export function sentInLastHour(pubs: readonly Publication[], list: string, now: Date): number {
  const from = now.getTime() - 3_600_000;
  return pubs.filter((p) => {
    if (p.state !== 'sent' || p.target !== list) return false;
    const t = new Date(readPayload(p).sentAt ?? p.updatedAt.toISOString()).getTime();
    return t > from && t <= now.getTime();
  }).length;
}

/** Null when the rate limit allows one more reply, else why not. */
export function rateLimitReason(pubs: readonly Publication[], list: string, maxPerHour: number, now: Date): string | null {
  const n = sentInLastHour(pubs, list, now);
  return n >= maxPerHour ? `rate limit: ${n} replies to ${list} in the last hour (maxPerHour ${maxPerHour})` : null;
}

/** Null when the embargo is over, else until when it runs. */
export function embargoReason(readyAt: Date, embargoMinutes: number, now: Date): string | null {
  const until = new Date(readyAt.getTime() + embargoMinutes * 60_000);
  return now.getTime() < until.getTime() ? `embargoed until ${until.toISOString()}` : null;
}
