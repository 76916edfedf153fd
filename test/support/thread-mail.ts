/** A ThreadMail (the email channel's view of a mail) with defaults, for the pure rules' tests. */
import type { MessageRecord } from '../../src/model/record.js';
import { processMessage } from '../../src/pipeline/process-message.js';
import { threadMail as toThreadMail, type ThreadMail } from '../../src/report/email/mails.js';

export function threadMail(over: Partial<ThreadMail> = {}): ThreadMail {
  return {
    messageId: '<cover.1@example.org>',
    subject: '[PATCH v2 0/2] gpio: frob: add a frobnicator',
    from: { name: 'Zoë Hacker', address: 'zoe@example.org' },
    to: [],
    cc: [],
    references: [],
    headers: {},
    text: '',
    isPatch: false,
    index: 0,
    total: 2,
    automated: null,
    ...over,
  };
}

/** A raw mail as the email channel sees it: parsed once with reply facts, as intake does. */
export async function threadMailOf(raw: string | Buffer, source = 'test'): Promise<ThreadMail> {
  return toThreadMail(await recordOf(raw, source));
}

/** A raw mail's record as intake keeps it (parsed once, with reply facts). */
export async function recordOf(raw: string | Buffer, source = 'test'): Promise<MessageRecord> {
  const bytes = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  return processMessage({ source, offset: 0, index: 0, bytes, size: bytes.length, oversized: false, truncated: false }, { reply: true });
}
