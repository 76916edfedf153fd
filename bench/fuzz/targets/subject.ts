/** mail/subject.ts parseSubject: what a generated subject says is read back; any text parses. */
import fc from 'fast-check';
import { parseSubject } from '../../../src/mail/subject.js';
import type { ParsedSubject } from '../../../src/model/subject.js';
import type { Target } from '../harness.js';
import { renderSubject, subjectArb, type GenSubject } from '../gen-mail.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';

interface Input {
  text: string;
  gen: GenSubject | null;
}

export function subjectTarget(): Target<Input, ParsedSubject> {
  const subjects = loadSeeds().mails.map((m) => /^Subject: ?(.*)$/im.exec(m)?.[1] ?? '').filter((s) => s !== '');
  const arbitrary: fc.Arbitrary<Input> = fc.oneof(
    { weight: 3, arbitrary: subjectArb.map((g) => ({ text: renderSubject(g), gen: g })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: subjects.length - 1 }), fc.array(opArb, { maxLength: 4 })).map(([i, ops]) => ({ text: mutate(subjects[i] ?? '', ops), gen: null })) },
    { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }).map((text) => ({ text, gen: null })) },
  );
  const expect = (g: GenSubject, p: ParsedSubject): string | null => {
    const want = { isReply: g.re > 0, rfc: g.rfc, resend: g.resend, version: g.version ?? 1, index: g.counter?.[0] ?? null, total: g.counter?.[1] ?? null, title: g.title };
    const got = { isReply: p.isReply, rfc: p.rfc, resend: p.resend, version: p.version, index: p.index, total: p.total, title: p.title };
    return JSON.stringify(want) === JSON.stringify(got) ? null : `want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
  };
  return {
    name: 'subject',
    arbitrary,
    run: (i) => parseSubject(i.text),
    show: (i) => JSON.stringify(i.text),
    properties: [
      { name: 'generated subject read back (reply, rfc, version, index/total, title)', check: (i, p) => (i.gen ? expect(i.gen, p) : null) },
      {
        name: 'index and total both present or both absent',
        check: (_i, p) => ((p.index === null) === (p.total === null) ? null : `index ${p.index}, total ${p.total}`),
      },
      {
        name: 'counter inferred iff absent, version >= 1',
        check: (_i, p) => (p.counterInferred !== (p.index === null) ? `counterInferred ${p.counterInferred} with index ${p.index}` : p.version >= 1 ? null : `version ${p.version}`),
      },
      { name: 'parsing is deterministic', check: (i, p) => (JSON.stringify(parseSubject(i.text)) === JSON.stringify(p) ? null : 'two parses differ') },
    ],
  };
}
