/**
 * One send of a mail whose `intent` is already recorded, the way the email channel and the
 * weekly digest both do it: send over SMTP, and once the server has the whole mail append the
 * attempt's data end to the send log before the final dot goes (a crash from there on may
 * leave the mail with the server, so it is never sent again; a crash before it cannot, as a
 * server drops a DATA that never ended, so it is sent again). On a refusal or a dropped
 * connection record `failed` with the attempt count, the error and when to retry; on the
 * server's 250 append the acceptance to the send log, then record `sent`, noting recipients
 * the server refused. A send log that cannot be written stops the send before the dot.
 */
import { retryAfter, type EmailPayload, type RetryPolicy } from './never-spam.js';
import type { SendLog } from './send-log.js';
import { explainSmtpError, SmtpError, type Sender } from './smtp.js';

export interface RecordedMail {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  messageId: string;
}

export type SendOutcome =
  | { sent: true; response: string; /** The send log could not be written (the mail went out and is recorded sent). */ sendLogError?: string }
  | { sent: false; error: SmtpError; attempts: number };

export async function sendRecorded<P extends EmailPayload>(o: {
  sender: Sender;
  mail: RecordedMail;
  payload: P;
  attempts: number;
  put: (state: 'sent' | 'failed', payload: P, attempts: number) => Promise<void>;
  sendLog: SendLog;
  retry: RetryPolicy;
  now: Date;
}): Promise<SendOutcome> {
  let accepted;
  try {
    const attempt = o.attempts + 1;
    accepted = await o.sender.send(o.mail.envelope, o.mail.raw, o.mail.messageId, () => o.sendLog.recordDataEnd({ messageId: o.mail.messageId, attempt, dataEndAt: o.now }));
  } catch (e) {
    const error = e instanceof SmtpError ? e : explainSmtpError(e, o.sender.where, o.mail.messageId);
    const n = o.attempts + 1;
    await o.put('failed', { ...o.payload, error: error.message, permanent: error.permanent, retryAfter: retryAfter(o.now, n, error.permanent, o.retry).toISOString() }, n);
    return { sent: false, error, attempts: n };
  }
  let sendLogError: string | undefined;
  try {
    o.sendLog.record({ messageId: o.mail.messageId, acceptedAt: o.now, response: accepted.response });
  } catch (e) {
    sendLogError = (e as Error).message;
  }
  await o.put('sent', { ...o.payload, sentAt: o.now.toISOString(), ...(accepted.rejected.length ? { error: `refused recipients: ${accepted.rejected.join(', ')}` } : {}) }, o.attempts + 1);
  return { sent: true, response: accepted.response, ...(sendLogError !== undefined ? { sendLogError } : {}) };
}
