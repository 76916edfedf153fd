/** Rows of the `jobs` table (both SQL stores) to Job, and what the job queries share. Nothing here talks to a database. */
import { JOB_STATES, type Job, type JobState } from '../model/jobs.js';

type DateValue = string | Date;

export interface JobRow {
  /** PostgreSQL hands a bigint back as text. */
  id: number | string;
  queue: string;
  job_key: string;
  group_key: string;
  version: string | null;
  payload: string;
  state: string;
  run_after: DateValue;
  claimed_by: string | null;
  lease_until: DateValue | null;
  attempts: number;
  result: string | null;
  created_at: DateValue;
  updated_at: DateValue;
}

const toDate = (v: DateValue): Date => (v instanceof Date ? v : new Date(v));

export function jobFromRow(r: JobRow): Job {
  const j: Job = {
    id: Number(r.id),
    queue: r.queue,
    key: r.job_key,
    group: r.group_key,
    payload: r.payload,
    state: r.state as JobState,
    runAfter: toDate(r.run_after),
    attempts: Number(r.attempts),
    createdAt: toDate(r.created_at),
    updatedAt: toDate(r.updated_at),
  };
  if (r.version !== null) j.version = r.version;
  if (r.claimed_by !== null) j.claimedBy = r.claimed_by;
  if (r.lease_until !== null) j.leaseUntil = toDate(r.lease_until);
  if (r.result !== null) j.result = r.result;
  return j;
}

/** Every state at 0, then the counts found. */
export function countsOf(rows: ReadonlyArray<{ state: string; n: number | string }>): Record<JobState, number> {
  const out = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const r of rows) if ((JOB_STATES as readonly string[]).includes(r.state)) out[r.state as JobState] = Number(r.n);
  return out;
}

export const DEFAULT_JOB_LIMIT = 1000;
