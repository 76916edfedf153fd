/**
 * Generated mail: subjects with what they say (version, counter, reply), patch bodies (message,
 * trailers, notes, diffstat, diff, signature) and whole series as an mbox, with the odd cases
 * real archives have: missing or repeated mails, replies before their patch, unparsable dates,
 * Message-IDs missing or reused, counters out of range.
 */
import fc from 'fast-check';
import { diffArb, renderDiff, renderDiffstat, type GenFile } from './gen-diff.js';

export interface GenSubject {
  re: number;
  rfc: boolean;
  resend: boolean;
  tags: string[];
  version: number | null;
  counter: [number, number] | null;
  padded: boolean;
  title: string;
}

const TITLES = ['KVM: x86: move page-track declarations', 'vfio: add a thing', 'module: export the namespace', 'arm64: select KVM_VFIO', 'net: fix a leak'];
const TAGS = ['net-next', 'bpf', 'linux-next', 'stable'];
const word = fc.stringMatching(/^[a-z][a-z0-9_-]{0,8}$/);

export const subjectArb: fc.Arbitrary<GenSubject> = fc
  .record({
    re: fc.nat({ max: 2 }),
    rfc: fc.boolean(),
    resend: fc.boolean(),
    tags: fc.subarray(TAGS, { maxLength: 2 }),
    version: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
    total: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
    at: fc.nat(),
    padded: fc.boolean(),
    // A title opening with `v3:` is a version marker (subject.ts), not a title: left out.
    title: fc.oneof(fc.constantFrom(...TITLES), fc.tuple(word.filter((w) => !/^v\d+$/.test(w)), word, word).map(([a, b, c]) => `${a}: ${b} ${c}`)),
  })
  .map((s) => ({
    re: s.re,
    rfc: s.rfc,
    resend: s.resend,
    tags: s.tags,
    version: s.version,
    counter: s.total === null ? null : ([s.at % (s.total + 1), s.total] as [number, number]),
    padded: s.padded,
    title: s.title,
  }));

export function renderSubject(s: GenSubject): string {
  const parts = [...(s.rfc ? ['RFC'] : []), 'PATCH', ...s.tags];
  if (s.version !== null) parts.push(`v${s.version}`);
  if (s.counter) {
    const [i, n] = s.counter;
    parts.push(`${s.padded ? String(i).padStart(String(n).length, '0') : i}/${n}`);
  }
  if (s.resend) parts.push('RESEND');
  return `${'Re: '.repeat(s.re)}[${parts.join(' ')}] ${s.title}`;
}

export interface GenBody {
  message: string[];
  trailers: [string, string][];
  notes: string[];
  files: GenFile[] | null;
  signature: string | null;
}

const TRAILER_KEYS = ['Signed-off-by', 'Reviewed-by', 'Acked-by', 'Cc', 'Fixes', 'Link'];
const sentence = fc.stringMatching(/^[A-Z][a-z ,.()]{0,50}[a-z.]$/);

export const bodyArb: fc.Arbitrary<GenBody> = fc.record({
  message: fc.array(sentence, { minLength: 1, maxLength: 5 }),
  trailers: fc.array(fc.tuple(fc.constantFrom(...TRAILER_KEYS), fc.stringMatching(/^[A-Z][a-z]{1,8} <[a-z]{1,8}@[a-z]{1,8}\.org>$/)), { maxLength: 4 }),
  notes: fc.array(sentence, { maxLength: 2 }),
  files: fc.option(diffArb, { nil: null, freq: 4 }),
  signature: fc.option(fc.constantFrom('2.43.0', '2.39.2'), { nil: null }),
});

export function renderBody(b: GenBody): string {
  let s = b.message.join('\n') + '\n';
  if (b.trailers.length > 0) s += '\n' + b.trailers.map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
  if (b.files) {
    s += '---\n';
    if (b.notes.length > 0) s += b.notes.join('\n') + '\n\n';
    s += renderDiffstat(b.files) + '\n' + renderDiff(b.files);
  }
  if (b.signature !== null) s += `-- \n${b.signature}\n`;
  return s;
}

export interface GenMail {
  from: string;
  messageId: string | null;
  /** Seconds since the epoch, or an unparsable Date header. */
  date: number | string | null;
  subject: string;
  inReplyTo: string | null;
  references: string[];
  body: string;
}

export function renderMail(m: GenMail): string {
  const h = [`From: ${m.from}`, `Subject: ${m.subject}`];
  if (m.date !== null) h.push(`Date: ${typeof m.date === 'string' ? m.date : new Date(m.date * 1000).toUTCString().replace('GMT', '+0000')}`);
  if (m.messageId !== null) h.push(`Message-ID: ${m.messageId}`);
  if (m.inReplyTo) h.push(`In-Reply-To: ${m.inReplyTo}`);
  if (m.references.length > 0) h.push(`References: ${m.references.join(' ')}`);
  h.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', 'Content-Transfer-Encoding: 8bit');
  return h.join('\n') + '\n\n' + m.body;
}

