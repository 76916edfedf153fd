/**
 * The email channel: one plain-text reply per series version, threaded under its cover letter
 * (or first patch), to the author with the list in Cc. Per version: the publications already
 * recorded and the send log decide whether anything is left to do (a skip recorded for other
 * findings, before a late patch re-opened the version, is decided again; a reply sent is final); then policy, automated
 * mail, replies, a newer revision already sent, opt-outs (recorded `skipped` with why), embargo and rate limit (not recorded:
 * tried again on the next call); then `intent` is recorded FIRST, the mail sent (or written
 * to `<outDir>/<key>-v<rev>.eml` in dry-run, the default), the send log appended before the
 * final dot and after the SMTP 250 (send-recorded.ts), and `sent` recorded with the Message-ID. A 4xx, 5xx or dropped connection is
 * recorded `failed` (attempts + 1, the error, when to retry) and retried on a later call.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import addressparser from 'nodemailer/lib/addressparser';
import { findingsDigest } from '../../engine/findings-digest.js';
import type { Address } from '../../model/record.js';
import type { Channel, ChannelContext, Outcome, PublishInput, SkipReason } from '../../model/channel.js';
import { versionChanges } from './changes.js';
import { threadMail } from './mails.js';
import { reviewNotes } from './review-note.js';
import { applyOptOuts } from './opt-out.js';
import { policyFor, recipients, selectFindings, type ListPolicy } from './policy.js';
import { renderReply, type RenderedReply } from './render-reply.js';
import { openSendLog } from './send-log.js';
import { sendRecorded } from './send-recorded.js';
import { createSmtpSender, type Sender, type SmtpOptions } from './smtp.js';
import {
  botReason, embargoReason, existingDecision, handedOver, rateLimitReason, replyReason, RETRY_DEFAULTS, sentPayload, type EmailPayload, type RetryPolicy,
} from './never-spam.js';

export const EMAIL_CHANNEL_ID = 'email';

export interface EmailChannelOptions {
  /** The bot's From: `kvetch bot <kvetch@example.org>`. */
  from: string;
  smtp: SmtpOptions;
  /** Really send (also needs ctx.dryRun false); otherwise write .eml files to outDir. Default false. */
  send?: boolean;
  /** Where dry-run writes `<key>-v<rev>.eml`. */
  outDir: string;
  /** URL under which the repository's `docs/` is served (`<docsBase>/docs/analyzers/<id>.md`). */
  docsBase: string;
  policies: readonly ListPolicy[];
  /** The append-only send log (JSON lines) in the state directory. */
  sendLogPath: string;
  /** How to reach the humans running the bot, named in every reply's footer. */
  contact?: string;
  retry?: Partial<RetryPolicy>;
  /** Sends instead of nodemailer's SMTP transport (another transport, tests). */
  sender?: Sender;
}

export type EmailChannel = Channel & { close(): void };

function parseFrom(from: string): Address {
  const first = addressparser(from, { flatten: true })[0];
  const address = first && 'address' in first ? (first.address ?? '').toLowerCase() : '';
  if (!address.includes('@')) throw new Error(`email channel: "from" must be an address like "kvetch <kvetch@example.org>", got "${from}"`);
  return { name: first?.name ?? '', address };
}

/** Longest file-name stem kept from a series key; longer keys (a b4 change-id is unbounded) end in a digest. */
const MAX_STEM = 120;

/**
 * The dry-run file of a version: `<key>-v<rev>.eml`, the key made file-name safe (only
 * `[A-Za-z0-9._-]`, so never a path separator; a leading dot made `_`) and, when longer than
 * MAX_STEM, cut and suffixed with a digest of the whole key, so the name stays under every
 * file system's 255-byte limit and distinct long keys stay distinct.
 */
