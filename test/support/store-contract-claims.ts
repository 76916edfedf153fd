/**
 * The StateStore contract, second half: claims and leases, completion, publications, several
 * instances on one database. Registered by storeContract (store-contract.ts).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SeriesVersion, StateStore } from '../../src/model/store.js';
import { at, finding, T0, withStore, withStores, type OpenMany, type OpenStore } from './store-fixtures.js';

const version = (key: string, readyAt: Date, revision = 1) => ({ key, revision, subject: `[PATCH v${revision}] ${key}`, messageIds: [`${key}@x`], readyAt });

/**
 * Every worker claims and completes until nothing is left for it; returns what each completed.
 * `pause` lets the others run between a claim and its completion.
 */
export async function drain(stores: readonly StateStore[], now: Date, pause: () => Promise<void>): Promise<string[][]> {
  return Promise.all(
    stores.map(async (s, i) => {
      const done: string[] = [];
      for (;;) {
        const v = await s.claimNext(`worker-${i}`, now, 600_000);
        if (!v) return done;
        await pause();
        assert.equal(await s.complete(v.key, v.revision, `worker-${i}`, [finding(1, v.key)]), true, `worker-${i} lost ${v.key}`);
        done.push(v.key);
      }
    }),
  );
}

/** After drain: every version done, completed exactly once, by exactly one worker. */
export function assertEachCompletedOnce(vs: readonly SeriesVersion[], keys: readonly string[], byWorker: readonly string[][]): void {
  assert.deepEqual(byWorker.flat().sort(), [...keys].sort(), 'each version completed by exactly one worker');
  assert.deepEqual(vs.map((v) => [v.key, v.state, v.completions]), [...keys].sort().map((k) => [k, 'done', 1]));
}

