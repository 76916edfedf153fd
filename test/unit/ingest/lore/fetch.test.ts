import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { HttpError } from '../../../../src/ingest/http/client.js';
import { fetchRaw, fetchThread, search } from '../../../../src/ingest/lore/fetch.js';
import { splitMbox } from '../../../../src/ingest/mbox/read-stream.js';
import { serve, type TestServer } from '../../../support/http-server.js';

const fast = { http: { retries: 2, backoffMs: 5, timeoutMs: 2000 } };
const ID = 'a/b+c@example.org';
const ESC = 'a%2Fb+c@example.org';
const mail = (id: string, body = 'hello') => `From: A <a@example.org>\nSubject: s ${id}\nMessage-ID: <${id}>\n\n${body}\n`;
const MBOX = `From mboxrd@z Thu Jan  1 00:00:00 1970\n${mail(ID)}\nFrom mboxrd@z Thu Jan  1 00:00:00 1970\n${mail('reply@example.org')}\n`;

/** A small public-inbox look-alike: the message lives in list `kvm`; /all/ does not know it. */
async function fakeInbox(opts: { allRedirects?: boolean; truncateFirst?: number } = {}): Promise<TestServer> {
  let cuts = opts.truncateFirst ?? 0;
  const server: TestServer = await serve((req, res) => {
    const url = req.url ?? '';
    if (url === `/all/${ESC}/t.mbox.gz` && opts.allRedirects) {
      res.writeHead(302, { location: `/kvm/${ESC}/t.mbox.gz` });
      return res.end();
    }
    if (url === `/${ESC}`) {
      res.writeHead(302, { location: `${server.base}/kvm/${ESC}/` });
      return res.end();
    }
    if (url === `/kvm/${ESC}/t.mbox.gz`) {
      const gz = gzipSync(MBOX);
      res.writeHead(200, { 'content-type': 'application/gzip' });
      return res.end(cuts-- > 0 ? gz.subarray(0, gz.length - 8) : gz);
    }
    if (url === `/kvm/${ESC}/raw`) return res.end(`From mboxrd@z Thu Jan  1 00:00:00 1970\n${mail(ID, '>From the start\n>>From quoted')}`);
    if (req.method === 'POST' && url.startsWith('/kvm/?')) {
      const q = new URL(url, server.base).searchParams.get('q');
      if (q === 's:"nothing"') {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('No results found\n');
      }
      res.writeHead(200, { 'content-type': 'application/gzip' });
      return res.end(gzipSync(MBOX));
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('404 Not Found\n');
  });
  return server;
}

const idsOf = async (mbox: Buffer) => (await splitMbox(mbox, 't')).map((m) => /^Message-ID: <(.*)>$/m.exec(m.toString())?.[1]);

test('fetchThread: /all/ 404s, public-inbox\'s /<id> redirect leads to the owning list', async () => {
  const s = await fakeInbox();
  try {
    assert.deepEqual(await idsOf(await fetchThread(s.base, ID, fast)), [ID, 'reply@example.org']);
    assert.deepEqual(s.requests.map((r) => r.path), [`/all/${ESC}/t.mbox.gz`, `/${ESC}`, `/kvm/${ESC}/t.mbox.gz`]);
  } finally {
    await s.close();
  }
});

test('fetchThread: a known list is tried right after /all/', async () => {
  const s = await fakeInbox();
  try {
    assert.deepEqual(await idsOf(await fetchThread(s.base, ID, { ...fast, list: 'kvm' })), [ID, 'reply@example.org']);
    assert.deepEqual(s.requests.map((r) => r.path), [`/all/${ESC}/t.mbox.gz`, `/kvm/${ESC}/t.mbox.gz`]);
  } finally {
    await s.close();
  }
});

test('fetchThread: a redirect from /all/ to the list is followed', async () => {
  const s = await fakeInbox({ allRedirects: true });
  try {
    assert.deepEqual(await idsOf(await fetchThread(`${s.base}/`, ID, fast)), [ID, 'reply@example.org']);
    assert.deepEqual(s.requests.map((r) => r.path), [`/all/${ESC}/t.mbox.gz`, `/kvm/${ESC}/t.mbox.gz`]);
  } finally {
    await s.close();
  }
});

test('fetchThread: an unknown Message-ID is a 404 HttpError naming it and what was tried', async () => {
  const s = await fakeInbox();
  try {
    await assert.rejects(fetchThread(s.base, 'nope@x', fast), (e: unknown) => e instanceof HttpError && e.status === 404 && e.message.includes('<nope@x> not found') && e.message.includes(`${s.base}/all/nope@x/t.mbox.gz`));
  } finally {
    await s.close();
  }
});

test('fetchThread: a truncated gzip is retried; a gzip that is always cut is an error, no partial mail', async () => {
  const once = await fakeInbox({ truncateFirst: 1 });
  try {
    const retries: string[] = [];
    const mbox = await fetchThread(once.base, ID, { list: 'kvm', http: { ...fast.http, onRetry: (i) => retries.push(i.error) } });
    assert.deepEqual(await idsOf(mbox), [ID, 'reply@example.org']);
    assert.equal(retries.length, 1);
    assert.match(retries[0] ?? '', /ends early/);
  } finally {
    await once.close();
  }
  const always = await fakeInbox({ truncateFirst: 100 });
  try {
    await assert.rejects(fetchThread(always.base, ID, { ...fast, list: 'kvm' }), (e: unknown) => e instanceof HttpError && e.message.startsWith(`${always.base}/kvm/${ESC}/t.mbox.gz: gzip data ends early`) && /gave up after 3 attempts/.test(e.message));
  } finally {
    await always.close();
  }
});

test('fetchRaw: one message without its mbox From line, mboxrd quoting undone', async () => {
  const s = await fakeInbox();
  try {
    const raw = (await fetchRaw(s.base, 'kvm', ID, fast)).toString();
    assert.equal(raw, mail(ID, 'From the start\n>From quoted'));
  } finally {
    await s.close();
  }
});

test('search: POSTs ?q=&x=m (x=full in the body for whole threads); no hits is an empty mbox', async () => {
  const s = await fakeInbox();
  try {
    assert.deepEqual(await idsOf(await search(s.base, 'kvm', 's:"update to v6.12"', { ...fast, threads: true })), [ID, 'reply@example.org']);
    assert.equal((await search(s.base, 'kvm', 's:"nothing"', fast)).length, 0);
    assert.deepEqual(
      s.requests.map((r) => [r.method, r.path, r.body]),
      [
        ['POST', '/kvm/?q=s%3A%22update+to+v6.12%22&x=m', 'x=full'],
        ['POST', '/kvm/?q=s%3A%22nothing%22&x=m', ''],
      ],
    );
    await assert.rejects(search(s.base, 'nolist', 'x', fast), (e: unknown) => e instanceof HttpError && e.status === 404);
  } finally {
    await s.close();
  }
});
