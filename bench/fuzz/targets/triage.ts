/**
 * pipeline/triage.ts, the whole core in this process: generated series and mutated real
 * archives as an mbox. Every mail with a diff is accounted for, `complete` is honest, the
 * report is bounded by the input and the same for two runs, for gzip and chunked stream
 * input, and for two worker threads.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { readBytes, readStream } from '../../../src/ingest/mbox/read-stream.js';
import type { IngestItem } from '../../../src/model/raw-message.js';
import type { MessageRecord } from '../../../src/model/record.js';
import type { RunResult } from '../../../src/model/series.js';
import { processMessage } from '../../../src/pipeline/process-message.js';
import { triage } from '../../../src/pipeline/triage.js';
import type { Target } from '../harness.js';
import { renderMail, renderMbox, runArb } from '../gen-mail.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';
import { accounted, bounded, completeHonest, withoutSources } from '../triage-props.js';

export interface Output {
  result: RunResult;
  json: string;
}

/** An mbox: generated series, or a few real mails with mutations. */
export function mboxArb(): fc.Arbitrary<string> {
  const seeds = loadSeeds().mails;
  return fc.oneof(
    { weight: 3, arbitrary: runArb.map((r) => renderMbox(r.mails.map(renderMail))) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.array(fc.nat({ max: seeds.length - 1 }), { minLength: 1, maxLength: 4 }), fc.array(opArb, { maxLength: 6 }))
        .map(([ix, ops]) => mutate(renderMbox(ix.map((i) => seeds[i] ?? '')), ops)),
    },
  );
}

export const asBuffer = (text: string): Buffer => Buffer.from(text, 'latin1');

/** The records the pipeline makes of each mail of the mbox (the accounting's reference). */
export async function recordsOf(bytes: Buffer): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  for await (const it of readBytes(bytes, 'fuzz.mbox')) if (it.type === 'message') out.push(await processMessage({ ...it.message }, { analyze: false }));
  return out;
}

async function report(items: AsyncIterable<IngestItem>, jobs = 1): Promise<Output> {
  const result = await triage(items, { jobs, sources: ['fuzz.mbox'] });
  return { result, json: JSON.stringify(result) };
}

export function triageTarget(): Target<string, Output> {
  return {
    name: 'triage',
    arbitrary: mboxArb(),
    run: (text) => report(readBytes(asBuffer(text), 'fuzz.mbox')),
    show: (text) => JSON.stringify(text),
    weight: 10,
    properties: [
      { name: 'every mail with a diff is a patch or named by an input/* finding', check: async (text, o) => accounted(await recordsOf(asBuffer(text)), o.result) },
      { name: 'complete implies all numbers present', check: (_t, o) => completeHonest(o.result) },
      { name: 'report bounded by the input', check: (text, o) => bounded(text.length, o.json) },
      {
        name: 'report identical on a second run',
        every: 5,
        check: async (text, o) => ((await report(readBytes(asBuffer(text), 'fuzz.mbox'))).json === o.json ? null : 'two runs of the same mbox differ'),
      },
      {
        name: 'report identical for gzip and chunked stream input',
        every: 5,
        check: async (text, o) => {
          if (text.length === 0) return null;
          const bytes = asBuffer(text);
          const gz = await report(readBytes(gzipSync(bytes), 'fuzz.mbox'));
          if (withoutSources(gz.json) !== withoutSources(o.json)) return 'gzip input gives another report';
          const chunks = Array.from({ length: Math.ceil(bytes.length / 97) }, (_, k) => bytes.subarray(k * 97, k * 97 + 97));
          const st = await report(readStream(Readable.from(chunks), 'fuzz.mbox'));
          return withoutSources(st.json) === withoutSources(o.json) ? null : 'chunked stream input gives another report';
        },
      },
      {
        name: 'report identical for 2 worker threads',
        every: 250,
        check: async (text, o) => ((await report(readBytes(asBuffer(text), 'fuzz.mbox'), 2)).json === o.json ? null : 'jobs 2 gives another report than jobs 1'),
      },
    ],
  };
}
