import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { BadArchiveError, gunzipMbox } from '../../../src/ingest/mbox/gzip.js';
import { readStream } from '../../../src/ingest/mbox/read-stream.js';
import type { IngestItem } from '../../../src/model/raw-message.js';
import { makeSeries } from '../support/mail.js';

const S = makeSeries({ tag: 'bomb', n: 2 });
const GOOD = [S.cover, ...S.patches].join('');

async function items(bytes: Buffer, opts: Parameters<typeof readStream>[2]): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const i of readStream(Readable.from([bytes]), 'bomb.mbox.gz', opts)) out.push(i);
  return out;
}

test('a gzip bomb is stopped once it grows past the ratio, after the mail before it, and is said', async () => {
  const bomb = Buffer.concat([Buffer.from(GOOD), Buffer.from('From x Mon Sep 17 00:00:00 2001\nSubject: [PATCH] zeros\n\n'), Buffer.alloc(64 << 20, 0x61)]);
  const gz = gzipSync(bomb, { level: 9 });
  assert.ok(bomb.length / gz.length > 500, 'the input is a bomb');
  const got = await items(gz, { maxGzipRatio: 50, gzipRatioFloor: 1 << 20 });
  const messages = got.filter((i) => i.type === 'message');
  assert.equal(messages.length, 4, 'the three good mails and the head of the bomb');
  const problems = got.flatMap((i) => (i.type === 'problem' ? [i.problem] : []));
  assert.deepEqual(problems.map((p) => p.kind), ['gzip-bomb']);
  assert.match(problems[0]?.message ?? '', /over 50 times their size .*--max-gzip-ratio/);
  const read = got.find((i) => i.type === 'read');
  assert.ok(read && read.type === 'read' && read.bytes < 8 << 20, 'stopped early, not after 64 MiB');
  // The same bytes under the default ratio and floor are read to the end.
  const whole = await items(gz, {});
  assert.deepEqual(whole.filter((i) => i.type === 'problem'), []);
});

test('an ordinary gzip mbox is never taken for a bomb, even with the floor at zero', async () => {
  const gz = gzipSync(Buffer.from(GOOD.repeat(20)), { level: 9 });
  const got = await items(gz, { gzipRatioFloor: 0 });
  assert.deepEqual(got.filter((i) => i.type === 'problem'), []);
  assert.equal(got.filter((i) => i.type === 'message').length, 60);
});

test('a downloaded gzip bomb fails as a bad archive instead of filling memory', () => {
  const gz = gzipSync(Buffer.alloc(300 << 20, 0), { level: 9 });
  assert.throws(() => gunzipMbox(gz, 'http://127.0.0.1/t.mbox.gz'), (e: unknown) => e instanceof BadArchiveError && /gzip bomb/.test(e.message));
});
