/** prune: the app's finished jobs deleted after KVETCH_APP_JOB_DAYS, on a real SQLite store; a store that fails is logged, not thrown. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startPruning } from '../../../src/app/prune.js';
import type { JobQueue } from '../../../src/model/jobs.js';
import type { Log } from '../../../src/model/log.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-prune-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const DAY = 86_400_000;

function logOf(): Log & { msgs: string[] } {
  const msgs: string[] = [];
  const put = (o: object | string, msg?: string): void => void msgs.push(typeof o === 'string' ? o : (msg ?? ''));
  const log = { debug: put, info: put, warn: put, error: put, child: () => log, msgs };
  return log;
}

test('a pass deletes the done jobs older than keepDays and keeps younger, failed and queued ones', async () => {
  const s = await openSqliteStore(join(dir, 'p.db'));
  await s.migrate();
  try {
    for (const key of ['a', 'b', 'c']) await s.enqueueJob({ queue: 'github', key, group: key, payload: '{}' }, new Date());
    const a = await s.claimJob('github', 'w', new Date(), 60_000);
    await s.finishJob(a!.id, 'w', { state: 'done', result: 'reviewed' });
    const b = await s.claimJob('github', 'w', new Date(), 60_000);
    await s.finishJob(b!.id, 'w', { state: 'failed', result: 'gave up' });
    const log = logOf();
    const p = startPruning(s, 'github', 14, 3_600_000, log);
    try {
      assert.equal(await p.pass(new Date(Date.now() + 13 * DAY)), 0, 'a done job 13 days old stays');
      assert.equal(await p.pass(new Date(Date.now() + 15 * DAY)), 1);
      assert.deepEqual((await s.listJobs('github')).map((j) => `${j.key}:${j.state}`), ['b:failed', 'c:queued']);
      assert.ok(log.msgs.includes('old finished jobs deleted'));
    } finally {
      p.stop();
    }
  } finally {
    await s.close();
  }
});

test('a store that fails: the pass logs it and answers 0; the app goes on', async () => {
  const failing = { pruneJobs: () => Promise.reject(new Error('database is locked')) } as unknown as JobQueue;
  const log = logOf();
  const p = startPruning(failing, 'github', 14, 3_600_000, log);
  try {
    assert.equal(await p.pass(), 0);
    assert.ok(log.msgs.includes('could not delete old finished jobs; tried again later'));
  } finally {
    p.stop();
  }
});
