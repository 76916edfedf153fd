import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError, httpGet, jittered, retryAfterMs } from '../../../../src/ingest/http/client.js';
import { serve } from '../../../support/http-server.js';

/** Options that record the waits instead of sleeping, with a chosen jitter. */
function recorded(random: number, extra: { retries?: number; backoffMs?: number; maxRetryAfterMs?: number } = {}) {
  const sleeps: number[] = [];
  const told: number[] = [];
  return {
    sleeps,
    told,
    opts: {
      retries: extra.retries ?? 3,
      backoffMs: extra.backoffMs ?? 100,
      timeoutMs: 5000,
      random: () => random,
      sleep: async (ms: number) => {
        sleeps.push(ms);
      },
      onRetry: (i: { delayMs: number }) => told.push(i.delayMs),
      ...(extra.maxRetryAfterMs !== undefined ? { maxRetryAfterMs: extra.maxRetryAfterMs } : {}),
    },
  };
}

/** A server answering `fail` (status and headers) to the first `n` requests, then 200 "ok". */
async function failing(n: number, fail: () => { status: number; headers?: Record<string, string> }) {
  let seen = 0;
  return serve((_req, res) => {
    if (seen++ < n) {
      const f = fail();
      res.writeHead(f.status, f.headers ?? {});
      res.end(`busy ${seen}`);
      return;
    }
    res.end('ok');
  });
}

test('jittered: equal jitter, half the backoff for sure and the other half at random', () => {
  assert.equal(jittered(1000, () => 0), 500);
  assert.equal(jittered(1000, () => 0.5), 750);
  assert.equal(jittered(1000, () => 0.999999), 1000);
  assert.equal(jittered(801, () => 0), 401, 'rounded to whole milliseconds');
  for (const r of [0, 0.1, 0.37, 0.9, 0.99]) {
    const d = jittered(4000, () => r);
    assert.ok(d >= 2000 && d <= 4000, `${d} within [backoff/2, backoff]`);
  }
});

test('retryAfterMs: delta-seconds', () => {
  const now = Date.UTC(2024, 2, 4, 10, 0, 0);
  assert.equal(retryAfterMs('120', now), 120_000);
  assert.equal(retryAfterMs(' 7 ', now), 7000, 'surrounding blanks are allowed');
  assert.equal(retryAfterMs('0', now), 0);
  assert.equal(retryAfterMs(null, now), null, 'absent');
});

test('retryAfterMs: an HTTP-date, counted from now; one in the past is no wait', () => {
  const now = Date.UTC(2024, 2, 4, 10, 0, 0);
  assert.equal(retryAfterMs('Mon, 04 Mar 2024 10:01:30 GMT', now), 90_000);
  assert.equal(retryAfterMs(new Date(now + 3_600_000).toUTCString(), now), 3_600_000);
  assert.equal(retryAfterMs('Mon, 04 Mar 2024 09:59:00 GMT', now), 0);
  // RFC 9110 allows the obsolete forms too (RFC 850 and asctime).
  assert.equal(retryAfterMs('Monday, 04-Mar-24 10:00:10 GMT', now), 10_000);
});

test('retryAfterMs: garbage is null', () => {
  const now = Date.UTC(2024, 2, 4, 10, 0, 0);
  for (const v of ['', '   ', 'soon', 'tomorrow', '12abc', '3 days', '120 seconds', '0x10', '1e3', 'Mon, 32 Jan 2024 10:00:00 GMT']) {
    assert.equal(retryAfterMs(v, now), null, JSON.stringify(v));
  }
});

test('a 429 with Retry-After in seconds: the next attempt waits at least that long', async () => {
  const s = await failing(1, () => ({ status: 429, headers: { 'retry-after': '3' } }));
  try {
    const r = recorded(0);
    const res = await httpGet(`${s.base}/x`, r.opts);
    assert.equal(res.body.toString(), 'ok');
    assert.deepEqual(r.sleeps, [3000], 'Retry-After wins over the 50 ms backoff');
    assert.deepEqual(r.told, [3000], 'onRetry is told the same wait');
    assert.equal(s.requests.length, 2);
  } finally {
    await s.close();
  }
});

