/**
 * ingest/mbox: the streaming splitter. Its messages must be what a plain reading of the whole
 * input gives (separator lines `From <sender> … hh:mm …` counted as git mailsplit would, byte
 * ranges tiling the input, mboxrd quoting undone), whatever the chunking, and the same again
 * through gzip.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { MboxSplitter, type SplitMessage } from '../../../src/ingest/mbox/split.js';
import { readStream } from '../../../src/ingest/mbox/read-stream.js';
import type { Target } from '../harness.js';
import { bodyArb, renderBody, renderMbox } from '../gen-mail.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';

interface Input {
  text: string;
  chunks: number[];
  /** Small limits now and then, to reach the oversized path. */
  limits: { maxMessageBytes: number; headBytes: number } | null;
}

interface Output {
  whole: SplitMessage[];
  chunked: SplitMessage[];
}

const LINES = ['From a@b Thu Jan  1 00:00:00 1970', 'From  a 00:00', 'From a 1:00', 'From x', '>From a@b 00:00', '>>From a', 'From a@b Mon 0:00\r', 'body text', '', ' ', '\r'];

function split(bytes: Buffer, chunks: readonly number[], limits: Input['limits']): SplitMessage[] {
  const out: SplitMessage[] = [];
  const s = new MboxSplitter((m) => out.push(m), limits ?? {});
  if (chunks.length === 0) s.push(bytes);
  else for (let at = 0, k = 0; at < bytes.length; k++) {
    const n = chunks[k % chunks.length] ?? 1;
    s.push(bytes.subarray(at, at + n));
    at += n;
  }
  s.end();
  return out;
}

/** The separator rule, read plainly: `From `, a sender, a space, a time somewhere; at most 1000 bytes. */
export function isSeparator(line: string): boolean {
  return line.length <= 1000 && /^From [^ ]+ /.test(line) && /\d{1,2}:\d\d/.test(line);
}

/** A plain split of the whole input: each message's offset, raw length and bytes. */
export function referenceSplit(text: string, limits: Input['limits']): { offset: number; size: number; bytes: string; oversized: boolean }[] {
  const cuts: number[] = [];
  for (let at = 0; at < text.length; ) {
    const nl = text.indexOf('\n', at);
    const end = nl < 0 ? text.length : nl;
    if (isSeparator(text.slice(at, end))) cuts.push(at);
    at = end + 1;
  }
  const out: { offset: number; size: number; bytes: string; oversized: boolean }[] = [];
  const segments: [number, number, number][] = [];
  if ((cuts[0] ?? text.length) > 0) segments.push([0, 0, cuts[0] ?? text.length]);
  cuts.forEach((c, k) => {
    const nl = text.indexOf('\n', c);
    const body = nl < 0 || nl >= (cuts[k + 1] ?? text.length) ? (cuts[k + 1] ?? text.length) : nl + 1;
    segments.push([c, body, cuts[k + 1] ?? text.length]);
  });
  for (const [offset, from, to] of segments) {
    const raw = text.slice(from, to);
    if (/^[\n\r \t]*$/.test(raw)) continue;
    const oversized = limits !== null && raw.length > limits.maxMessageBytes;
    const kept = oversized && limits ? raw.slice(0, limits.headBytes) : raw;
    out.push({ offset, size: raw.length, bytes: kept.replace(/^>(>*From )/gm, '$1'), oversized });
  }
  return out;
}

const view = (ms: readonly SplitMessage[]): string => JSON.stringify(ms.map((m) => [m.offset, m.size, m.oversized, m.bytes.toString('latin1')]));

export function mboxTarget(): Target<Input, Output> {
  const seeds = loadSeeds().mails;
  const text: fc.Arbitrary<string> = fc.oneof(
    fc.array(bodyArb, { minLength: 1, maxLength: 3 }).map((bs) => renderMbox(bs.map((b) => `From: a@b\nSubject: x\n\n${renderBody(b)}`))),
    fc.tuple(fc.array(fc.nat({ max: seeds.length - 1 }), { minLength: 1, maxLength: 3 }), fc.array(opArb, { maxLength: 6 })).map(([ix, ops]) => mutate(renderMbox(ix.map((i) => seeds[i] ?? '')), ops)),
    fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 20 })), { maxLength: 12 }).map((ls) => ls.join('\n')),
  );
  const arbitrary = fc.record({
    text: text.map((t) => Buffer.from(t, 'utf8').toString('latin1')),
    chunks: fc.array(fc.integer({ min: 1, max: 1500 }), { maxLength: 6 }),
    limits: fc.option(fc.record({ maxMessageBytes: fc.integer({ min: 50, max: 3000 }), headBytes: fc.integer({ min: 10, max: 400 }) }), { nil: null, freq: 8 }),
  });
  return {
    name: 'mbox',
    arbitrary,
    run: (i) => {
      const bytes = Buffer.from(i.text, 'latin1');
      return { whole: split(bytes, [], i.limits), chunked: split(bytes, i.chunks, i.limits) };
    },
    show: (i) => JSON.stringify(i),
    properties: [
      {
        name: 'count equals the From-line count (mailsplit)',
        check: (i, o) => {
          const want = referenceSplit(i.text, i.limits).length;
          return o.whole.length === want ? null : `${o.whole.length} messages, ${want} by the separator lines`;
        },
      },
      {
        name: 'byte ranges tile the input (offsets, sizes, bytes unquoted)',
        check: (i, o) => {
          const want = JSON.stringify(referenceSplit(i.text, i.limits).map((m) => [m.offset, m.size, m.oversized, m.bytes]));
          return view(o.whole) === want ? null : `got ${view(o.whole).slice(0, 600)}, want ${want.slice(0, 600)}`;
        },
      },
      { name: 'any chunking gives the same messages', check: (_i, o) => (view(o.chunked) === view(o.whole) ? null : `chunked ${view(o.chunked).slice(0, 600)}\nwhole ${view(o.whole).slice(0, 600)}`) },
      {
        name: 'gzip input gives the same messages',
        every: 10,
        check: async (i, o) => {
          if (i.text.length === 0) return null;
          const got: SplitMessage[] = [];
          const gz = gzipSync(Buffer.from(i.text, 'latin1'));
          for await (const it of readStream(Readable.from([gz.subarray(0, 7), gz.subarray(7)]), 'x.gz', i.limits ?? {})) {
            if (it.type === 'message') got.push({ offset: it.message.offset, bytes: it.message.bytes, size: it.message.size, oversized: it.message.oversized, truncated: false });
            if (it.type === 'problem') return `problem: ${it.problem.message}`;
          }
          return view(got) === view(o.whole) ? null : `gzip ${view(got).slice(0, 400)}`;
        },
      },
    ],
  };
}