export function emlFileName(key: string, revision: number): string {
  let stem = key.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\./, '_');
  if (stem.length > MAX_STEM) stem = `${stem.slice(0, MAX_STEM)}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  return `${stem}-v${revision}.eml`;
}

export function createEmailChannel(opts: EmailChannelOptions): EmailChannel {
  const from = parseFrom(opts.from);
  const retry: RetryPolicy = { ...RETRY_DEFAULTS, ...opts.retry };
  const sendLog = openSendLog(opts.sendLogPath);
  let sender: Sender | undefined = opts.sender;
  const smtp = (): Sender => (sender ??= createSmtpSender(opts.smtp));

  async function publish(input: PublishInput, ctx: ChannelContext): Promise<Outcome> {
    const out: Outcome = { channel: EMAIL_CHANNEL_ID, published: 0, skipped: [], written: [], errors: [] };
    const { key, revision } = input.version;
    const name = `${key} v${revision}`;
    const log = ctx.log;
    let mails;
    try {
      mails = input.records.map(threadMail);
    } catch (e) {
      out.errors.push(`${name}: ${(e as Error).message}`);
      return out;
    }
    const parent = mails[0];
    if (!parent) {
      out.skipped.push({ target: input.source, reason: 'nothing-to-report', why: `${name}: no mail to reply to` });
      return out;
    }
    const policy = policyFor(opts.policies, input.source, parent);
    const target = policy?.list ?? input.source;
    const pubs = await ctx.store.listPublications({ channel: EMAIL_CHANNEL_ID });
    // A version re-opened by a late patch (store/reopen.ts) is decided again when its findings
    // changed and no reply was sent: a skip ("nothing to report") was about the fewer patches.
    const digest = findingsDigest(input.findings);
    const existing = existingDecision(
      pubs.filter((p) => p.key === key && p.revision === revision && !(p.state === 'skipped' && p.fingerprint !== digest)),
      ctx.now,
      retry,
      sendLog,
    );
    if (existing.kind === 'accepted') {
      const p = existing.publication;
      await ctx.store.putPublication({ ...p, state: 'sent', externalId: existing.messageId, payload: JSON.stringify(sentPayload(existing)) });
      out.skipped.push({ target: p.target, reason: 'already-done', why: `${name}: ${handedOver(existing)}; recorded as sent, not sent again` });
      log.warn({ messageId: existing.messageId, confirmed: existing.confirmed }, 'email reply was handed to the SMTP server before a crash; recorded as sent');
      return out;
    }
    if (existing.kind === 'stop') {
      out.skipped.push({ target, reason: existing.reason, why: `${name}: ${existing.why}` });
      return out;
    }
    const attempts = existing.attempts;
    const skip = async (reason: SkipReason, why: string): Promise<Outcome> => {
      const payload: EmailPayload = { why };
      await ctx.store.putPublication({ key, revision, channel: EMAIL_CHANNEL_ID, target, state: 'skipped', fingerprint: digest, payload: JSON.stringify(payload), attempts });
      out.skipped.push({ target, reason, why: `${name}: ${why}` });
      log.info({ reason, why }, 'email reply skipped');
      return out;
    };
    if (!policy) return skip('muted', `no email policy for ${input.source}: muted by default`);
    if (!policy.enabled) return skip('muted', `list ${policy.list} is muted (enabled: false)`);
    const bot = botReason(parent, from.address);
    if (bot) return skip('automated', `no reply to ${parent.messageId}: ${bot}`);
    const answering = replyReason(parent);
    if (answering) return skip('reply', `no reply to ${parent.messageId}: ${answering}`);
    if (input.supersededBy !== undefined) return skip('superseded', `v${input.supersededBy} was sent already; only the newest revision gets a reply`);
    const rcpt = recipients(parent, policy, from.address);
    if (rcpt.to.length === 0) return skip('no-recipient', `${parent.messageId} has no usable From address`);
    const optOuts = await ctx.store.listOptOuts();
    // Fixed findings (of older versions) are told in the summary of changes; the others in full.
    const selected = selectFindings(input.findings, policy);
    const decided = applyOptOuts(optOuts, rcpt, selected);
    if (decided.skip) return skip('opted-out', decided.skip);
    const current = decided.findings.filter((f) => f.versions?.status !== 'fixed');
    if (current.length === 0) {
      return selected.some((f) => f.versions?.status !== 'fixed')
        ? skip('opted-out', 'every finding is of an analyzer the author opted out of')
        : skip('nothing-to-report', `nothing to report at or above ${policy.minSeverity}`);
    }
    const wait = embargoReason(input.version.readyAt, policy.embargoMinutes, ctx.now) ?? rateLimitReason(pubs, target, policy.maxPerHour, ctx.now);
    if (wait) {
      out.skipped.push({ target, reason: 'not-yet', why: `${name}: ${wait}` });
      return out;
    }
    const changes = input.previous ? versionChanges(decided.findings, input.previous.revision) : undefined;
    const reply = await renderReply({
      from, version: { key, revision }, parent, mails, to: rcpt.to, cc: decided.cc, findings: current,
      ...(changes ? { changes } : {}), docsBase: opts.docsBase, date: ctx.now, ...(opts.contact ? { contact: opts.contact } : {}),
      review: reviewNotes(input.series, current),
    });
    const base: EmailPayload = {
      messageId: reply.messageId, subject: reply.subject, to: reply.to.map((a) => a.address), cc: reply.cc.map((a) => a.address), findings: current.length, intentAt: ctx.now.toISOString(),
    };
    const put = (state: 'intent' | 'sent' | 'failed', payload: EmailPayload, n: number) =>
      ctx.store.putPublication({ key, revision, channel: EMAIL_CHANNEL_ID, target, state, fingerprint: reply.digest, externalId: reply.messageId, payload: JSON.stringify(payload), attempts: n });
    await put('intent', base, attempts);
    if (ctx.dryRun || opts.send !== true) return writeDryRun(reply, base, attempts, put, out, log);
    return sendNow(reply, base, attempts, put, out, ctx, log);
  }

  async function writeDryRun(reply: RenderedReply, base: EmailPayload, attempts: number, put: Put, out: Outcome, log: ChannelContext['log']): Promise<Outcome> {
    const file = join(opts.outDir, emlFileName(reply.version.key, reply.version.revision));
    try {
      mkdirSync(opts.outDir, { recursive: true });
      writeFileSync(file, reply.raw);
    } catch (e) {
      out.errors.push(`cannot write the dry-run mail ${file}: ${(e as Error).message}`);
      await put('failed', { ...base, dryRun: true, error: (e as Error).message }, attempts + 1);
      return out;
    }
    await put('sent', { ...base, dryRun: true, file, sentAt: base.intentAt! }, attempts);
    out.written.push(file);
    out.published++;
    log.info({ file, messageId: reply.messageId }, 'email reply written (dry-run)');
    return out;
  }

  async function sendNow(reply: RenderedReply, base: EmailPayload, attempts: number, put: Put, out: Outcome, ctx: ChannelContext, log: ChannelContext['log']): Promise<Outcome> {
    const r = await sendRecorded({ sender: smtp(), mail: reply, payload: base, attempts, put, sendLog, retry, now: ctx.now });
    if (!r.sent) {
      out.errors.push(r.error.message);
      log.warn({ err: r.error.message, attempts: r.attempts }, 'email reply failed; will retry');
      return out;
    }
    if (r.sendLogError !== undefined) out.errors.push(`${reply.messageId} was sent but ${r.sendLogError}`);
    out.published++;
    log.info({ messageId: reply.messageId, to: base.to, cc: base.cc, response: r.response }, 'email reply sent');
    return out;
  }

  return {
    id: EMAIL_CHANNEL_ID,
    publish,
    close() {
      sender?.close();
    },
  };
}

type Put = (state: 'intent' | 'sent' | 'failed', payload: EmailPayload, attempts: number) => Promise<void>;