test('a 503 with Retry-After as an HTTP-date: the wait runs to that date', async () => {
  const s = await failing(1, () => ({ status: 503, headers: { 'retry-after': new Date(Date.now() + 20_000).toUTCString() } }));
  try {
    const r = recorded(0);
    const res = await httpGet(`${s.base}/x`, r.opts);
    assert.equal(res.body.toString(), 'ok');
    assert.equal(r.sleeps.length, 1);
    const wait = r.sleeps[0] as number;
    // The date has whole seconds; the rest is how long the answer took.
    assert.ok(wait > 15_000 && wait <= 20_000, `waited ${wait} ms for a date 20 s ahead`);
  } finally {
    await s.close();
  }
});

test('a Retry-After shorter than the backoff does not shorten it', async () => {
  const s = await failing(2, () => ({ status: 429, headers: { 'retry-after': '1' } }));
  try {
    const r = recorded(0.5, { backoffMs: 4000 });
    await httpGet(`${s.base}/x`, r.opts);
    assert.deepEqual(r.sleeps, [3000, 6000], 'jittered backoff (3000, then 6000) is above the 1000 asked');
  } finally {
    await s.close();
  }
});

test('Retry-After is honoured on 429 and 503 only: on a 500 or 502 the backoff alone counts', async () => {
  for (const status of [500, 502]) {
    const s = await failing(1, () => ({ status, headers: { 'retry-after': '30' } }));
    try {
      const r = recorded(0);
      const res = await httpGet(`${s.base}/x`, r.opts);
      assert.equal(res.body.toString(), 'ok');
      assert.deepEqual(r.sleeps, [50], `HTTP ${status}`);
    } finally {
      await s.close();
    }
  }
});

test('a garbage Retry-After falls back to the backoff', async () => {
  const s = await failing(1, () => ({ status: 429, headers: { 'retry-after': 'later please' } }));
  try {
    const r = recorded(0);
    await httpGet(`${s.base}/x`, r.opts);
    assert.deepEqual(r.sleeps, [50]);
  } finally {
    await s.close();
  }
});

test('backoff doubles after each failure, with equal jitter', async () => {
  const s = await failing(3, () => ({ status: 500 }));
  try {
    const low = recorded(0);
    await httpGet(`${s.base}/x`, low.opts);
    assert.deepEqual(low.sleeps, [50, 100, 200]);
    assert.deepEqual(low.told, [50, 100, 200]);
  } finally {
    await s.close();
  }
  const s2 = await failing(3, () => ({ status: 503 }));
  try {
    const high = recorded(0.5);
    await httpGet(`${s2.base}/x`, high.opts);
    assert.deepEqual(high.sleeps, [75, 150, 300], 'a 503 without Retry-After backs off like any 5xx');
  } finally {
    await s2.close();
  }
});

test('a Retry-After longer than maxRetryAfterMs fails at once, naming when to come back', async () => {
  const s = await failing(10, () => ({ status: 429, headers: { 'retry-after': '600' } }));
  try {
    const r = recorded(0, { maxRetryAfterMs: 60_000 });
    const before = Date.now();
    let error: unknown;
    await assert.rejects(httpGet(`${s.base}/x`, r.opts), (e: unknown) => ((error = e), true));
    assert.ok(error instanceof HttpError);
    assert.equal(error.status, 429);
    assert.equal(error.url, `${s.base}/x`);
    assert.match(error.message, /^http:\/\/127\.0\.0\.1:\d+\/x: HTTP 429, and the server asks to come back after 600 s \(([^)]+)\); try again then$/);
    const at = Date.parse(/\(([^)]+)\)/.exec(error.message)?.[1] ?? '');
    assert.ok(at >= before + 600_000 && at <= Date.now() + 600_000, 'the time named is now + 600 s');
    assert.equal(s.requests.length, 1, 'no retry');
    assert.deepEqual(r.sleeps, [], 'no wait');
    assert.equal(error.body, 'busy 1', 'the start of the body is kept');
  } finally {
    await s.close();
  }
});

