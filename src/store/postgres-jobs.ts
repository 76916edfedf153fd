/**
 * The job queue half of the PostgreSQL store (model/jobs.ts). A claim holds a transaction-level
 * advisory lock on its queue, so concurrent claims (workers of several replicas) take turns and
 * each sees the others' committed claims: no two jobs of one group are ever held at once.
 */
import type pg from 'pg';
import type { Job, JobEnd, JobState, NewJob } from '../model/jobs.js';
import { isoDate } from './rows.js';
import { countsOf, DEFAULT_JOB_LIMIT, jobFromRow, type JobRow } from './job-rows.js';

export type Client = pg.PoolClient;

export async function enqueueJob(c: Client, j: NewJob, now: Date, supersedes?: string): Promise<{ queued: boolean; superseded: number }> {
  const at = isoDate(now, 'now');
  let superseded = 0;
  if (supersedes !== undefined) {
    const r = await c.query(
      `UPDATE jobs SET state = 'superseded', result = $1, updated_at = $2::timestamptz WHERE queue = $3 AND group_key = $4 AND state = 'queued' AND version = $5`,
      [`superseded by ${j.key}`, at, j.queue, j.group, supersedes],
    );
    superseded = r.rowCount ?? 0;
  }
  const r = await c.query(
    `INSERT INTO jobs (queue, job_key, group_key, version, payload, state, run_after, attempts, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, 'queued', $6::timestamptz, 0, $6::timestamptz, $6::timestamptz)
     ON CONFLICT (queue, job_key) DO UPDATE SET state = 'queued', run_after = excluded.run_after, attempts = 0, updated_at = excluded.updated_at
       WHERE jobs.state = 'failed'`,
    [j.queue, j.key, j.group, j.version ?? null, j.payload, at],
  );
  return { queued: (r.rowCount ?? 0) > 0, superseded };
}

export async function claimJob(c: Client, queue: string, worker: string, now: Date, leaseMs: number): Promise<Job | null> {
  const at = isoDate(now, 'now');
  await c.query(`SELECT pg_advisory_xact_lock(hashtext('kvetch-jobs:' || $1::text))`, [queue]);
  const r = await c.query<JobRow>(
    `WITH next AS (
       SELECT j.id FROM jobs j
       WHERE j.queue = $1 AND j.state IN ('queued', 'claimed')
         AND ((j.state = 'queued' AND j.run_after <= $2::timestamptz) OR (j.state = 'claimed' AND j.lease_until < $2::timestamptz))
         AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.queue = j.queue AND o.group_key = j.group_key AND o.state = 'claimed' AND o.id <> j.id AND o.lease_until >= $2::timestamptz)
       ORDER BY j.id LIMIT 1)
     UPDATE jobs SET state = 'claimed', claimed_by = $3, lease_until = $4::timestamptz, attempts = jobs.attempts + 1, updated_at = $2::timestamptz
     FROM next WHERE jobs.id = next.id RETURNING jobs.*`,
    [queue, at, worker, isoDate(new Date(now.getTime() + leaseMs), 'lease end')],
  );
  return r.rows[0] ? jobFromRow(r.rows[0]) : null;
}

export async function renewJob(c: Client, id: number, worker: string, now: Date, leaseMs: number): Promise<boolean> {
  const r = await c.query(`UPDATE jobs SET lease_until = $1::timestamptz WHERE id = $2 AND state = 'claimed' AND claimed_by = $3`, [
    isoDate(new Date(now.getTime() + leaseMs), 'lease end'),
    id,
    worker,
  ]);
  return (r.rowCount ?? 0) > 0;
}

export async function finishJob(c: Client, id: number, worker: string, end: JobEnd): Promise<boolean> {
  const runAfter = end.state === 'queued' ? isoDate(end.runAfter, 'runAfter') : null;
  const r = await c.query(
    `UPDATE jobs SET state = $1, result = $2, run_after = coalesce($3::timestamptz, run_after), claimed_by = NULL, lease_until = NULL, updated_at = now()
     WHERE id = $4 AND state = 'claimed' AND claimed_by = $5`,
    [end.state, end.result, runAfter, id, worker],
  );
  return (r.rowCount ?? 0) > 0;
}

export async function pruneJobs(c: Client, queue: string, before: Date): Promise<number> {
  const r = await c.query(`DELETE FROM jobs WHERE queue = $1 AND state IN ('done', 'superseded') AND updated_at < $2::timestamptz`, [queue, isoDate(before, 'before')]);
  return r.rowCount ?? 0;
}

export async function jobCounts(c: Client, queue: string): Promise<Record<JobState, number>> {
  return countsOf((await c.query<{ state: string; n: string }>('SELECT state, count(*) AS n FROM jobs WHERE queue = $1 GROUP BY state', [queue])).rows);
}

export async function listJobs(c: Client, queue: string, state: JobState | undefined, limit = DEFAULT_JOB_LIMIT): Promise<Job[]> {
  const r = await c.query<JobRow>('SELECT * FROM jobs WHERE queue = $1 AND ($2::text IS NULL OR state = $2) ORDER BY id LIMIT $3', [queue, state ?? null, limit]);
  return r.rows.map(jobFromRow);
}
