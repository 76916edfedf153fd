/**
 * Version 4: the job queue (model/jobs.ts), first used by the GitHub app: a webhook is answered
 * once its job row is committed and workers do the work. `job_key` de-duplicates within a
 * queue; `group_key` (a pull request) runs one job at a time; `version` (a head commit) lets a
 * newer push supersede a queued job. jobs_open serves the claim, jobs_group the group checks.
 */
import type { Migration } from './migration.js';

const sql = (t: { date: string; id: string }): string => `
CREATE TABLE jobs (
  id ${t.id},
  queue TEXT NOT NULL,
  job_key TEXT NOT NULL,
  group_key TEXT NOT NULL,
  version TEXT,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  run_after ${t.date} NOT NULL,
  claimed_by TEXT,
  lease_until ${t.date},
  attempts INTEGER NOT NULL DEFAULT 0,
  result TEXT,
  created_at ${t.date} NOT NULL,
  updated_at ${t.date} NOT NULL,
  UNIQUE (queue, job_key)
);
CREATE INDEX jobs_open ON jobs (queue, id) WHERE state IN ('queued', 'claimed');
CREATE INDEX jobs_group ON jobs (queue, group_key, state);
`;

export const jobs: Migration = {
  version: 4,
  name: 'jobs',
  sqlite: sql({ date: 'TEXT', id: 'INTEGER PRIMARY KEY AUTOINCREMENT' }),
  postgres: sql({ date: 'TIMESTAMPTZ', id: 'BIGSERIAL PRIMARY KEY' }),
};
