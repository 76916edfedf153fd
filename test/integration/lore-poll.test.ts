/**
 * Following a list on a real public-inbox-httpd: every mail exactly once across polls, bursts
 * bigger than the Atom feed, late mail with old dates, epoch roll-over, a lost local mirror.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollList } from '../../src/ingest/lore/poll.js';
import { idsOfMbox } from '../support/mail-threads.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';
import { sharedDir } from '../support/shared-dir.js';

let pi: PublicInbox;
let cache: string;
const http = { retries: 2, backoffMs: 20, timeoutMs: 20_000 };

before(async () => {
  pi = await startPublicInbox({ lists: [{ name: 'kvm', mbox: join(sharedDir(), 'seeds', '002_d3e5d54280f6b3b7.txt') }], all: false, xapian: false });
  cache = await mkdtemp(join(tmpdir(), 'kvetch-lore-cache-'));
});

after(async () => {
  await pi?.stop();
  if (cache) await rm(cache, { recursive: true, force: true });
});

let serial = 0;
function mails(n: number, date = 'Mon, 20 Nov 2023 10:00:00 +0000'): Buffer[] {
  return Array.from({ length: n }, () => {
    const i = serial++;
    return Buffer.from(`From: Poster ${i} <p${i}@example.org>\nTo: kvm@lists.example.org\nSubject: [PATCH] poll test ${i}\nDate: ${date}\nMessage-ID: <poll.${i}@example.org>\n\nbody ${i}\n`);
  });
}

const ids = async (ms: Buffer[]) => (await Promise.all(ms.map((m) => idsOfMbox(Buffer.concat([Buffer.from('From x Thu Jan  1 00:00:00 1970\n'), m]))))).flat();
const want = (ms: Buffer[]) => ms.map((m) => /Message-ID: <(.*)>/.exec(m.toString())?.[1]);

test('(d) every mail exactly once across polls: bursts beyond the feed page, late mail, epochs, a lost mirror', async () => {
  const opts = { cacheDir: cache, http };
  const delivered: string[] = [];
  const added: string[] = [];
  const poll = async (cursor: string, o: { maxMessages?: number } = {}) => {
    const r = await pollList(pi.base, 'kvm', cursor, { ...opts, ...o });
    delivered.push(...(await ids(r.messages)));
    return r;
  };
  const add = async (ms: Buffer[], newEpoch = false) => {
    await pi.add('kvm', ms, { newEpoch });
    added.push(...(want(ms) as string[]));
  };

  // A new follower starts now: the seed thread already there is not delivered.
  const start = await pollList(pi.base, 'kvm', null, opts);
  assert.deepEqual(start.messages, []);
  let r = await poll(start.cursor);
  assert.deepEqual(r.messages, []);
  assert.equal(r.cursor, start.cursor, 'no new mail: same cursor');

  let batch = mails(3);
  await add(batch);
  r = await poll(r.cursor);
  assert.deepEqual(await ids(r.messages), want(batch));
  r = await poll(r.cursor);
  assert.equal(r.messages.length, 0, 'nothing delivered twice');

  // Mail dated long ago arrives late: it is still new to the follower.
  batch = mails(1, 'Sat, 01 Jan 2000 00:00:00 +0000');
  await add(batch);
  r = await poll(r.cursor);
  assert.deepEqual(await ids(r.messages), want(batch));

  // More at once than public-inbox's Atom feed holds: the feed alone would lose some.
  batch = mails(40);
  await add(batch);
  const feed = await (await fetch(`${pi.base}/kvm/new.atom`)).text();
  assert.ok((feed.match(/<entry>/g)?.length ?? 0) < batch.length, 'the feed shows only the newest entries');
  r = await poll(r.cursor);
  assert.deepEqual(await ids(r.messages), want(batch));

  // A cap per poll: the rest comes next time, in order.
  batch = mails(15);
  await add(batch);
  const first = await poll(r.cursor, { maxMessages: 10 });
  assert.deepEqual(await ids(first.messages), want(batch.slice(0, 10)));
  r = await poll(first.cursor, { maxMessages: 10 });
  assert.deepEqual(await ids(r.messages), want(batch.slice(10)));

  // The inbox rolls over to a new epoch between polls, with mail in both.
  const old = mails(2);
  const fresh = mails(3);
  await add(old);
  await add(fresh, true);
  r = await poll(r.cursor);
  assert.deepEqual(await ids(r.messages), want([...old, ...fresh]));
  assert.match(r.cursor, /^git1:1:/);

  // The local mirror is lost: the cursor alone is enough.
  await rm(cache, { recursive: true, force: true });
  batch = mails(4);
  await add(batch);
  r = await poll(r.cursor);
  assert.deepEqual(await ids(r.messages), want(batch));

  assert.deepEqual(delivered, added, 'every mail exactly once, in arrival order');
  assert.equal(new Set(delivered).size, delivered.length);
});

test('a follower behind by epochs catches up through each epoch in order', async () => {
  const behind = await mkdtemp(join(tmpdir(), 'kvetch-lore-behind-'));
  try {
    // From the start of epoch 0: every mail ever, the seed thread first.
    const r = await pollList(pi.base, 'kvm', 'git1:0::0', { cacheDir: behind, http });
    const got = await ids(r.messages);
    const seeds = (await Promise.all(pi.mails('kvm').map((m) => ids([m])))).flat();
    assert.deepEqual(got.slice(0, seeds.length), seeds);
    assert.deepEqual(got.slice(seeds.length), Array.from({ length: serial }, (_, i) => `poll.${i}@example.org`));
    const again = await pollList(pi.base, 'kvm', r.cursor, { cacheDir: behind, http });
    assert.deepEqual(again.messages, []);
  } finally {
    await rm(behind, { recursive: true, force: true });
  }
});

test('a cursor from elsewhere or garbage is a clear error', async () => {
  await assert.rejects(pollList(pi.base, 'kvm', 'yesterday', { cacheDir: cache, http }), /invalid lore cursor/);
  await assert.rejects(pollList(pi.base, 'kvm', `git1:0:${'a'.repeat(40)}:1700000000`, { cacheDir: cache, http }), /not in the inbox history/);
  await assert.rejects(pollList(pi.base, 'kvm', 'git1:7::0', { cacheDir: cache, http }), /epoch 7 does not exist/);
  await assert.rejects(pollList(pi.base, 'no-such-list', null, { cacheDir: cache, http }), /no-such-list/);
});
