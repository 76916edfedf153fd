/**
 * The StateStore contract, the incremental daemon's part: records kept with the mail, the
 * lookups assembly makes (unassembled mail, mails that reference others, mails sent close
 * together by one author), items a source took, and the version filters publishing uses.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { at, message, recorded, T0, withStore, type OpenStore } from './store-fixtures.js';

export function recordContract(open: OpenStore): void {
  test('records: stored with the mail, read back whole (getMessages, getRecords in asked order), without raw in getRecords', () =>
    withStore(open, async (s) => {
      const a = recorded('a@x', { receivedAt: at(1) });
      const b = recorded('b@x', { receivedAt: at(2), inReplyTo: '<a@x>' });
      await s.ingest('lore:kvm', [a, b], null);
      assert.deepEqual(await s.getMessages(['<b@x>']), [b]);
      const rs = await s.getRecords(['<b@x>', '<nope@x>', '<a@x>']);
      assert.deepEqual(rs.map((r) => [r.messageId, r.record]), [['<b@x>', b.record], ['<a@x>', a.record]]);
      assert.ok(rs[1]!.seq < rs[0]!.seq, 'arrival order');
      assert.ok(!('raw' in rs[0]!));
      assert.deepEqual((await s.getRecords(['<a@x>', '<b@x>'], at(2))).map((r) => r.messageId), ['<b@x>'], 'since: received at or after');
    }));

  test('a mail stored without a record reads as null until putRecords gives it one', () =>
    withStore(open, async (s) => {
      await s.ingest('src', [message('old@x')], null);
      assert.equal((await s.getRecords(['old@x']))[0]?.record, null);
      const r = { ...recorded('old@x').record!, messageId: 'old@x', references: ['<root@x>'] };
      await s.putRecords([r, { ...r, messageId: 'not-stored@x' }]);
      assert.deepEqual((await s.getRecords(['old@x']))[0]?.record, r);
      assert.deepEqual(await s.referencing(['<root@x>'], T0), ['old@x'], 'its references are indexed too');
    }));

  test('unassembled: new mail in arrival order, until marked; a known Message-ID does not come back', () =>
    withStore(open, async (s) => {
      await s.ingest('src', [recorded('2@x'), recorded('1@x')], null);
      await s.ingest('src', [recorded('3@x')], null);
      assert.deepEqual((await s.unassembled(10)).map((r) => r.messageId), ['<2@x>', '<1@x>', '<3@x>']);
      assert.deepEqual((await s.unassembled(2)).map((r) => r.messageId), ['<2@x>', '<1@x>']);
      await s.markAssembled(['<2@x>', '<1@x>']);
      await s.ingest('src', [recorded('1@x')], null);
      assert.deepEqual((await s.unassembled(10)).map((r) => r.messageId), ['<3@x>']);
    }));

  test('referencing: mails whose In-Reply-To or References name the ids, received since', () =>
    withStore(open, async (s) => {
      await s.ingest('src', [recorded('cover@x'), recorded('p1@x', { inReplyTo: '<cover@x>' }), recorded('r1@x', { references: ['<cover@x>', '<p1@x>'] })], null);
      await s.ingest('src', [recorded('old@x', { receivedAt: at(-5000), inReplyTo: '<cover@x>' })], null);
      assert.deepEqual((await s.referencing(['<cover@x>'], T0)).sort(), ['<p1@x>', '<r1@x>']);
      assert.deepEqual((await s.referencing(['<cover@x>'], at(-9000))).sort(), ['<old@x>', '<p1@x>', '<r1@x>']);
      assert.deepEqual(await s.referencing(['<p1@x>'], T0), ['<r1@x>']);
      assert.deepEqual(await s.referencing([], T0), []);
    }));

  test('sentNear: mails of one author whose Date lies in the window, received since', () =>
    withStore(open, async (s) => {
      await s.ingest('src', [
        recorded('a@x', { author: 'dev@example.org', date: '2024-03-01T10:00:00.000Z' }),
        recorded('b@x', { author: 'dev@example.org', date: '2024-03-01T10:15:00.000Z' }),
        recorded('c@x', { author: 'other@example.org', date: '2024-03-01T10:05:00.000Z' }),
        recorded('d@x', { author: 'dev@example.org', date: '2024-03-01T11:00:00.000Z' }),
        recorded('e@x', { author: 'dev@example.org', date: null }),
      ], null);
      const got = await s.sentNear('dev@example.org', new Date('2024-03-01T09:50:00Z'), new Date('2024-03-01T10:20:00Z'), T0);
      assert.deepEqual(got, ['<a@x>', '<b@x>']);
      assert.deepEqual(await s.sentNear('dev@example.org', new Date('2024-03-01T09:50:00Z'), new Date('2024-03-01T10:20:00Z'), at(1)), []);
    }));

  test('items a source took are recorded with its mail, per source', () =>
    withStore(open, async (s) => {
      await s.ingest('maildir:a', [recorded('m@x')], null, ['1700000000.M1P2.host', '1700000000.M3P4.host']);
      assert.deepEqual([...(await s.seenItems('maildir:a', ['1700000000.M3P4.host', 'new.one', '1700000000.M1P2.host']))].sort(), ['1700000000.M1P2.host', '1700000000.M3P4.host']);
      assert.deepEqual([...(await s.seenItems('maildir:b', ['1700000000.M1P2.host']))], []);
      await assert.rejects(s.ingest('maildir:a', [message('bad@x', new Date(Number.NaN))], null, ['never.kept']));
      assert.deepEqual([...(await s.seenItems('maildir:a', ['never.kept']))], [], 'items and mail in one transaction');
    }));

  test('versions: the series kept with them; filters by key, state and channels not yet done', () =>
    withStore(open, async (s) => {
      const series = { key: 'k', revision: 1, versionInferred: false, subject: 'x', author: 'Dev <dev@example.org>', sender: 'Dev <dev@example.org>', date: null, total: 1, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null };
      await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: 'x', messageIds: ['<a@x>'], readyAt: T0, series });
      await s.upsertSeriesVersion({ key: 'k', revision: 2, subject: 'x', messageIds: ['<b@x>'], readyAt: T0 });
      await s.upsertSeriesVersion({ key: 'j', revision: 1, subject: 'y', messageIds: ['<c@x>'], readyAt: T0 });
      assert.deepEqual((await s.getSeriesVersion('k', 1))?.series, series);
      assert.equal((await s.getSeriesVersion('k', 2))?.series, undefined);
      assert.deepEqual((await s.listSeriesVersions({ key: 'k' })).map((v) => v.revision), [1, 2]);
      // Claimed in readyAt, key, revision order: j1, then k1.
      for (let i = 0; i < 2; i++) {
        const c = await s.claimNext('w', at(1), 60_000);
        assert.ok(c);
        await s.complete(c.key, c.revision, 'w', []);
      }
      assert.deepEqual((await s.listSeriesVersions({ state: 'done' })).map((v) => `${v.key}${v.revision}`), ['j1', 'k1']);
      await s.putPublication({ key: 'k', revision: 1, channel: 'log#done', target: '', state: 'sent', fingerprint: '' });
      assert.deepEqual((await s.listSeriesVersions({ state: 'done', unpublishedOn: ['log'] })).map((v) => `${v.key}${v.revision}`), ['j1']);
      assert.deepEqual((await s.listSeriesVersions({ state: 'done', unpublishedOn: ['log', 'email'] })).map((v) => `${v.key}${v.revision}`), ['j1', 'k1']);
      assert.deepEqual(await s.listSeriesVersions({ unpublishedOn: [] }), []);
    }));
}
