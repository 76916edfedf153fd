/**
 * Publishing one recipient's digest for one ISO week, exactly once, with the email channel's
 * discipline. The publication is (key `digest:<address>`, revision yyyyww, channel `digest`,
 * target the address). Under the `claimPublishing` lease (several workers), what is recorded
 * decides first (never-spam.ts's existingDecision: sent or skipped is final; an intent the send
 * log shows accepted, or at its final dot, may be with the server and is recorded `sent`; a
 * recent intent is a send in flight; a failure waits for its retry time, and is given up after
 * maxAttempts). Then opt-outs (every kvetch mail, or `digest`) are recorded `skipped`. Then
 * `intent` is recorded FIRST, the mail sent (send-recorded.ts: the send log appended before the
 * final dot and after the SMTP 250), and `sent` recorded; a refusal or dropped connection is
 * recorded `failed`.
 * Dry run (the default) writes `<outDir>/<week>/<stem>.eml` and records it `skipped` with
 * `dryRun`: a later dry run does not write it again, a real run sends it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../model/log.js';
import type { Publication, StateStore } from '../../model/store.js';
import { existingDecision, handedOver, readPayload, sentPayload, type EmailPayload, type RetryPolicy } from '../email/never-spam.js';
import { DIGEST_OPT_OUT } from '../email/opt-out.js';
import type { SendLog } from '../email/send-log.js';
import { sendRecorded } from '../email/send-recorded.js';
import type { Sender } from '../email/smtp.js';
import { parseBotFrom, renderDigestMail, type RenderedDigestMail } from './mail.js';
import type { Digest } from './model.js';
import { digestStem, weekDir } from './outputs.js';

export const DIGEST_CHANNEL = 'digest';

export interface DigestMailer {
  /** The bot's From (channels.email.from). */
  from: string;
  /** The SMTP sender, made when first needed (not in dry run). */
  sender: () => Sender;
  sendLog: SendLog;
  retry: RetryPolicy;
  /** Dry-run mails go to `<outDir>/<week>/<stem>.eml`. */
  outDir: string;
  contact?: string;
}

export interface DigestSendContext {
  store: StateStore;
  now: Date;
  dryRun: boolean;
  worker: string;
  leaseMs: number;
  log: Log;
}

/**
 * What happened: `sent`, `written` (dry run), `skipped` (opted out), `done` (decided before),
 * `waiting` (another worker, a send in flight, a retry not due), `failed` (retried later),
 * `gave-up` (failed maxAttempts times).
 */
export type DigestStatus = 'sent' | 'written' | 'skipped' | 'done' | 'waiting' | 'failed' | 'gave-up';

export interface DigestResult {
  address: string;
  status: DigestStatus;
  why: string;
  messageId?: string;
  file?: string;
}

/** Nothing more to do for the week: every status but waiting and failed. */
export function isFinal(s: DigestStatus): boolean {
  return s !== 'waiting' && s !== 'failed';
}

export function digestKey(address: string): string {
  return `digest:${address}`;
}

type DigestPayload = EmailPayload & { week?: string };

