/**
 * Network faults between kvetch and a real public-inbox-httpd: a proxy on 127.0.0.1 answers 502,
 * hangs, or cuts a gzip body short on chosen requests; finally the server is stopped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpError } from '../../src/ingest/http/client.js';
import { fetchThread, search } from '../../src/ingest/lore/fetch.js';
import { pollList } from '../../src/ingest/lore/poll.js';
import { faultProxy, type Fault } from '../support/http-server.js';
import { idsOfMbox, threadsOf } from '../support/mail-threads.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';
import { sharedDir } from '../support/shared-dir.js';

const ID = '0-v1-08396538817d+13c5-vfio_kvm_kconfig_jgg@nvidia.com';
let pi: PublicInbox;
let want: string[];
let cache: string;

before(async () => {
  pi = await startPublicInbox({ lists: [{ name: 'kvm', mbox: join(sharedDir(), 'seeds', '002_d3e5d54280f6b3b7.txt') }], all: false });
  want = (await threadsOf(pi.mails('kvm'))).get(ID) ?? [];
  cache = await mkdtemp(join(tmpdir(), 'kvetch-lore-faults-'));
});

after(async () => {
  await pi?.stop();
  if (cache) await rm(cache, { recursive: true, force: true });
});

/** Runs `fn` against a proxy that applies `plan`; returns what fn returned and the retries seen. */
async function through<T>(plan: (n: number, path: string) => Fault, fn: (base: string, retries: string[]) => Promise<T>): Promise<{ value: T; retries: string[] }> {
  const proxy = await faultProxy(pi.base, plan);
  const retries: string[] = [];
  try {
    return { value: await fn(proxy.base, retries), retries };
  } finally {
    await proxy.close();
  }
}

const http = (retries: string[], timeoutMs = 10_000) => ({ retries: 2, backoffMs: 20, timeoutMs, onRetry: (i: { error: string }) => retries.push(i.error) });

test('(e) a 502 then OK is retried: thread, search and list polling', async () => {
  const thread = await through(
    (n) => (n === 0 ? { status: 502 } : 'pass'),
    async (base, retries) => idsOfMbox(await fetchThread(base, ID, { list: 'kvm', http: http(retries) })),
  );
  assert.deepEqual(thread.value, want);
  assert.deepEqual(thread.retries, ['HTTP 502']);

  const found = await through(
    (n) => (n === 0 ? { status: 502 } : 'pass'),
    async (base, retries) => idsOfMbox(await search(base, 'kvm', 's:"Prevent compiling"', { threads: true, http: http(retries) })),
  );
  assert.deepEqual(found.value, want);
  assert.equal(found.retries.length, 1);

  // git's first request (ls-remote's info/refs) gets the 502.
  const start = await pollList(pi.base, 'kvm', null, { cacheDir: cache });
  await pi.add('kvm', Buffer.from('From: A <a@example.org>\nSubject: late\nMessage-ID: <late@example.org>\n\nx\n'));
  const polled = await through(
    (n, path) => (n <= 1 && path.includes('/git/') ? { status: 502 } : 'pass'),
    async (base, retries) => pollList(base, 'kvm', start.cursor, { cacheDir: cache, http: http(retries) }),
  );
  assert.deepEqual((await Promise.all(polled.value.messages.map((m) => idsOfMbox(Buffer.concat([Buffer.from('From x Thu Jan  1 00:00:00 1970\n'), m]))))).flat(), ['late@example.org']);
  assert.equal(polled.retries.length, 1);
  assert.match(polled.retries[0] ?? '', /502/);
});

test('(e) a request that hangs times out and is retried; one that always hangs is a clear error', async () => {
  const once = await through(
    (n) => (n === 0 ? 'hang' : 'pass'),
    async (base, retries) => idsOfMbox(await fetchThread(base, ID, { list: 'kvm', http: http(retries, 500) })),
  );
  assert.deepEqual(once.value, want);
  assert.deepEqual(once.retries, ['timed out after 500 ms']);

  await through(
    () => 'hang',
    async (base, retries) => {
      await assert.rejects(fetchThread(base, ID, { list: 'kvm', http: http(retries, 300) }), (e: unknown) => e instanceof HttpError && e.message === `${base}/all/${ID}/t.mbox.gz: timed out after 300 ms (gave up after 3 attempts)`);
    },
  );
});

test('(e) a truncated gzip body is retried; always truncated is an error, never partial mail', async () => {
  const cutOnce = await through(
    (n, path) => (n <= 2 && path.endsWith('/t.mbox.gz') && path.startsWith('/kvm/') ? 'truncate' : 'pass'),
    async (base, retries) => idsOfMbox(await fetchThread(base, ID, { list: 'kvm', http: http(retries) })),
  );
  assert.deepEqual(cutOnce.value, want);
  assert.ok(cutOnce.retries.length >= 1 && cutOnce.retries.every((r) => /gzip data ends early/.test(r)), cutOnce.retries.join('; '));

  await through(
    (_n, path) => (path.endsWith('/t.mbox.gz') ? 'truncate' : 'pass'),
    async (base, retries) => {
      await assert.rejects(fetchThread(base, ID, { list: 'kvm', http: http(retries) }), (e: unknown) => e instanceof HttpError && e.message.startsWith(`${base}/kvm/${ID}/t.mbox.gz: gzip data ends early`) && /gave up after 3 attempts/.test(e.message));
    },
  );
});

test('(e) server stopped: a clear error after the retries, for fetches and for polling', async () => {
  const start = await pollList(pi.base, 'kvm', null, { cacheDir: cache });
  const base = pi.base;
  await pi.stop();
  const retries: string[] = [];
  await assert.rejects(fetchThread(base, ID, { http: http(retries) }), (e: unknown) => e instanceof HttpError && e.message.startsWith(`${base}/all/`) && /ECONNREFUSED/.test(e.message) && /gave up after 3 attempts/.test(e.message));
  assert.equal(retries.length, 2);
  await assert.rejects(pollList(base, 'kvm', start.cursor, { cacheDir: cache, http: http([]) }), (e: unknown) => e instanceof Error && e.message.includes(`${base}/kvm/manifest.js.gz`) && /ECONNREFUSED/.test(e.message));
});
