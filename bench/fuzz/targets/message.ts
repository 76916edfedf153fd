/** mail/message.ts parseMessage: any bytes give a mail with a well-formed identity, the same each time. */
import fc from 'fast-check';
import { parseMessage } from '../../../src/mail/message.js';
import type { MailMessage } from '../../../src/mail/model.js';
import type { RawMessage } from '../../../src/model/raw-message.js';
import type { Target } from '../harness.js';
import { bodyArb, renderBody, renderMail, subjectArb, renderSubject, type GenMail } from '../gen-mail.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';

interface Input {
  text: string;
  gen: GenMail | null;
}

const raw = (text: string): RawMessage => {
  const bytes = Buffer.from(text, 'latin1');
  return { source: 'fuzz.mbox', offset: 7, index: 3, bytes, size: bytes.length, oversized: false, truncated: false };
};

const genMailArb: fc.Arbitrary<GenMail> = fc.record({
  from: fc.constantFrom('Ann Dev <ann@example.org>', '"Dev, Ann" <ann@example.org>', 'ann@example.org', '=?utf-8?q?J=C3=B6rg?= <j@example.de>'),
  messageId: fc.option(fc.stringMatching(/^<[a-z0-9.-]{1,20}@[a-z]{1,10}\.org>$/), { nil: null, freq: 8 }),
  date: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), fc.constantFrom<string | null>(null, 'not a date', 'Thu, 31 Feb 2023 25:61:00 +9999')),
  subject: subjectArb.map(renderSubject),
  inReplyTo: fc.option(fc.constant('<parent@example.org>'), { nil: null }),
  references: fc.array(fc.stringMatching(/^<[a-z0-9]{1,8}@[a-z]{1,6}>$/), { maxLength: 3 }),
  body: bodyArb.map(renderBody),
});

export function messageTarget(): Target<Input, MailMessage> {
  const seeds = loadSeeds().mails;
  const arbitrary: fc.Arbitrary<Input> = fc.oneof(
    { weight: 2, arbitrary: genMailArb.map((g) => ({ text: renderMail(g), gen: g })) },
    { weight: 2, arbitrary: fc.tuple(fc.nat({ max: seeds.length - 1 }), fc.array(opArb, { maxLength: 6 })).map(([i, ops]) => ({ text: mutate(seeds[i] ?? '', ops), gen: null })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }).map((s) => ({ text: Buffer.from(s, 'utf8').toString('latin1'), gen: null })) },
  );
  return {
    name: 'message',
    arbitrary,
    run: (i) => parseMessage(raw(i.text)),
    show: (i) => JSON.stringify(i.text),
    properties: [
      { name: 'Message-ID is one <…> token', check: (_i, m) => (/^<[^<>\s]+>$/.test(m.messageId) ? null : `Message-ID ${JSON.stringify(m.messageId)}`) },
      {
        name: 'generated headers read back (Message-ID, date, references)',
        check: (i, m) => {
          const g = i.gen;
          if (!g) return null;
          if (g.messageId !== null && m.messageId !== g.messageId) return `Message-ID ${m.messageId}, want ${g.messageId}`;
          if (g.messageId === null && !m.messageIdDerived) return 'no Message-ID, not marked derived';
          if (typeof g.date === 'number' && m.date?.getTime() !== g.date * 1000) return `date ${m.date?.toISOString()}, want ${new Date(g.date * 1000).toISOString()}`;
          if (JSON.stringify(m.references) !== JSON.stringify(g.references)) return `references ${JSON.stringify(m.references)}`;
          return null;
        },
      },
      { name: 'date is null or a real date', check: (_i, m) => (m.date === null || !Number.isNaN(m.date.getTime()) ? null : 'invalid Date object') },
      { name: 'origin kept', check: (_i, m) => (m.origin.source === 'fuzz.mbox' && m.origin.offset === 7 && m.origin.index === 3 ? null : JSON.stringify(m.origin)) },
      {
        name: 'parsing is deterministic',
        every: 4,
        check: async (i, m) => (JSON.stringify(await parseMessage(raw(i.text))) === JSON.stringify(m) ? null : 'two parses differ'),
      },
    ],
  };
}