export async function publishDigest(d: Digest, week: { week: string; weekNumber: number }, m: DigestMailer, ctx: DigestSendContext): Promise<DigestResult> {
  const address = d.recipient.address.trim().toLowerCase();
  const key = digestKey(address);
  const revision = week.weekNumber;
  const result = (status: DigestStatus, why: string, more: Partial<DigestResult> = {}): DigestResult => ({ address, status, why, ...more });
  if (!(await ctx.store.claimPublishing(key, revision, DIGEST_CHANNEL, ctx.worker, ctx.now, ctx.leaseMs))) {
    return result('waiting', 'another worker holds the claim');
  }
  const pub = await ctx.store.getPublication(key, revision, DIGEST_CHANNEL, address);
  const wasDryRun = pub !== null && readPayload(pub).dryRun === true;
  if (wasDryRun && ctx.dryRun) return result('done', `already written (dry run) to ${readPayload(pub).file ?? '?'}`);
  // A dry run's record does not stand in the way of the real send.
  const existing = existingDecision(pub && !wasDryRun ? [pub] : [], ctx.now, m.retry, m.sendLog);
  if (existing.kind === 'accepted') {
    const p = existing.publication;
    await putAs(ctx.store, p, 'sent', sentPayload(existing));
    ctx.log.warn({ address, messageId: existing.messageId, confirmed: existing.confirmed }, 'digest was handed to the SMTP server before a crash; recorded as sent');
    return result('done', `${handedOver(existing)}; recorded as sent, not sent again`, { messageId: existing.messageId });
  }
  if (existing.kind === 'stop') {
    const status: DigestStatus = existing.reason === 'gave-up' ? 'gave-up' : existing.final ? 'done' : 'waiting';
    return result(status, existing.why);
  }
  const attempts = existing.attempts;
  const base = { key, revision, channel: DIGEST_CHANNEL, target: address };
  if (await ctx.store.isOptedOut(address, DIGEST_OPT_OUT)) {
    const why = `${address} opted out of the digest`;
    await ctx.store.putPublication({ ...base, state: 'skipped', fingerprint: '', payload: JSON.stringify({ why, week: week.week } satisfies DigestPayload), attempts });
    return result('skipped', why);
  }
  const mail = await renderDigestMail({ from: parseBotFrom(m.from), digest: d, week: week.week, date: ctx.now, ...(m.contact ? { contact: m.contact } : {}) });
  const payload: DigestPayload = { messageId: mail.messageId, subject: mail.subject, to: [address], intentAt: ctx.now.toISOString(), week: week.week };
  const put = (state: 'intent' | 'sent' | 'failed' | 'skipped', p: DigestPayload, n: number) =>
    ctx.store.putPublication({ ...base, state, fingerprint: mail.fingerprint, externalId: mail.messageId, payload: JSON.stringify(p), attempts: n });
  if (ctx.dryRun) {
    const file = join(weekDir(m.outDir, week.week), `${digestStem(address)}.eml`);
    mkdirSync(weekDir(m.outDir, week.week), { recursive: true });
    writeFileSync(file, mail.raw);
    await put('skipped', { ...payload, dryRun: true, file, why: `dry run: written to ${file}` }, attempts);
    return result('written', `dry run: written to ${file}`, { messageId: mail.messageId, file });
  }
  await put('intent', payload, attempts);
  return sendNow(mail, payload, attempts, put, m, ctx, result);
}

async function sendNow(
  mail: RenderedDigestMail,
  payload: DigestPayload,
  attempts: number,
  put: (state: 'sent' | 'failed', p: DigestPayload, n: number) => Promise<void>,
  m: DigestMailer,
  ctx: DigestSendContext,
  result: (status: DigestStatus, why: string, more?: Partial<DigestResult>) => DigestResult,
): Promise<DigestResult> {
  const r = await sendRecorded({ sender: m.sender(), mail, payload, attempts, put, sendLog: m.sendLog, retry: m.retry, now: ctx.now });
  if (!r.sent) return result('failed', r.error.message, { messageId: mail.messageId });
  if (r.sendLogError !== undefined) ctx.log.error({ messageId: mail.messageId, err: r.sendLogError }, 'digest sent but the send log could not be written');
  return result('sent', `sent as ${mail.messageId} (${r.response})`, { messageId: mail.messageId });
}

async function putAs(store: StateStore, p: Publication, state: 'sent', payload: DigestPayload): Promise<void> {
  await store.putPublication({ key: p.key, revision: p.revision, channel: p.channel, target: p.target, state, fingerprint: p.fingerprint, ...(p.externalId ? { externalId: p.externalId } : {}), payload: JSON.stringify(payload), attempts: p.attempts });
}
