/**
 * The app's jobs in the store's queue (`github`): a webhook's PullJobs become job rows, keyed
 * by the SHA-256 of the signed body and the pull request (a redelivery, a racing copy or a body
 * replayed under another `X-GitHub-Delivery` is not queued again), grouped by pull request (one
 * at a time), at the head commit (a `synchronize` push supersedes the queued job of the head it
 * replaced: its `before`). The pull request object of the payload travels in the row.
 */
import type { Job, JobQueue, NewJob } from '../model/jobs.js';
import type { Log } from '../model/log.js';
import type { PullJob } from './jobs.js';

export const QUEUE = 'github';

const pullOf = (j: PullJob): string => `${j.owner}/${j.repo}#${j.number}`;

export function newJob(j: PullJob): NewJob {
  return {
    queue: QUEUE,
    key: `${j.body ? `body:${j.body}` : `delivery:${j.delivery}`}#${pullOf(j)}`,
    group: pullOf(j),
    ...(j.run === 'head' ? { version: j.headSha } : {}),
    payload: JSON.stringify(j),
  };
}

/** The PullJob a row carries, or null when it is not one (logged by the caller). */
export function pullJobOf(job: Job): PullJob | null {
  try {
    const j = JSON.parse(job.payload) as Partial<PullJob> | null;
    if (!j || typeof j.owner !== 'string' || typeof j.repo !== 'string' || typeof j.number !== 'number' || typeof j.headSha !== 'string' || typeof j.installationId !== 'number') return null;
    return j as PullJob;
  } catch {
    return null;
  }
}

/**
 * Queue each job; a job already queued once is logged as handled (a redelivery) unless `quiet`
 * (the deliveries resumed at start). True when something was queued.
 */
export async function enqueue(store: JobQueue, log: Log, jobs: readonly PullJob[], o: { quiet?: boolean; now?: Date } = {}): Promise<boolean> {
  const now = o.now ?? new Date();
  let any = false;
  for (const j of jobs) {
    const r = await store.enqueueJob(newJob(j), now, j.run === 'head' ? j.before : undefined);
    const at = { delivery: j.delivery, reason: j.reason, pr: pullOf(j), head: j.headSha.slice(0, 12) };
    if (r.queued) log.info({ ...at, superseded: r.superseded }, 'delivery queued');
    else if (!o.quiet) log.info({ ...at, status: 'redelivery' }, 'delivery handled');
    any ||= r.queued;
  }
  return any;
}