export function claimContract(open: OpenStore, openMany: OpenMany): void {
  test('claimNext respects readyAt (inclusive) and sets the lease', () =>
    withStore(open, async (s) => {
      await s.upsertSeriesVersion(version('k', at(1000)));
      assert.equal(await s.claimNext('w1', at(999), 5000), null);
      const v = await s.claimNext('w1', at(1000), 5000);
      assert.deepEqual(v, { ...version('k', at(1000)), state: 'claimed', claimedBy: 'w1', leaseUntil: at(6000), completions: 0 });
      assert.deepEqual(await s.getSeriesVersion('k', 1), v);
    }));

  test('claimNext hands out the earliest readyAt first and never a done version', () =>
    withStore(open, async (s) => {
      await s.upsertSeriesVersion(version('late', at(30)));
      await s.upsertSeriesVersion(version('early', at(10)));
      await s.upsertSeriesVersion(version('mid', at(20)));
      const got: string[] = [];
      for (let v = await s.claimNext('w', at(100), 1); v; v = await s.claimNext('w', at(100), 1)) {
        got.push(v.key);
        assert.equal(await s.complete(v.key, v.revision, 'w', []), true);
      }
      assert.deepEqual(got, ['early', 'mid', 'late']);
    }));

  test('a claimed version is not handed out again while its lease runs; an expired lease is re-handed', () =>
    withStore(open, async (s) => {
      await s.upsertSeriesVersion(version('k', T0));
      assert.equal((await s.claimNext('w1', T0, 1000))?.claimedBy, 'w1');
      assert.equal(await s.claimNext('w2', T0, 1000), null);
      assert.equal(await s.claimNext('w2', at(1000), 1000), null, 'the lease still runs at its last instant');
      const again = await s.claimNext('w2', at(1001), 1000);
      assert.equal(again?.claimedBy, 'w2');
      assert.deepEqual(again?.leaseUntil, at(2001));
      assert.equal(await s.complete('k', 1, 'w1', [finding(1)]), false, 'w1 lost its claim');
      assert.deepEqual(await s.findings('k', 1), []);
      assert.equal(await s.complete('k', 1, 'w2', [finding(2)]), true);
      assert.deepEqual(await s.findings('k', 1), [finding(2)]);
      assert.equal((await s.getSeriesVersion('k', 1))?.completions, 1);
    }));

  test('complete: done exactly once, only by the worker holding the claim', () =>
    withStore(open, async (s) => {
      assert.equal(await s.complete('nope', 1, 'w', []), false, 'unknown version');
      await s.upsertSeriesVersion(version('k', T0));
      assert.equal(await s.complete('k', 1, 'w', []), false, 'waiting, never claimed');
      await s.claimNext('w', T0, 1000);
      assert.equal(await s.complete('k', 1, 'other', [finding(9)]), false, 'another worker');
      assert.equal(await s.complete('k', 1, 'w', [finding(1)]), true);
      assert.equal(await s.complete('k', 1, 'w', [finding(2)]), false, 'already done');
      const v = await s.getSeriesVersion('k', 1);
      assert.deepEqual(v, { ...version('k', T0), state: 'done', completions: 1 });
      assert.deepEqual(await s.findings('k', 1), [finding(1)]);
      assert.equal(await s.claimNext('w', at(10_000_000), 1000), null, 'a done version is never claimed');
    }));

  test('a claimed or done version whose mails grow is re-opened; the same or fewer mails leave it alone', () =>
    withStore(open, async (s) => {
      const grown = { ...version('k', at(5000)), messageIds: ['k@x', 'late@x'] };
      await s.upsertSeriesVersion(version('k', T0));
      await s.claimNext('w', T0, 60_000);
      await s.upsertSeriesVersion(version('k', at(1000)));
      assert.equal((await s.getSeriesVersion('k', 1))?.state, 'claimed', 'the same mails: the claim stands');
      await s.upsertSeriesVersion(grown);
      assert.deepEqual(await s.getSeriesVersion('k', 1), { ...grown, state: 'waiting', completions: 0 }, 'a late mail while claimed');
      assert.equal(await s.complete('k', 1, 'w', [finding(1)]), false, 'the old claim cannot complete it');
      await s.claimNext('w', at(5000), 60_000);
      assert.equal(await s.complete('k', 1, 'w', [finding(2)]), true);
      await s.putPublication({ key: 'k', revision: 1, channel: 'email#done', target: '', state: 'sent', fingerprint: '' });
      await s.putPublication({ key: 'k', revision: 1, channel: 'email', target: 'list', state: 'sent', fingerprint: 'f' });
      await s.upsertSeriesVersion({ ...grown, messageIds: ['late@x', 'other@x', 'more@x'] });
      assert.equal((await s.getSeriesVersion('k', 1))?.state, 'done', 'a mail it had is not among the new ones: left alone');
      const third = { ...grown, readyAt: at(9000), messageIds: ['k@x', 'late@x', 'third@x'] };
      await s.upsertSeriesVersion(third);
      assert.deepEqual(await s.getSeriesVersion('k', 1), { ...third, state: 'waiting', completions: 0 }, 'a late mail after it was done');
      assert.deepEqual((await s.listPublications()).map((p) => p.channel), ['email'], 'the #done mark is dropped, what was sent is kept');
      assert.equal((await s.claimNext('w', at(9000), 1000))?.messageIds.length, 3);
    }));

  test('a claimed or done version reassembled from the same mails keeps its state and takes the new series (a late review)', () =>
    withStore(open, async (s) => {
      const series = (replies: number) => ({ key: 'k', revision: 1, versionInferred: false, subject: 'k', author: 'a', sender: 'a', date: null, total: 1, complete: true, cover: null, patches: [], missing: [], replies: Array.from({ length: replies }, (_, i) => ({ messageId: `<r${i}@x>`, parent: 'k@x', subject: 'Re: k', author: 'r' })), rfc: false, newest: true, supersededBy: null });
      await s.upsertSeriesVersion({ ...version('k', T0), series: series(0) });
      await s.claimNext('w', T0, 60_000);
      await s.upsertSeriesVersion({ ...version('k', at(500)), series: series(1) });
      const claimed = await s.getSeriesVersion('k', 1);
      assert.deepEqual([claimed?.state, claimed?.readyAt, claimed?.series?.replies.length], ['claimed', T0, 1], 'claimed: the claim and the ready time stand, the series is the new one');
      assert.equal(await s.complete('k', 1, 'w', [finding(1)]), true, 'the claim can still complete it');
      await s.upsertSeriesVersion({ ...version('k', at(900)), series: series(2) });
      await s.upsertSeriesVersion(version('k', at(950)));
      const done = await s.getSeriesVersion('k', 1);
      assert.deepEqual([done?.state, done?.completions, done?.readyAt, done?.series?.replies.length], ['done', 1, T0, 2], 'done: still done, the newest series kept (an assembly without one keeps it)');
      await s.upsertSeriesVersion({ ...version('k', at(990)), messageIds: ['other@x'], series: series(5) });
      assert.equal((await s.getSeriesVersion('k', 1))?.series?.replies.length, 2, 'other mails (fewer, past the window): left alone');
    }));

  test('a worker whose lease lapsed may still complete while nobody took the version over', () =>
    withStore(open, async (s) => {
      await s.upsertSeriesVersion(version('k', T0));
      await s.claimNext('w', T0, 10);
      assert.equal(await s.complete('k', 1, 'w', []), true);
      assert.equal((await s.getSeriesVersion('k', 1))?.completions, 1);
    }));

  test('claimPublishing: one of several workers at once; the holder again; anyone after the lease', () =>
    withStores(openMany, 3, async ([a, b, c]) => {
      const got = await Promise.all([a, b, c].map((s, i) => (s as StateStore).claimPublishing('k', 1, 'email', `w${i}`, T0, 1000)));
      assert.equal(got.filter(Boolean).length, 1, 'exactly one worker holds it');
      const holder = `w${got.indexOf(true)}`;
      assert.equal(await (a as StateStore).claimPublishing('k', 1, 'email', holder, at(500), 1000), true, 'the holder renews');
      assert.equal(await (a as StateStore).claimPublishing('k', 1, 'email', 'other', at(1400), 1000), false, 'not while the renewed lease runs');
      assert.equal(await (a as StateStore).claimPublishing('k', 1, 'email', 'other', at(1600), 1000), true, 'after it lapsed');
      assert.equal(await (a as StateStore).claimPublishing('k', 1, 'patchwork-check', holder, at(1600), 1000), true, 'channels are separate');
      assert.equal((await (a as StateStore).listPublications({ channel: 'email' })).length, 0, 'the lock is not a publication of the channel');
    }));

  test('putPublication inserts, then updates by (key, revision, channel, target); attempts kept unless given', () =>
    withStore(open, async (s) => {
      const before = Date.now();
      await s.putPublication({ key: 'k', revision: 1, channel: 'email', target: 'kvm@vger.kernel.org', state: 'intent', fingerprint: 'fp1' });
      const p = await s.getPublication('k', 1, 'email', 'kvm@vger.kernel.org');
      assert.deepEqual({ ...p, updatedAt: undefined }, { key: 'k', revision: 1, channel: 'email', target: 'kvm@vger.kernel.org', state: 'intent', fingerprint: 'fp1', attempts: 0, updatedAt: undefined });
      assert.ok(p && p.updatedAt.getTime() >= before - 1000 && p.updatedAt.getTime() <= Date.now() + 1000, 'updatedAt is about now');
      await s.putPublication({ key: 'k', revision: 1, channel: 'email', target: 'kvm@vger.kernel.org', state: 'failed', fingerprint: 'fp1', attempts: 1, payload: '{"to":"kvm"}' });
      await s.putPublication({ key: 'k', revision: 1, channel: 'email', target: 'kvm@vger.kernel.org', state: 'sent', fingerprint: 'fp2', externalId: '<r@kvetch>' });
      const q = await s.getPublication('k', 1, 'email', 'kvm@vger.kernel.org');
      assert.deepEqual({ ...q, updatedAt: undefined }, {
        key: 'k', revision: 1, channel: 'email', target: 'kvm@vger.kernel.org', state: 'sent', fingerprint: 'fp2', externalId: '<r@kvetch>', attempts: 1, updatedAt: undefined,
      });
      await s.putPublication({ key: 'k', revision: 1, channel: 'email', target: 'kvm@vger.kernel.org', state: 'sent', fingerprint: 'fp2', attempts: 0 });
      assert.equal((await s.getPublication('k', 1, 'email', 'kvm@vger.kernel.org'))?.attempts, 0, 'a given count is set');
      assert.equal(await s.getPublication('k', 1, 'email', 'other@vger.kernel.org'), null);
      assert.equal(await s.getPublication('k', 2, 'email', 'kvm@vger.kernel.org'), null);
    }));

  test('listPublications filters by channel and state; distinct targets are distinct rows', () =>
    withStore(open, async (s) => {
      const put = (key: string, channel: string, target: string, state: 'intent' | 'sent' | 'failed' | 'skipped') =>
        s.putPublication({ key, revision: 1, channel, target, state, fingerprint: 'fp' });
      await put('b', 'email', 'list@x', 'sent');
      await put('a', 'email', 'list@x', 'failed');
      await put('a', 'email', 'other@x', 'sent');
      await put('a', 'patchwork-check', '123', 'sent');
      await put('a', 'log', '', 'skipped');
      const ids = (ps: { key: string; channel: string; target: string }[]) => ps.map((p) => `${p.key}/${p.channel}/${p.target}`);
      assert.deepEqual(ids(await s.listPublications()), ['a/email/list@x', 'a/email/other@x', 'a/log/', 'a/patchwork-check/123', 'b/email/list@x']);
      assert.deepEqual(ids(await s.listPublications({ channel: 'email' })), ['a/email/list@x', 'a/email/other@x', 'b/email/list@x']);
      assert.deepEqual(ids(await s.listPublications({ state: 'sent' })), ['a/email/other@x', 'a/patchwork-check/123', 'b/email/list@x']);
      assert.deepEqual(ids(await s.listPublications({ channel: 'email', state: 'failed' })), ['a/email/list@x']);
    }));

  test('what one instance writes, another instance on the same database reads', () =>
    withStores(openMany, 2, async ([a, b]) => {
      await a!.ingest('src', [], 'c9');
      await a!.upsertSeriesVersion(version('k', T0));
      assert.equal(await b!.getCursor('src'), 'c9');
      const v = await b!.claimNext('wb', T0, 60_000);
      assert.equal(v?.key, 'k');
      assert.equal(await a!.claimNext('wa', T0, 60_000), null, 'the claim made through b holds for a');
      assert.equal(await a!.complete('k', 1, 'wb', [finding(1)]), true);
      assert.deepEqual(await b!.findings('k', 1), [finding(1)]);
    }));

  test('several instances claiming at once: every version completed exactly once', () =>
    withStores(openMany, 4, async (stores) => {
      const keys = Array.from({ length: 40 }, (_, i) => `series-${String(i).padStart(2, '0')}`);
      for (const k of keys) await stores[0]!.upsertSeriesVersion(version(k, T0));
      await stores[0]!.upsertSeriesVersion(version('future', at(60_000)));
      const byWorker = await drain(stores, at(1), () => new Promise((r) => setImmediate(r)));
      const future = await stores[0]!.getSeriesVersion('future', 1);
      assert.equal(future?.state, 'waiting');
      const vs = (await stores[1]!.listSeriesVersions()).filter((v) => v.key !== 'future');
      assertEachCompletedOnce(vs, keys, byWorker);
    }));
}
