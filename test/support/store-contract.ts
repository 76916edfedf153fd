/**
 * The StateStore contract: one suite every store passes (SQLite in the unit suite, PostgreSQL
 * in the integration suite). `open` gives an unmigrated store on a new, empty database;
 * `openMany(n)` gives n unmigrated stores sharing one new database.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { claimContract } from './store-contract-claims.js';
import { hostileContract } from './store-contract-hostile.js';
import { jobContract } from './store-contract-jobs.js';
import { optOutContract } from './store-contract-opt-outs.js';
import { recordContract } from './store-contract-records.js';
import { at, FATAL, finding, message, T0, withStore, type OpenMany, type OpenStore } from './store-fixtures.js';

export type { OpenMany, OpenStore } from './store-fixtures.js';

export function storeContract(name: string, open: OpenStore, openMany: OpenMany): void {
  describe(`StateStore contract: ${name}`, () => {
    test('migrate twice is a no-op: data stays, the store works', () =>
      withStore(open, async (s) => {
        await s.ingest('src', [message('a@x')], 'c1');
        await s.migrate();
        await s.migrate();
        assert.equal((await s.getMessages(['a@x'])).length, 1);
        assert.equal(await s.getCursor('src'), 'c1');
      }));

    test('several instances migrating one new database at once all succeed', async () => {
      const stores = await openMany(4);
      try {
        await Promise.all(stores.map((s) => s.migrate()));
        await stores[0]!.ingest('src', [message('m@x')], null);
        for (const s of stores) assert.deepEqual((await s.getMessages(['m@x'])).map((m) => m.messageId), ['m@x']);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    test('ingest stores raw bytes and dates exactly and returns the new Message-IDs', () =>
      withStore(open, async (s) => {
        const a = message('a@x', at(1));
        const b = message('b@x', new Date('1999-12-31T23:59:59.999Z'), 'patchwork:kvm');
        assert.deepEqual(await s.ingest('lore:kvm', [a, b], 'cursor-1'), ['a@x', 'b@x']);
        assert.deepEqual(await s.getMessages(['b@x', 'a@x']), [b, a]);
        assert.equal(await s.getCursor('lore:kvm'), 'cursor-1');
        assert.equal(await s.getCursor('lore:other'), null);
      }));

    test('ingest is idempotent on Message-ID: a stored message is kept as it was', () =>
      withStore(open, async (s) => {
        const first = message('a@x', at(0));
        await s.ingest('src', [first], 'c1');
        const changed = { ...message('a@x', at(5000), 'other'), raw: Buffer.from('different') };
        assert.deepEqual(await s.ingest('src', [changed, message('c@x', at(1))], 'c2'), ['c@x']);
        assert.deepEqual(await s.getMessages(['a@x']), [first]);
        assert.equal(await s.getCursor('src'), 'c2');
        assert.deepEqual(await s.ingest('src', [message('d@x'), message('d@x', at(9))], 'c3'), ['d@x'], 'a Message-ID twice in one batch is new once');
        assert.deepEqual((await s.getMessages(['d@x']))[0]?.receivedAt, T0, 'the first of the batch is kept');
      }));

    test('ingest with cursor null keeps the cursor; an empty batch still moves it', () =>
      withStore(open, async (s) => {
        await s.ingest('src', [], 'c1');
        assert.equal(await s.getCursor('src'), 'c1');
        await s.ingest('src', [message('a@x')], null);
        assert.equal(await s.getCursor('src'), 'c1');
        assert.equal((await s.getMessages(['a@x'])).length, 1);
      }));

    test('ingest is atomic: a bad message leaves neither the mail nor the cursor', () =>
      withStore(open, async (s) => {
        await s.ingest('src', [], 'c1');
        const bad = message('bad@x', new Date(Number.NaN));
        await assert.rejects(s.ingest('src', [message('good@x'), bad], 'c2'), /receivedAt of message bad@x/);
        assert.deepEqual(await s.getMessages(['good@x', 'bad@x']), []);
        assert.equal(await s.getCursor('src'), 'c1');
      }));

    test('getMessages keeps the asked order, skips unknown ids, takes an empty list', () =>
      withStore(open, async (s) => {
        await s.ingest('src', [message('a@x'), message('b@x'), message('c@x')], null);
        assert.deepEqual((await s.getMessages(['c@x', 'nope@x', 'a@x'])).map((m) => m.messageId), ['c@x', 'a@x']);
        assert.deepEqual(await s.getMessages([]), []);
      }));


    test('upsertSeriesVersion creates a waiting version and extends it while it waits', () =>
      withStore(open, async (s) => {
        assert.equal(await s.getSeriesVersion('k', 1), null);
        await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: '[PATCH 0/2] x', messageIds: ['c@x', 'p1@x'], readyAt: at(1000) });
        assert.deepEqual(await s.getSeriesVersion('k', 1), {
          key: 'k', revision: 1, subject: '[PATCH 0/2] x', messageIds: ['c@x', 'p1@x'], state: 'waiting', readyAt: at(1000), completions: 0,
        });
        await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: '[PATCH 0/2] x', messageIds: ['c@x', 'p1@x', 'p2@x'], readyAt: at(5000) });
        const v = await s.getSeriesVersion('k', 1);
        assert.deepEqual(v?.messageIds, ['c@x', 'p1@x', 'p2@x']);
        assert.deepEqual(v?.readyAt, at(5000));
        assert.equal(v?.state, 'waiting');
      }));

    test('upsertSeriesVersion leaves a claimed version and a done version unchanged while its mails do not grow', () =>
      withStore(open, async (s) => {
        await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: 's', messageIds: ['a@x', 'b@x'], readyAt: T0 });
        const claimed = await s.claimNext('w1', T0, 60_000);
        assert.ok(claimed);
        await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: 'changed', messageIds: ['b@x', 'a@x'], readyAt: at(9000) });
        assert.deepEqual(await s.getSeriesVersion('k', 1), claimed);
        assert.equal(await s.complete('k', 1, 'w1', []), true);
        const done = await s.getSeriesVersion('k', 1);
        await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: 'changed', messageIds: ['a@x'], readyAt: at(9000) });
        await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: 'changed', messageIds: ['a@x', 'c@x'], readyAt: at(9000) });
        assert.deepEqual(await s.getSeriesVersion('k', 1), done);
        assert.equal(done?.state, 'done');
        assert.deepEqual(done?.subject, 's');
      }));

    test('listSeriesVersions: every version, by key then revision', () =>
      withStore(open, async (s) => {
        for (const [key, revision] of [['b', 1], ['a', 2], ['a', 1]] as const) {
          await s.upsertSeriesVersion({ key, revision, subject: `${key}${revision}`, messageIds: [], readyAt: T0 });
        }
        assert.deepEqual((await s.listSeriesVersions()).map((v) => `${v.key}v${v.revision}`), ['av1', 'av2', 'bv1']);
      }));

    test('findings round-trip exactly, in order; none before completion', () =>
      withStore(open, async (s) => {
        const fs = [finding(1), finding(2), FATAL, finding(3)];
        await s.upsertSeriesVersion({ key: 'k', revision: 2, subject: 's', messageIds: [], readyAt: T0 });
        assert.deepEqual(await s.findings('k', 2), []);
        await s.claimNext('w', T0, 1000);
        assert.equal(await s.complete('k', 2, 'w', fs), true);
        assert.deepEqual(await s.findings('k', 2), fs);
        assert.deepEqual(await s.findings('k', 3), []);
      }));

    claimContract(open, openMany);
    optOutContract(open, openMany);
    recordContract(open);
    hostileContract(open);
    jobContract(open, openMany);
  });
}
