import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseEnvelope } from '../../../src/mail/envelope.js';
import { missingRanges } from '../../../src/mail/series.js';
import { MAX_SERIES_TOTAL, parseSubject } from '../../../src/mail/subject.js';

test('envelope: format-patch lines are local output without a date; real arrival times are read as UTC', () => {
  assert.deepEqual(parseEnvelope('From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001'), { formatPatch: true, date: null });
  assert.deepEqual(parseEnvelope('From mboxrd@z Thu Jan  1 00:00:00 1970'), { formatPatch: false, date: null });
  assert.equal(parseEnvelope('From jane at example.org  Thu Mar 16 09:19:48 2023')?.date?.toISOString(), '2023-03-16T09:19:48.000Z');
  assert.equal(parseEnvelope('From MAILER-DAEMON Fri Jul  8 12:08:34 2011')?.date?.toISOString(), '2011-07-08T12:08:34.000Z');
  assert.equal(parseEnvelope('From x Mon Feb 30 10:00:00 2023').date, null, 'no 30 February');
  assert.equal(parseEnvelope('From x Mon Sep 17 00:00:00 2001').date, null, 'the format-patch placeholder is no date');
  assert.deepEqual(parseEnvelope(undefined), { formatPatch: false, date: null });
  assert.deepEqual(parseEnvelope('From the start, this is a body line'), { formatPatch: false, date: null });
});

test('missingRanges: the numbers of 1..total not present, as ascending disjoint ranges, whatever the input', () => {
  assert.deepEqual(missingRanges([], 3), [{ from: 1, to: 3 }]);
  assert.deepEqual(missingRanges([1, 2, 3], 3), []);
  assert.deepEqual(missingRanges([0, 2, 5, 9], 6), [{ from: 1, to: 1 }, { from: 3, to: 4 }, { from: 6, to: 6 }]);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 60 })), fc.integer({ min: 1, max: 50 }), (raw, total) => {
      const present = [...raw].sort((a, b) => a - b);
      const ranges = missingRanges(present, total);
      const expanded = ranges.flatMap((r) => Array.from({ length: r.to - r.from + 1 }, (_, i) => r.from + i));
      const expected = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !present.includes(i));
      assert.deepEqual(expanded, expected);
      for (let i = 1; i < ranges.length; i++) assert.ok((ranges[i]?.from ?? 0) > (ranges[i - 1]?.to ?? 0) + 1, 'ranges are disjoint and not adjacent');
    }),
  );
});

test('subject: a counter over MAX_SERIES_TOTAL is not believed and is kept aside', () => {
  const big = parseSubject(`[PATCH 1/${MAX_SERIES_TOTAL + 1}] x: y`);
  assert.equal(big.index, null);
  assert.equal(big.total, null);
  assert.equal(big.isPatch, true);
  assert.equal(big.counterIgnored, `1/${MAX_SERIES_TOTAL + 1}`);
  const ok = parseSubject(`[PATCH 2/${MAX_SERIES_TOTAL}] x: y`);
  assert.deepEqual([ok.index, ok.total, ok.counterIgnored], [2, MAX_SERIES_TOTAL, undefined]);
});

test('message: `Message-ID: <>` is no id: the mail gets a derived one (found by fuzzing)', async () => {
  const { parseMessage } = await import('../../../src/mail/message.js');
  const bytes = Buffer.from('Message-ID: <>\nFrom: a@b\nSubject: x\n\nbody\n');
  const m = await parseMessage({ source: 'x', offset: 0, index: 0, bytes, size: bytes.length, oversized: false, truncated: false });
  assert.equal(m.messageIdDerived, true);
  assert.match(m.messageId, /^<kvetch-derived\.[0-9a-f]+@message-id\.invalid>$/);
});
