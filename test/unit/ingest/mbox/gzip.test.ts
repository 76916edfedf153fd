import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { BadArchiveError, gunzipMbox, isGzip, looksLikeMail } from '../../../../src/ingest/mbox/gzip.js';

const MBOX = Buffer.from('From mboxrd@z Thu Jan  1 00:00:00 1970\nSubject: x\n\nbody\n'.repeat(50));

test('whole gzip: the mbox', () => {
  const gz = gzipSync(MBOX);
  assert.equal(isGzip(gz), true);
  assert.deepEqual(gunzipMbox(gz, 'http://x/t.mbox.gz'), MBOX);
});

test('gzip cut short: an error naming the URL and saying truncated, never partial data', () => {
  const gz = gzipSync(MBOX);
  for (const cut of [gz.length - 1, Math.floor(gz.length / 2), 10]) {
    assert.throws(() => gunzipMbox(gz.subarray(0, cut), 'http://x/t.mbox.gz'), (e: unknown) => e instanceof BadArchiveError && e.message.startsWith('http://x/t.mbox.gz: ') && /ends early|truncated/.test(e.message));
  }
});

test('corrupt gzip: an error', () => {
  const gz = Buffer.from(gzipSync(MBOX));
  gz.fill(0x55, 12, 40);
  assert.throws(() => gunzipMbox(gz, 'u'), BadArchiveError);
});

test('already decoded mail passes through; an HTML page does not', () => {
  assert.deepEqual(gunzipMbox(MBOX, 'u'), MBOX);
  assert.equal(looksLikeMail(Buffer.from('Message-ID: <a@b>\n\nx')), true);
  assert.throws(() => gunzipMbox(Buffer.from('<html><body>Not found</body></html>'), 'http://x/y'), /http:\/\/x\/y: expected a gzipped mbox/);
});
