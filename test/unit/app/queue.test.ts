/** The app's queue on a real SQLite store: intake de-duplication, superseding, and the workers (each job once, retries, give-up, a lapsed lease). */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, test } from 'node:test';
import type { PullJob } from '../../../src/app/jobs.js';
import { enqueue, newJob, pullJobOf, QUEUE } from '../../../src/app/queue.js';
import { MAX_ATTEMPTS, retryDelayMs, startWorkers } from '../../../src/app/workers.js';
import type { Log } from '../../../src/model/log.js';
import type { StateStore } from '../../../src/model/store.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-queue-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

async function withStore(fn: (s: StateStore) => Promise<void>): Promise<void> {
  const s = await openSqliteStore(join(dir, `q-${++n}.db`));
  await s.migrate();
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

function recorder(): Log & { lines: Array<{ level: string; msg: string; o: Record<string, unknown> }> } {
  const lines: Array<{ level: string; msg: string; o: Record<string, unknown> }> = [];
  const at = (level: string) => (o: object | string, msg?: string) => void lines.push({ level, msg: typeof o === 'string' ? o : (msg ?? ''), o: typeof o === 'string' ? {} : (o as Record<string, unknown>) });
  const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log, lines };
  return log;
}

const pull = (o: Partial<PullJob> = {}): PullJob => ({ owner: 'o', repo: 'r', number: 1, headSha: 'a'.repeat(40), installationId: 7, defaultBranch: 'main', delivery: 'd1', body: 'b1', reason: 'pull_request.opened', run: 'head', ...o });

test('intake: one job per signed body and pull request; a redelivery, a racing copy or the body under another delivery id is logged handled, not queued', () =>
  withStore(async (s) => {
    const log = recorder();
    assert.equal(await enqueue(s, log, [pull()]), true);
    assert.equal(await enqueue(s, log, [pull()]), false, 'GitHub redelivery');
    assert.equal(await enqueue(s, log, [pull({ delivery: 'other-id' })]), false, 'the body replayed under another X-GitHub-Delivery');
    assert.equal(await enqueue(s, log, [pull({ number: 2 })]), true, 'the same delivery names another pull request');
    assert.deepEqual((await s.jobCounts(QUEUE)).queued, 2);
    assert.deepEqual(log.lines.map((l) => `${l.msg} ${typeof l.o.status === 'string' ? l.o.status : ''}`.trim()), ['delivery queued', 'delivery handled redelivery', 'delivery handled redelivery', 'delivery queued']);
    assert.equal(await enqueue(s, log, [pull()], { quiet: true }), false);
    assert.equal(log.lines.length, 4, 'resumed deliveries already queued are not logged');
    const [first] = await s.listJobs(QUEUE);
    assert.deepEqual(pullJobOf(first!), pull());
    assert.equal(pullJobOf({ ...first!, payload: '{"owner":1}' }), null);
    assert.equal(pullJobOf({ ...first!, payload: 'not json' }), null);
  }));

test('intake: a synchronize push supersedes the queued job of the head it replaced; a re-run never is', () =>
  withStore(async (s) => {
    const log = recorder();
    const old = 'a'.repeat(40);
    await enqueue(s, log, [pull({ headSha: old })]);
    await enqueue(s, log, [pull({ body: 'rerun', delivery: 'r', run: 'r', headSha: old })]);
    assert.equal(newJob(pull({ run: 'r' })).version, undefined);
    await enqueue(s, log, [pull({ body: 'b2', delivery: 'd2', reason: 'pull_request.synchronize', headSha: 'b'.repeat(40), before: old })]);
    assert.deepEqual((await s.listJobs(QUEUE, 'superseded')).map((j) => pullJobOf(j)?.delivery), ['d1']);
    assert.deepEqual((await s.listJobs(QUEUE, 'queued')).map((j) => pullJobOf(j)?.delivery), ['r', 'd2']);
  }));

test('workers: every job runs once, one pull request at a time; a failure is retried, then given up after MAX_ATTEMPTS', () =>
  withStore(async (s) => {
    const log = recorder();
    for (let i = 0; i < 12; i++) await enqueue(s, log, [pull({ number: i % 4, body: `b${i}`, delivery: `d${i}` })]);
    await enqueue(s, log, [pull({ number: 99, body: 'bad', delivery: 'bad' })]);
    const ran: string[] = [];
    const busy = new Set<string>();
    const pool = startWorkers({
      store: s, queue: QUEUE, count: 3, worker: 'w', leaseMs: 10_000, idleMs: 20, log, retryDelay: () => 1,
      run: async (job) => {
        const j = pullJobOf(job)!;
        assert.ok(!busy.has(String(j.number)), `pull request ${j.number} run twice at once`);
        busy.add(String(j.number));
        ran.push(j.delivery);
        await sleep(5);
        busy.delete(String(j.number));
        if (j.delivery === 'bad') throw new Error('GitHub said no');
        return 'reviewed';
      },
    });
    try {
      for (let i = 0; i < 400; i++) {
        const c = await s.jobCounts(QUEUE);
        if (c.queued === 0 && c.claimed === 0) break;
        await sleep(25);
      }
    } finally {
      await pool.stop(1000);
    }
    assert.deepEqual(await s.jobCounts(QUEUE), { queued: 0, claimed: 0, done: 12, failed: 1, superseded: 0 });
    assert.deepEqual(ran.filter((d) => d !== 'bad').sort(), Array.from({ length: 12 }, (_, i) => `d${i}`).sort(), 'each once');
    assert.equal(ran.filter((d) => d === 'bad').length, MAX_ATTEMPTS);
    assert.equal((await s.listJobs(QUEUE, 'failed'))[0]?.result, 'Error: GitHub said no');
    assert.equal(log.lines.filter((l) => l.msg === 'job failed; queued again').length, MAX_ATTEMPTS - 1);
    assert.equal(log.lines.filter((l) => l.level === 'error' && /given up after/.test(l.msg)).length, 1);
  }));

test('workers: a job whose worker died is taken again once its lease lapses; wake() starts an idle worker at once', () =>
  withStore(async (s) => {
    const log = recorder();
    await enqueue(s, log, [pull()], { now: new Date(Date.now() - 5000) });
    const dead = await s.claimJob(QUEUE, 'dead#1', new Date(Date.now() - 1000), 500);
    assert.ok(dead);
    const ran: number[] = [];
    const pool = startWorkers({ store: s, queue: QUEUE, count: 1, worker: 'live', leaseMs: 10_000, idleMs: 60_000, log, run: async (j) => (ran.push(j.attempts), 'reviewed') });
    try {
      for (let i = 0; i < 200 && ran.length === 0; i++) await sleep(10);
      assert.deepEqual(ran, [2], 'the dead worker\'s job, on its second attempt');
      await enqueue(s, log, [pull({ body: 'b2', delivery: 'd2' })]);
      pool.wake();
      for (let i = 0; i < 200 && ran.length === 1; i++) await sleep(10);
      assert.deepEqual(ran, [2, 1], 'woken, not after the 60 s idle wait');
    } finally {
      await pool.stop(1000);
    }
  }));

test('retryDelayMs: 5 s, doubling, at most 5 minutes', () => {
  assert.deepEqual([1, 2, 3, 4, 10].map(retryDelayMs), [5000, 10_000, 20_000, 40_000, 300_000]);
});
