import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError, httpGet, httpRequest } from '../../../../src/ingest/http/client.js';
import { serve } from '../../../support/http-server.js';

const fast = { retries: 2, backoffMs: 5, timeoutMs: 2000 };

test('POST sends method and body', async () => {
  const s = await serve((req, res) => res.end(`${req.method} ${req.bodyText}`));
  try {
    const res = await httpRequest(`${s.base}/x`, { ...fast, method: 'POST', body: 'x=full' });
    assert.equal(res.body.toString(), 'POST x=full');
  } finally {
    await s.close();
  }
});

test('a body that fails validate is retried, then reported with the attempts', async () => {
  let n = 0;
  const s = await serve((_req, res) => res.end(n++ < 1 ? 'bad' : 'good'));
  try {
    const retries: string[] = [];
    const res = await httpGet(`${s.base}/a`, { ...fast, onRetry: (i) => retries.push(i.error) });
    assert.equal(res.body.toString(), 'bad', 'httpGet has no validate: first answer');
    const ok = await httpRequest(`${s.base}/b`, { ...fast, onRetry: (i) => retries.push(i.error), validate: (r) => { if (r.body.toString() !== 'good') throw new Error('not good'); } });
    assert.equal(ok.body.toString(), 'good');
    assert.deepEqual(retries, []);
  } finally {
    await s.close();
  }
  const always = await serve((_req, res) => res.end('bad'));
  try {
    const seen: number[] = [];
    await assert.rejects(
      httpRequest(`${always.base}/c`, { ...fast, onRetry: (i) => seen.push(i.attempt), validate: () => { throw new Error('gzip data ends early'); } }),
      (e: unknown) => e instanceof HttpError && e.message === `${always.base}/c: gzip data ends early (gave up after 3 attempts)`,
    );
    assert.deepEqual(seen, [1, 2]);
  } finally {
    await always.close();
  }
});

test('a 404 fails at once and keeps the start of the body', async () => {
  const s = await serve((_req, res) => {
    res.writeHead(404);
    res.end('No results found\n');
  });
  try {
    await assert.rejects(httpRequest(`${s.base}/q`, fast), (e: unknown) => e instanceof HttpError && e.status === 404 && e.body === 'No results found\n');
    assert.equal(s.requests.length, 1);
  } finally {
    await s.close();
  }
});

test('connection refused: the cause is in the message, after the retries', async () => {
  const s = await serve((_req, res) => res.end());
  const base = s.base;
  await s.close();
  await assert.rejects(httpGet(`${base}/gone`, fast), (e: unknown) => e instanceof HttpError && e.message.startsWith(`${base}/gone: `) && /ECONNREFUSED/.test(e.message) && /after 3 attempts/.test(e.message));
});

test('manual redirect returns the 30x with its Location', async () => {
  const s = await serve((_req, res) => {
    res.writeHead(302, { location: '/kvm/a@b/' });
    res.end();
  });
  try {
    const res = await httpRequest(`${s.base}/a@b`, { ...fast, redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/kvm/a@b/');
  } finally {
    await s.close();
  }
});