test('an HTTP-date Retry-After beyond maxRetryAfterMs on a 503 fails at once too', async () => {
  const s = await failing(10, () => ({ status: 503, headers: { 'retry-after': new Date(Date.now() + 2 * 3_600_000).toUTCString() } }));
  try {
    const r = recorded(0);
    await assert.rejects(httpGet(`${s.base}/x`, r.opts), (e: unknown) => e instanceof HttpError && e.status === 503 && /asks to come back after \d+ s/.test(e.message));
    assert.equal(s.requests.length, 1);
    assert.deepEqual(r.sleeps, []);
  } finally {
    await s.close();
  }
});

test('the default limit is 5 minutes: 300 s is waited, 301 s is not', async () => {
  const ok = await failing(1, () => ({ status: 429, headers: { 'retry-after': '300' } }));
  try {
    const r = recorded(0);
    await httpGet(`${ok.base}/x`, r.opts);
    assert.deepEqual(r.sleeps, [300_000]);
  } finally {
    await ok.close();
  }
  const tooLong = await failing(1, () => ({ status: 429, headers: { 'retry-after': '301' } }));
  try {
    const r = recorded(0);
    await assert.rejects(httpGet(`${tooLong.base}/x`, r.opts), /come back after 301 s/);
    assert.deepEqual(r.sleeps, []);
  } finally {
    await tooLong.close();
  }
});

test('a Retry-After on a 502 is not a reason to give up, however long', async () => {
  const s = await failing(1, () => ({ status: 502, headers: { 'retry-after': '86400' } }));
  try {
    const r = recorded(0, { maxRetryAfterMs: 1000 });
    const res = await httpGet(`${s.base}/x`, r.opts);
    assert.equal(res.body.toString(), 'ok');
    assert.deepEqual(r.sleeps, [50]);
  } finally {
    await s.close();
  }
});

test('Retry-After on every attempt: after the last one the error says how many attempts were made', async () => {
  const s = await failing(10, () => ({ status: 429, headers: { 'retry-after': '2' } }));
  try {
    const r = recorded(0, { retries: 2 });
    await assert.rejects(httpGet(`${s.base}/x`, r.opts), (e: unknown) => e instanceof HttpError && e.status === 429 && e.message === `${s.base}/x: HTTP 429 (gave up after 3 attempts)`);
    assert.deepEqual(r.sleeps, [2000, 2000]);
    assert.equal(s.requests.length, 3);
  } finally {
    await s.close();
  }
});

test('an absurdly long Retry-After still fails at once with the come-back error', async () => {
  // 10^13 s is past the largest Date (8.64e15 ms from 1970): the time to name cannot be a Date.
  const s = await failing(10, () => ({ status: 429, headers: { 'retry-after': '10000000000000' } }));
  try {
    const r = recorded(0);
    let error: unknown;
    await assert.rejects(httpGet(`${s.base}/x`, r.opts), (e: unknown) => ((error = e), true));
    assert.ok(error instanceof HttpError);
    assert.match(error.message, /HTTP 429, and the server asks to come back after 10000000000000 s/);
    assert.equal(s.requests.length, 1, 'no retry');
    assert.deepEqual(r.sleeps, [], 'no wait');
  } finally {
    await s.close();
  }
});

test('retryAfterMs: what only a lenient date parser reads as a date is garbage too', () => {
  // V8's Date.parse takes '-5' for May 2001 and '1.5' for 5 January 2001: neither is an
  // HTTP-date (RFC 9110 §5.6.7) nor delta-seconds, so the header is unreadable.
  const now = Date.UTC(2024, 2, 4, 10, 0, 0);
  for (const v of ['-5', '1.5', 'abc 2']) assert.equal(retryAfterMs(v, now), null, JSON.stringify(v));
});