/** An mbox of these mails (mboxrd: body lines `From ` and `>From ` get one more `>`). */
export function renderMbox(mails: readonly string[]): string {
  return mails.map((m) => `From mboxrd@z Thu Jan  1 00:00:00 1970\n${m.replace(/^(>*From )/gm, '>$1')}${m.endsWith('\n') ? '' : '\n'}`).join('');
}

export interface GenRun {
  mails: GenMail[];
}

const AUTHORS = ['Ann Dev <ann@example.org>', 'Bob Maint <bob@example.org>', 'Carl <carl@example.com>'];
const BAD_DATES = ['not a date at all', 'Thu, 31 Feb 2023 25:61:00 +9999', ''];
const ODD_COUNTERS = ['3/0', '5/3', '1/99999', '0/0', '2/1'];

/** One series (cover + patches + replies) with what can go wrong in an archive. */
const seriesArb = (n: number): fc.Arbitrary<GenMail[]> =>
  fc
    .record({
      author: fc.constantFrom(...AUTHORS),
      total: fc.integer({ min: 1, max: 5 }),
      version: fc.option(fc.integer({ min: 2, max: 4 }), { nil: null }),
      cover: fc.boolean(),
      t0: fc.integer({ min: 1_600_000_000, max: 1_700_000_000 }),
      bodies: fc.array(bodyArb, { minLength: 5, maxLength: 5 }),
      drop: fc.array(fc.nat({ max: 6 }), { maxLength: 2 }),
      replies: fc.array(fc.tuple(fc.nat({ max: 5 }), fc.boolean()), { maxLength: 3 }),
      odd: fc.option(fc.tuple(fc.constantFrom('bad-date', 'no-id', 'reused-id', 'odd-counter', 'dup', 'no-refs'), fc.nat({ max: 5 }), fc.nat()), { nil: null, freq: 2 }),
    })
    .map((x) => {
      const v = x.version === null ? '' : ` v${x.version}`;
      const id = (i: number): string => `<s${n}-${x.version ?? 1}-${i}@example.org>`;
      const out: GenMail[] = [];
      const cover = id(0);
      if (x.cover) out.push({ from: x.author, messageId: cover, date: x.t0, subject: `[PATCH${v} 0/${x.total}] series ${n}`, inReplyTo: null, references: [], body: 'A cover letter.\n' });
      for (let i = 1; i <= x.total; i++) {
        const body = renderBody({ ...(x.bodies[i - 1] as GenBody), files: x.bodies[i - 1]?.files ?? null });
        const refs = x.cover ? [cover] : i > 1 ? [id(1)] : [];
        out.push({ from: x.author, messageId: id(i), date: x.t0 + i, subject: `[PATCH${v} ${i}/${x.total}] part ${i} of series ${n}`, inReplyTo: refs[0] ?? null, references: refs, body });
      }
      for (const [k, quote] of x.replies) {
        const parent = out[k % out.length] as GenMail;
        out.push({ from: 'Rev <rev@example.net>', messageId: `<r${n}-${k}-${out.length}@example.net>`, date: x.t0 + 100, subject: `Re: ${parent.subject}`, inReplyTo: parent.messageId, references: [...parent.references, parent.messageId ?? ''], body: quote ? parent.body.replace(/^/gm, '> ') : 'Looks good.\n' });
      }
      if (x.odd) {
        const [kind, k, z] = x.odd;
        const m = out[k % out.length] as GenMail;
        if (kind === 'bad-date') m.date = BAD_DATES[z % BAD_DATES.length] ?? '';
        else if (kind === 'no-id') m.messageId = null;
        else if (kind === 'reused-id') m.messageId = (out[z % out.length] as GenMail).messageId;
        else if (kind === 'odd-counter') m.subject = m.subject.replace(/\d+\/\d+/, ODD_COUNTERS[z % ODD_COUNTERS.length] ?? '');
        else if (kind === 'dup') out.push({ ...m });
        else {
          m.inReplyTo = null;
          m.references = [];
        }
      }
      const dropped = new Set(x.drop);
      return out.filter((_, i) => !dropped.has(i));
    });

/** A few series, their mails shuffled now and then (archives merged, replies first). */
export const runArb: fc.Arbitrary<GenRun> = fc
  .tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), fc.boolean())
  .chain(([ns, shuffle]) => fc.tuple(...ns.map((_, i) => seriesArb(i))).chain((groups) => {
    const mails = groups.flat();
    return shuffle ? fc.shuffledSubarray(mails, { minLength: mails.length, maxLength: mails.length }).map((m) => ({ mails: m })) : fc.constant({ mails });
  }));
