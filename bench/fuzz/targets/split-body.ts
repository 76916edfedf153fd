/** mail/split-body.ts splitBody: a generated body's parts are read back; any text splits. */
import fc from 'fast-check';
import { splitBody } from '../../../src/mail/split-body.js';
import type { SplitBody } from '../../../src/mail/body-model.js';
import type { Target } from '../harness.js';
import { bodyArb, renderBody, type GenBody } from '../gen-mail.js';
import { renderDiff } from '../gen-diff.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';

interface Input {
  text: string;
  gen: GenBody | null;
}

export function splitBodyTarget(): Target<Input, SplitBody> {
  const bodies = loadSeeds().mails.map((m) => m.slice(Math.max(0, m.indexOf('\n\n') + 2)));
  const arbitrary: fc.Arbitrary<Input> = fc.oneof(
    { weight: 2, arbitrary: bodyArb.map((g) => ({ text: renderBody(g), gen: g })) },
    { weight: 1, arbitrary: fc.tuple(bodyArb, fc.array(opArb, { minLength: 1, maxLength: 4 })).map(([g, ops]) => ({ text: mutate(renderBody(g), ops), gen: null })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: bodies.length - 1 }), fc.array(opArb, { maxLength: 6 })).map(([i, ops]) => ({ text: mutate(bodies[i] ?? '', ops), gen: null })) },
  );
  return {
    name: 'split-body',
    arbitrary,
    run: (i) => splitBody(i.text),
    show: (i) => JSON.stringify(i.text),
    properties: [
      {
        name: 'a diff found is text of the body, from a diff start',
        check: (i, b) => {
          if (b.diff === null) return null;
          const d = b.diff.replace(/\n$/, '');
          if (!i.text.replace(/\r\n/g, '\n').includes(d)) return 'the diff is not a part of the body';
          return /^(diff |Index: |--- )/.test(b.diff) ? null : `diff starts with ${JSON.stringify(b.diff.slice(0, 20))}`;
        },
      },
      {
        name: 'generated body read back (diff, trailers, signature)',
        check: (i, b) => {
          const g = i.gen;
          if (!g) return null;
          const diff = g.files ? renderDiff(g.files) : null;
          if (diff !== b.diff) return `diff: want ${JSON.stringify(diff?.slice(0, 200))}, got ${JSON.stringify(b.diff?.slice(0, 200))}`;
          const trailers = g.trailers.map(([key, value]) => ({ key, value }));
          if (g.files && JSON.stringify(b.trailers.map((t) => ({ key: t.key, value: t.value }))) !== JSON.stringify(trailers)) {
            return `trailers: want ${JSON.stringify(trailers)}, got ${JSON.stringify(b.trailers)}`;
          }
          const sig = g.signature ?? '';
          return g.files && b.signature !== sig ? `signature: want ${JSON.stringify(sig)}, got ${JSON.stringify(b.signature)}` : null;
        },
      },
      { name: 'splitting is deterministic', check: (i, b) => (JSON.stringify(splitBody(i.text)) === JSON.stringify(b) ? null : 'two splits differ') },
    ],
  };
}
