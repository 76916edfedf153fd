/** A ThreadMail (the email channel's view of a mail) with defaults, for the pure rules' tests. */
import type { ThreadMail } from '../../src/report/email/mails.js';

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
    ...over,
  };
}
