/**
 * lore access against a real public-inbox-httpd (Debian public-inbox 1.9) holding the corpus
 * sample and the seed threads: threads by every kind of reference, /all/ and the redirect to
 * the owning list, search across series versions.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpError } from '../../src/ingest/http/client.js';
import { fetchRaw, fetchThread, search } from '../../src/ingest/lore/fetch.js';
import { midEscape, parseMessageRef } from '../../src/ingest/lore/url.js';
import { idsOfMbox, subjectsOf, threadsOf } from '../support/mail-threads.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';
import { corpusDir, sharedDir } from '../support/shared-dir.js';

const SEEDS: [string, string][] = [
  ['intel-gfx', '000_f11b1c8c6390254b.txt'],
  ['linux-modules', '001_647feb4373fe2236.txt'],
  ['kvm', '002_d3e5d54280f6b3b7.txt'],
  ['linux-aspeed', '003_8c0105dc96b5de09.txt'],
];
const LISTS = ['corpus', ...SEEDS.map(([l]) => l)];
const http = { retries: 2, backoffMs: 20, timeoutMs: 20_000 };

let pi: PublicInbox;
let noAll: PublicInbox;

before(async () => {
  const seeds = join(sharedDir(), 'seeds');
  pi = await startPublicInbox({
    lists: [{ name: 'corpus', mbox: join(corpusDir(), 'sample.mbox') }, ...SEEDS.map(([name, file]) => ({ name, mbox: join(seeds, file) }))],
  });
  // Without an extindex there is no /all/: the /<msgid> redirect finds the list.
  noAll = await startPublicInbox({ lists: [{ name: 'kvm', mbox: join(seeds, '002_d3e5d54280f6b3b7.txt') }], all: false, xapian: false });
});

after(async () => {
  await pi?.stop();
  await noAll?.stop();
});

/** The reference forms people paste, rotated over the threads. */
function forms(base: string, list: string, id: string): string[] {
  return [id, `<${id}>`, `id:<${id}>`, `${base}/all/${midEscape(id)}/`, `${base}/${list}/${midEscape(id)}/t.mbox.gz`, `${base}/r/${encodeURIComponent(id)}`, `${base}/${list}/${midEscape(id)}/T/#u`, `${base}/all/${midEscape(id)}/raw`];
}

test('(a) every thread of the corpus sample and the seeds, by bare id, <id>, id: and lore URLs, has the Message-IDs of the source thread', async () => {
  let checked = 0;
  for (const list of LISTS) {
    const threads = await threadsOf(pi.mails(list));
    const seen = new Set<string>();
    for (const [id, want] of threads) {
      if (seen.has(want[0] as string)) continue;
      seen.add(want[0] as string);
      const arg = forms(pi.base, list, id)[checked % 8] as string;
      const ref = parseMessageRef(arg, pi.base, { exists: () => false });
      assert.ok(ref, arg);
      assert.equal(ref.messageId, id, arg);
      const got = await idsOfMbox(await fetchThread(ref.base, ref.messageId, { list: ref.list, http }));
      assert.deepEqual(got, want, `${list}: ${arg}`);
      checked++;
    }
  }
  assert.ok(checked >= 20, `only ${checked} threads checked`);
});

test('(a) a thread fetched by any of its members, not just the root', async () => {
  const threads = await threadsOf(pi.mails('kvm'));
  for (const [id, want] of threads) assert.deepEqual(await idsOfMbox(await fetchThread(pi.base, id, { http })), want, id);
});

test('(b) /<msgid> redirects to /all/ when lore-style /all/ exists; without it the redirect to the owning list is followed', async () => {
  const id = '0-v1-08396538817d+13c5-vfio_kvm_kconfig_jgg@nvidia.com';
  const probe = await fetch(`${pi.base}/${midEscape(id)}`, { redirect: 'manual' });
  assert.equal(probe.status, 302);
  assert.equal(probe.headers.get('location'), `${pi.base}/all/${id}/`);
  const want = (await threadsOf(noAll.mails('kvm'))).get(id);
  const allUrl = `${noAll.base}/all/${midEscape(id)}/t.mbox.gz`;
  assert.equal((await fetch(allUrl)).status, 404, 'this server has no /all/');
  const redirect = await fetch(`${noAll.base}/${midEscape(id)}`, { redirect: 'manual' });
  assert.equal(redirect.headers.get('location'), `${noAll.base}/kvm/${id}/`);
  const logged: object[] = [];
  const log = { debug: (o: object | string) => logged.push(o as object), info: () => undefined, warn: () => undefined, error: () => undefined, child: () => log };
  assert.deepEqual(await idsOfMbox(await fetchThread(noAll.base, id, { http, log })), want);
  assert.ok(logged.some((o) => (o as { location?: string }).location === `${noAll.base}/kvm/${id}/`), 'went through the redirect');
  assert.deepEqual(await idsOfMbox(await fetchThread(noAll.base, id, { http, list: 'kvm' })), want);
});

