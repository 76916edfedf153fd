/**
 * The job queue half of the SQLite store (model/jobs.ts). Each function runs inside the
 * caller's transaction (BEGIN IMMEDIATE for writes: claims by several processes take turns).
 */
import type Database from 'better-sqlite3';
import type { Job, JobEnd, JobState, NewJob } from '../model/jobs.js';
import { isoDate } from './rows.js';
import { countsOf, DEFAULT_JOB_LIMIT, jobFromRow, type JobRow } from './job-rows.js';

type Db = Database.Database;

export function enqueueJob(db: Db, j: NewJob, now: Date, supersedes?: string): { queued: boolean; superseded: number } {
  const at = isoDate(now, 'now');
  const superseded =
    supersedes === undefined
      ? 0
      : db
          .prepare(`UPDATE jobs SET state = 'superseded', result = ?, updated_at = ? WHERE queue = ? AND group_key = ? AND state = 'queued' AND version = ?`)
          .run(`superseded by ${j.key}`, at, j.queue, j.group, supersedes).changes;
  const r = db
    .prepare(
      `INSERT INTO jobs (queue, job_key, group_key, version, payload, state, run_after, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'queued', ?, 0, ?, ?)
       ON CONFLICT (queue, job_key) DO UPDATE SET state = 'queued', run_after = excluded.run_after, attempts = 0, updated_at = excluded.updated_at
         WHERE jobs.state = 'failed'`,
    )
    .run(j.queue, j.key, j.group, j.version ?? null, j.payload, at, at, at);
  return { queued: r.changes > 0, superseded };
}

export function claimJob(db: Db, queue: string, worker: string, now: Date, leaseMs: number): Job | null {
  const at = isoDate(now, 'now');
  const next = db
    .prepare(
      `SELECT j.id FROM jobs j
       WHERE j.queue = ? AND j.state IN ('queued', 'claimed')
         AND ((j.state = 'queued' AND j.run_after <= ?) OR (j.state = 'claimed' AND j.lease_until < ?))
         AND NOT EXISTS (SELECT 1 FROM jobs o WHERE o.queue = j.queue AND o.group_key = j.group_key AND o.state = 'claimed' AND o.id <> j.id AND o.lease_until >= ?)
       ORDER BY j.id LIMIT 1`,
    )
    .pluck()
    .get(queue, at, at, at) as number | undefined;
  if (next === undefined) return null;
  const row = db
    .prepare(`UPDATE jobs SET state = 'claimed', claimed_by = ?, lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? RETURNING *`)
    .get(worker, isoDate(new Date(now.getTime() + leaseMs), 'lease end'), at, next) as JobRow;
  return jobFromRow(row);
}

export function renewJob(db: Db, id: number, worker: string, now: Date, leaseMs: number): boolean {
  const until = isoDate(new Date(now.getTime() + leaseMs), 'lease end');
  return db.prepare(`UPDATE jobs SET lease_until = ? WHERE id = ? AND state = 'claimed' AND claimed_by = ?`).run(until, id, worker).changes > 0;
}

export function finishJob(db: Db, id: number, worker: string, end: JobEnd): boolean {
  const now = new Date().toISOString();
  const runAfter = end.state === 'queued' ? isoDate(end.runAfter, 'runAfter') : null;
  return (
    db
      .prepare(
        `UPDATE jobs SET state = ?, result = ?, run_after = coalesce(?, run_after), claimed_by = NULL, lease_until = NULL, updated_at = ?
         WHERE id = ? AND state = 'claimed' AND claimed_by = ?`,
      )
      .run(end.state, end.result, runAfter, now, id, worker).changes > 0
  );
}

export function pruneJobs(db: Db, queue: string, before: Date): number {
  return db.prepare(`DELETE FROM jobs WHERE queue = ? AND state IN ('done', 'superseded') AND updated_at < ?`).run(queue, isoDate(before, 'before')).changes;
}

export function jobCounts(db: Db, queue: string): Record<JobState, number> {
  return countsOf(db.prepare('SELECT state, count(*) AS n FROM jobs WHERE queue = ? GROUP BY state').all(queue) as Array<{ state: string; n: number }>);
}

export function listJobs(db: Db, queue: string, state: JobState | undefined, limit = DEFAULT_JOB_LIMIT): Job[] {
  const rows = db.prepare('SELECT * FROM jobs WHERE queue = @queue AND (@state IS NULL OR state = @state) ORDER BY id LIMIT @limit').all({ queue, state: state ?? null, limit }) as JobRow[];
  return rows.map(jobFromRow);
}
