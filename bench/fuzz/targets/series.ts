/**
 * mail/series.ts SeriesAssembler: every record ends in exactly one place (a series' patch,
 * cover or reply, an orphan or a duplicate), `complete` means every number 1..total is
 * there, and the output grows with the input, not with the numbers in subjects.
 */
import fc from 'fast-check';
import { SeriesAssembler, type Assembly } from '../../../src/mail/series.js';
import { parseSubject } from '../../../src/mail/subject.js';
import type { MailKind, MessageRecord } from '../../../src/model/record.js';
import type { Target } from '../harness.js';

const AUTHORS = ['ann@example.org', 'bob@example.org', 'carl@example.com'];
const COUNTERS = ['1/3', '2/3', '3/3', '0/3', '1/1', '1/2', '2/2', ''];
/** Counters out of range: rarer, so that most inputs still build real series. */
const ODD_COUNTERS = ['3/0', '5/3', '0/0', '4/2'];

const specArb = fc.record({
  id: fc.nat({ max: 14 }),
  author: fc.nat({ max: 2 }),
  minutes: fc.option(fc.integer({ min: 0, max: 60 }), { nil: null, freq: 8 }),
  version: fc.constantFrom('', 'v2 ', 'v3 '),
  counter: fc.oneof({ weight: 30, arbitrary: fc.constantFrom(...COUNTERS) }, { weight: 2, arbitrary: fc.constantFrom(...ODD_COUNTERS) }, { weight: 1, arbitrary: fc.constant('1/99999') }),
  reply: fc.boolean(),
  parent: fc.option(fc.nat({ max: 14 }), { nil: null }),
  refs: fc.array(fc.nat({ max: 14 }), { maxLength: 2 }),
});
export type Spec = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

export function toRecord(s: Spec, index: number): MessageRecord {
  const subject = `${s.reply ? 'Re: ' : ''}[PATCH ${s.version}${s.counter}] thing ${s.author}`;
  const ps = parseSubject(subject);
  const kind: MailKind = s.reply ? 'comment' : ps.index === 0 ? 'cover' : 'patch';
  return {
    index,
    source: 'fuzz.mbox',
    offset: index * 100,
    messageId: `<m${s.id}@example.org>`,
    messageIdDerived: false,
    author: AUTHORS[s.author] ?? '',
    authorAddress: AUTHORS[s.author] ?? '',
    date: s.minutes === null ? null : new Date(Date.UTC(2023, 0, 1, 0, s.minutes)).toISOString(),
    subject,
    parsedSubject: ps,
    inReplyTo: s.parent === null ? null : `<m${s.parent}@example.org>`,
    references: s.refs.map((r) => `<m${r}@example.org>`),
    kind,
    hasDiff: kind === 'patch',
    automated: null,
    files: [],
    changeId: null,
    problems: [],
  };
}

export function seriesTarget(): Target<MessageRecord[], Assembly> {
  return {
    name: 'series',
    arbitrary: fc.array(specArb, { minLength: 1, maxLength: 12 }).map((specs) => specs.map(toRecord)),
    run: (records) => {
      const a = new SeriesAssembler();
      for (const r of records) a.add(structuredClone(r));
      return a.finish();
    },
    show: (records) => JSON.stringify(records.map((r) => ({ messageId: r.messageId, subject: r.subject, kind: r.kind, date: r.date, author: r.authorAddress, inReplyTo: r.inReplyTo, references: r.references }))),
    properties: [
      {
        name: 'every record ends in exactly one place (patch, cover, reply, orphan or duplicate)',
        check: (records, a) => {
          const places = new Map<string, number>();
          const put = (id: string): void => void places.set(id, (places.get(id) ?? 0) + 1);
          for (const s of a.series) {
            if (s.cover) put(s.cover.messageId);
            // A partial reroll's patch taken from the older revision is that revision's (next property).
            for (const p of s.patches) if (p.fromRevision === undefined) put(p.messageId);
            for (const r of s.replies) put(r.messageId);
          }
          for (const o of a.orphans) put(o);
          for (const d of a.duplicateMails) put(d.messageId);
          const want = new Map<string, number>();
          for (const r of records) want.set(r.messageId, (want.get(r.messageId) ?? 0) + 1);
          for (const [id, n] of want) if (places.get(id) !== n) return `${id}: ${n} records, ${places.get(id) ?? 0} places`;
          for (const [id] of places) if (!want.has(id)) return `${id} appears from nowhere`;
          return null;
        },
      },
      {
        name: "a patch a reroll took from an older revision is that revision's, same key, same number",
        check: (_r, a) => {
          for (const s of a.series) {
            for (const p of s.patches) {
              if (p.fromRevision === undefined) continue;
              const home = a.series.find((o) => o.revision === p.fromRevision && o.patches.some((x) => x.messageId === p.messageId && x.index === p.index && x.fromRevision === undefined));
              if (!home) return `${p.messageId} (patch ${p.index} of "${s.subject}" v${s.revision}) is from v${p.fromRevision}, where no series holds it`;
              if (home.key.replace(/~\d+$/, '') !== s.key.replace(/~\d+$/, '') || s.rerollOf === undefined) return `${p.messageId}: reroll v${s.revision} (${s.key}, rerollOf ${s.rerollOf}) and v${home.revision} (${home.key}) are not one series`;
            }
          }
          return null;
        },
      },
      {
        name: 'complete implies every number 1..total present',
        check: (_r, a) => {
          for (const s of a.series) {
            if (!s.complete) continue;
            // Numbers above total are extras (patchwork keeps them too); 0 is no number.
            const inRange = s.patches.filter((p) => p.index >= 1 && p.index <= s.total);
            const exact = s.missing.length === 0 && inRange.length === s.total && inRange.every((p, i) => p.index === i + 1);
            if (!exact) return `series "${s.subject}" v${s.revision} complete with patches [${s.patches.map((p) => p.index).join(',')}] of ${s.total}, missing ${JSON.stringify(s.missing.slice(0, 10))}`;
          }
          return null;
        },
      },
      {
        name: 'missing lists exactly the absent numbers 1..total',
        check: (_r, a) => {
          for (const s of a.series) {
            const have = new Set(s.patches.map((p) => p.index));
            const listed = s.missing.flatMap((r) => (r.to - r.from > s.total ? [-1] : Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i)));
            let k = 0;
            for (let i = 1; i <= s.total; i++) {
              if (have.has(i)) continue;
              if (listed[k] !== i) return `series "${s.subject}": missing[${k}] is ${listed[k]}, want ${i}`;
              k++;
            }
            if (k !== listed.length) return `series "${s.subject}": ${listed.length} missing, want ${k}`;
          }
          return null;
        },
      },
      {
        name: 'series key@revision unique',
        check: (_r, a) => {
          const keys = a.series.map((s) => `${s.key}@${s.revision}`);
          return new Set(keys).size === keys.length ? null : `repeated keys ${keys.join(' ')}`;
        },
      },
      {
        name: 'output grows with the input (at most 2 KB per record)',
        check: (records, a) => {
          const n = JSON.stringify(a).length;
          return n <= 2048 * records.length ? null : `${n} bytes of series for ${records.length} records`;
        },
      },
    ],
  };
}