test('(b) an unknown Message-ID is a clear 404, on both servers', async () => {
  for (const base of [pi.base, noAll.base]) {
    await assert.rejects(fetchThread(base, 'no-such-message@example.org', { http }), (e: unknown) => e instanceof HttpError && e.status === 404 && /<no-such-message@example.org> not found/.test(e.message));
  }
});

test('fetchRaw returns the stored mail', async () => {
  const mails = pi.mails('linux-modules');
  const subjects = await subjectsOf(mails);
  for (const [id, subject] of subjects) {
    const raw = await fetchRaw(pi.base, 'linux-modules', id, { http });
    assert.equal((await subjectsOf([raw])).get(id), subject);
  }
  assert.equal((await fetchRaw(pi.base, undefined, [...subjects.keys()][0] as string, { http })).length > 0, true);
});

test('(c) search finds every version of a series: all its covers, and with threads every mail of them', async (t) => {
  const mails = pi.mails('corpus');
  const subjects = await subjectsOf(mails);
  const threads = await threadsOf(mails);
  // The covers of a series' versions share the title after "[PATCH vN 0/M] ": "<key>: …", ending in
  // "(part P of Q)" where a subsystem was split into several series.
  const versions = new Map<string, number[]>();
  for (const s of subjects.values()) {
    const m = /^\[PATCH(?: v(\d+))? 0\/\d+\] (.*)$/.exec(s);
    if (m) versions.set(m[2] as string, [...(versions.get(m[2] as string) ?? []), Number(m[1] ?? 1)].sort());
  }
  const versioned = [...versions].filter(([, v]) => v.some((n) => n > 1));
  // The same families as the manifest lists the sample's series ("<key> part <P> v<N>"): the
  // sample takes one family of each versioning shape (v1+v2, v1+v2+v3, v2 only) besides its others.
  const manifest = JSON.parse(readFileSync(join(corpusDir(), 'manifest.json'), 'utf8')) as { sample_keys: string[] };
  const listed = new Map<string, number[]>();
  for (const k of manifest.sample_keys) {
    const m = /^(.*) v(\d+)$/.exec(k) as RegExpExecArray;
    listed.set(m[1] as string, [...(listed.get(m[1] as string) ?? []), Number(m[2])].sort());
  }
  const familyOf = (title: string): string => `${title.slice(0, title.indexOf(': '))} part ${/\(part (\d+) of \d+\)$/.exec(title)?.[1] ?? 1}`;
  assert.deepEqual(
    versioned.map(([title, v]) => [familyOf(title), v]).sort(),
    [...listed].filter(([, v]) => v.some((n) => n > 1)).sort(),
    'the versioned series of the sample, by their covers and by the manifest',
  );
  t.diagnostic(`versioned series: ${versioned.map(([name, v]) => `${name} (v${v.join(', v')})`).join('; ')}`);
  assert.ok(versioned.some(([, v]) => v.length > 1), 'the sample has a series in several versions');
  assert.ok(versioned.some(([, v]) => v.length === 1), 'the sample has a series sent only as a v2');
  for (const [name, v] of versioned) {
    // Every cover whose subject holds the title (another series' could), and the series' own.
    const covers = [...subjects].filter(([, s]) => /^\[PATCH(?: v\d+)? 0\//.test(s) && s.includes(name)).map(([id]) => id).sort();
    const own = covers.filter((id) => (subjects.get(id) as string).endsWith(`] ${name}`));
    assert.equal(own.length, v.length, `${name}: one cover per version`);
    const want = [...new Set(covers.flatMap((id) => threads.get(id) ?? []))].sort();
    for (const inbox of ['corpus', 'all']) {
      const hits = await idsOfMbox(await search(pi.base, inbox, `s:"${name}"`, { http }));
      assert.deepEqual(hits.filter((id) => covers.includes(id)), covers, `${inbox}: covers of ${name}`);
      assert.deepEqual(await idsOfMbox(await search(pi.base, inbox, `s:"${name}"`, { http, threads: true })), want, `${inbox}: threads of ${name}`);
    }
  }
  assert.equal((await search(pi.base, 'corpus', 's:"no such subject anywhere"', { http })).length, 0);
});
