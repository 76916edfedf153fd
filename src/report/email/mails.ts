/**
 * The version's mails as the email channel needs them, read from their records (parsed once,
 * at intake, with what a reply needs): nothing here parses mail.
 */
import type { Address, MessageRecord } from '../../model/record.js';

export interface ThreadMail {
  /** With angle brackets. */
  messageId: string;
  subject: string;
  from: Address;
  /** The patch's author when its body names one (in-body From:) and it is not the sender: the reply goes to them. */
  author?: Address;
  to: Address[];
  cc: Address[];
  /** References, oldest first, angle brackets kept. */
  references: string[];
  /** Lower-cased header names: auto-submitted, precedence, list-id, x-mailing-list, x-patchwork-hint… */
  headers: Record<string, string>;
  /** The patch's diff text (what quoted hunks come from); '' for other mails. */
  text: string;
  /** Holds a line-anchored diff (a reply quoting one with `> ` does not). */
  isPatch: boolean;
  /** `2` of `[PATCH 2/7]`, 0 for a cover letter, null when the subject has no counter. */
  index: number | null;
  total: number | null;
  /** Why a machine wrote it (mail/automated.ts, decided at intake), null for a human. */
  automated: string | null;
}

/** One record as a thread mail; a record kept without reply facts is an error naming the mail. */
export function threadMail(r: MessageRecord): ThreadMail {
  const reply = r.reply;
  if (!reply) throw new Error(`message ${r.messageId} was stored without what a reply needs (its record has no reply facts)`);
  return {
    messageId: r.messageId,
    subject: r.subject,
    from: reply.from,
    ...(r.inBody?.from && r.inBody.from.address !== reply.from.address ? { author: r.inBody.from } : {}),
    to: reply.to,
    cc: reply.cc,
    references: r.references,
    headers: reply.headers,
    text: reply.diff ?? '',
    isPatch: r.hasDiff,
    index: r.parsedSubject.index,
    total: r.parsedSubject.total,
    automated: r.automated,
  };
}
