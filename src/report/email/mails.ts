/**
 * The version's mails as the email channel needs them: who wrote each, to whom, its threading
 * headers, its text and whether it holds a diff. Parsing is mail/message.ts's job.
 */
import { parseMessage } from '../../mail/message.js';
import type { Address } from '../../model/record.js';
import { parseSubject } from '../../mail/subject.js';
import { parseDiff } from '../../diff/parse.js';
import type { StoredMessage } from '../../model/store.js';

export interface ThreadMail {
  /** With angle brackets. */
  messageId: string;
  subject: string;
  from: Address;
  to: Address[];
  cc: Address[];
  /** References, oldest first, angle brackets kept. */
  references: string[];
  /** Lower-cased header names: auto-submitted, precedence, list-id, x-mailing-list, x-patchwork-hint… */
  headers: Record<string, string>;
  /** The body text and any attached patch parts: where quoted hunks come from. */
  text: string;
  /** Holds a line-anchored diff (a reply quoting one with `> ` does not). */
  isPatch: boolean;
  /** `2` of `[PATCH 2/7]`, 0 for a cover letter, null when the subject has no counter. */
  index: number | null;
  total: number | null;
}

/** Parses one stored mail; an error names its Message-ID. */
export async function readMail(m: StoredMessage): Promise<ThreadMail> {
  let mail;
  try {
    mail = await parseMessage({ source: m.source, offset: 0, index: 0, bytes: m.raw, size: m.raw.length, oversized: false, truncated: false });
  } catch (e) {
    throw new Error(`cannot parse stored message ${m.messageId}: ${(e as Error).message}`);
  }
  const text = [mail.text, ...mail.patchParts].join('\n');
  const subject = parseSubject(mail.subject);
  return {
    messageId: mail.messageIdDerived ? m.messageId : mail.messageId,
    subject: mail.subject,
    from: mail.from,
    to: mail.to,
    cc: mail.cc,
    references: mail.references,
    headers: mail.headers,
    text,
    isPatch: parseDiff(text).files.length > 0,
    index: subject.index,
    total: subject.total,
  };
}

export async function readMails(ms: readonly StoredMessage[]): Promise<ThreadMail[]> {
  const out: ThreadMail[] = [];
  for (const m of ms) out.push(await readMail(m));
  return out;
}
