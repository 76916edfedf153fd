/**
 * The StateStore contract, the job queue (migration 004, model/jobs.ts). Registered by
 * storeContract (store-contract.ts), so SQLite and PostgreSQL both pass it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NewJob } from '../../src/model/jobs.js';
import { at, T0, withStore, withStores, type OpenMany, type OpenStore } from './store-fixtures.js';

const job = (key: string, group = 'o/r#1', version?: string): NewJob => ({ queue: 'q', key, group, payload: JSON.stringify({ key, text: '“ünïcode” \u{1F600}' }), ...(version ? { version } : {}) });

export function jobContract(open: OpenStore, openMany: OpenMany): void {
  test('enqueueJob queues a job once per key, forever; the job round-trips', () =>
    withStore(open, async (s) => {
      assert.deepEqual(await s.enqueueJob(job('a', 'o/r#1', 'sha1'), T0), { queued: true, superseded: 0 });
      assert.deepEqual(await s.enqueueJob(job('a'), at(5)), { queued: false, superseded: 0 }, 'the same key again');
      const [j] = await s.listJobs('q');
      assert.equal(j?.key, 'a');
      assert.equal(j?.group, 'o/r#1');
      assert.equal(j?.version, 'sha1');
      assert.equal(j?.payload, job('a').payload);
      assert.equal(j?.state, 'queued');
      assert.equal(j?.attempts, 0);
      assert.deepEqual(j?.runAfter, T0);
      assert.deepEqual(j?.createdAt, T0);
      const c = await s.claimJob('q', 'w1', at(1), 1000);
      assert.equal(await s.finishJob(c!.id, 'w1', { state: 'done', result: 'reviewed' }), true);
      assert.deepEqual(await s.enqueueJob(job('a'), at(10)), { queued: false, superseded: 0 }, 'a done job still de-duplicates');
      assert.deepEqual(await s.jobCounts('q'), { queued: 0, claimed: 0, done: 1, failed: 0, superseded: 0 });
      assert.deepEqual(await s.jobCounts('other'), { queued: 0, claimed: 0, done: 0, failed: 0, superseded: 0 });
    }));

  test('pruneJobs deletes the done and superseded jobs changed before the cutoff, in its queue only; failed, queued and claimed ones stay', () =>
    withStore(open, async (s) => {
      await s.enqueueJob(job('done', 'g1'), T0);
      await s.enqueueJob(job('old-head', 'g2', 'h1'), T0);
      assert.equal((await s.enqueueJob(job('new-head', 'g2', 'h2'), T0, 'h1')).superseded, 1);
      await s.enqueueJob(job('fail', 'g3'), T0);
      await s.enqueueJob(job('wait', 'g4'), at(60_000));
      await s.enqueueJob({ ...job('elsewhere'), queue: 'other' }, T0);
      const d = await s.claimJob('q', 'w', at(1), 1000);
      assert.equal(d?.key, 'done');
      assert.equal(await s.finishJob(d.id, 'w', { state: 'done', result: 'reviewed' }), true);
      assert.equal((await s.claimJob('q', 'w', at(2), 1000))?.key, 'new-head', 'held: claimed');
      const f = await s.claimJob('q', 'w', at(3), 1000);
      assert.equal(f?.key, 'fail');
      assert.equal(await s.finishJob(f.id, 'w', { state: 'failed', result: 'gave up' }), true);
      const e = await s.claimJob('other', 'w', at(4), 1000);
      assert.equal(await s.finishJob(e!.id, 'w', { state: 'done', result: 'reviewed' }), true);
      assert.equal(await s.pruneJobs('q', T0), 0, 'nothing changed before T0');
      assert.equal(await s.pruneJobs('q', new Date(Date.now() + 60_000)), 2);
      assert.deepEqual((await s.listJobs('q')).map((j) => j.key), ['new-head', 'fail', 'wait']);
      assert.deepEqual(await s.jobCounts('other'), { queued: 0, claimed: 0, done: 1, failed: 0, superseded: 0 }, 'another queue is not pruned');
      assert.deepEqual(await s.enqueueJob(job('done', 'g1'), at(10)), { queued: true, superseded: 0 }, 'a pruned key is free again');
    }));

  test('claimJob takes the oldest ready job, one group at a time; a lapsed lease is taken over; the holder renews and finishes', () =>
    withStore(open, async (s) => {
      await s.enqueueJob(job('a', 'g1'), T0);
      await s.enqueueJob(job('b', 'g1'), T0);
      await s.enqueueJob(job('c', 'g2'), T0);
      assert.equal(await s.claimJob('q', 'w1', at(-1), 1000), null, 'not before runAfter');
      const a = await s.claimJob('q', 'w1', T0, 1000);
      assert.equal(a?.key, 'a');
      assert.equal(a?.state, 'claimed');
      assert.equal(a?.claimedBy, 'w1');
      assert.deepEqual(a?.leaseUntil, at(1000));
      assert.equal(a?.attempts, 1);
      const c = await s.claimJob('q', 'w2', T0, 1000);
      assert.equal(c?.key, 'c', 'b waits: its group g1 is held by a');
      assert.equal(await s.finishJob(c.id, 'w2', { state: 'done', result: 'ok' }), true);
      assert.equal(await s.claimJob('q', 'w3', at(1000), 1000), null, 'a lease runs until leaseUntil inclusive');
      assert.equal(await s.renewJob(a.id, 'w1', at(900), 1000), true);
      assert.equal(await s.renewJob(a.id, 'w2', at(900), 1000), false, 'only the holder renews');
      assert.equal(await s.claimJob('q', 'w3', at(1500), 1000), null, 'renewed until 1900');
      const taken = await s.claimJob('q', 'w3', at(1901), 1000);
      assert.equal(taken?.key, 'a', 'the lapsed claim is taken over before b');
      assert.equal(taken?.attempts, 2);
      assert.equal(await s.finishJob(a.id, 'w1', { state: 'done', result: 'late' }), false, 'w1 lost its claim');
      assert.equal(await s.finishJob(taken.id, 'w3', { state: 'done', result: 'reviewed' }), true);
      assert.equal(await s.finishJob(taken.id, 'w3', { state: 'done', result: 'again' }), false, 'done once');
      const b = await s.claimJob('q', 'w1', at(1902), 1000);
      assert.equal(b?.key, 'b');
      const [done] = await s.listJobs('q', 'done');
      assert.equal(done?.result, 'reviewed');
      assert.equal(done?.claimedBy, undefined);
      assert.equal(done?.leaseUntil, undefined);
    }));

  test('finishJob queued: the job waits until runAfter and is tried again; failed stays until the job is queued again', () =>
    withStore(open, async (s) => {
      await s.enqueueJob(job('a'), T0);
      const a = await s.claimJob('q', 'w1', T0, 1000);
      assert.equal(await s.finishJob(a!.id, 'w1', { state: 'queued', runAfter: at(5000), result: 'HttpError: 502' }), true);
      assert.equal(await s.claimJob('q', 'w1', at(4999), 1000), null);
      const again = await s.claimJob('q', 'w1', at(5000), 1000);
      assert.equal(again?.attempts, 2);
      assert.equal(again?.result, 'HttpError: 502');
      assert.equal(await s.finishJob(again.id, 'w1', { state: 'failed', result: 'given up' }), true);
      assert.equal(await s.claimJob('q', 'w1', at(99_999), 1000), null);
      assert.deepEqual((await s.jobCounts('q')).failed, 1);
      assert.deepEqual(await s.enqueueJob(job('a'), at(100_000)), { queued: true, superseded: 0 }, 'a failed job is queued again');
      const retried = await s.claimJob('q', 'w1', at(100_000), 1000);
      assert.equal(retried?.id, a!.id);
      assert.equal(retried?.attempts, 1);
    }));

  test('a newer push supersedes the queued jobs of the same group at the old version, not claimed ones nor other groups', () =>
    withStore(open, async (s) => {
      await s.enqueueJob(job('held', 'g1', 'old'), T0);
      const held = await s.claimJob('q', 'w1', T0, 1000);
      await s.enqueueJob(job('q1', 'g1', 'old'), T0);
      await s.enqueueJob(job('q2', 'g1', 'other'), T0);
      await s.enqueueJob(job('x', 'g2', 'old'), T0);
      assert.deepEqual(await s.enqueueJob(job('new', 'g1', 'new'), at(1), 'old'), { queued: true, superseded: 1 });
      assert.deepEqual((await s.listJobs('q', 'superseded')).map((j) => j.key), ['q1']);
      assert.equal(held?.key, 'held');
      assert.deepEqual((await s.listJobs('q', 'queued')).map((j) => j.key), ['q2', 'x', 'new']);
      assert.deepEqual((await s.listJobs('q', undefined, 2)).map((j) => j.key), ['held', 'q1'], 'limit');
    }));

  test('several stores claiming one queue at once: each job claimed once, never two of one group at a time', () =>
    withStores(openMany, 3, async (ss) => {
      const [first] = ss;
      for (let i = 0; i < 24; i++) await first!.enqueueJob(job(`j${i}`, `g${i % 6}`), T0);
      const seen: string[] = [];
      const held = new Set<string>();
      await Promise.all(
        ss.flatMap((s, k) =>
          [0, 1].map(async (w) => {
            const worker = `w${k}.${w}`;
            for (;;) {
              const j = await s.claimJob('q', worker, at(1), 60_000);
              if (!j) {
                if ((await s.jobCounts('q')).queued === 0) return;
                await new Promise((r) => setTimeout(r, 5));
                continue;
              }
              assert.ok(!held.has(j.group), `${j.group} held twice`);
              held.add(j.group);
              seen.push(j.key);
              await new Promise((r) => setTimeout(r, 2));
              held.delete(j.group);
              assert.equal(await s.finishJob(j.id, worker, { state: 'done', result: 'ok' }), true);
            }
          }),
        ),
      );
      assert.deepEqual([...seen].sort(), Array.from({ length: 24 }, (_, i) => `j${i}`).sort());
      assert.equal((await first!.jobCounts('q')).done, 24);
    }));
}
