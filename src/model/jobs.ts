/**
 * A queue of jobs kept in the StateStore (table `jobs`): work taken in fast (a webhook answered
 * as soon as its job row is committed) and done later by workers that claim one job at a time
 * with a lease, so that a crashed worker's job is taken again once its lease lapses and a
 * stopped process's jobs are done after its restart. Nothing of the queue is held in memory.
 */

/**
 * `queued` (waiting, or waiting again after a failed attempt until runAfter), `claimed` (a
 * worker holds it while its lease runs), `done`, `failed` (given up), `superseded` (a newer
 * job of its group made it moot before it ran).
 */
export type JobState = 'queued' | 'claimed' | 'done' | 'failed' | 'superseded';

export const JOB_STATES: readonly JobState[] = ['queued', 'claimed', 'done', 'failed', 'superseded'];

export interface NewJob {
  /** Which queue (`github`): workers claim from one queue. */
  queue: string;
  /** Unique within the queue while its row is kept (pruneJobs): a job whose key was queued is not queued again (de-duplication). */
  key: string;
  /** The jobs of one group (a pull request) run one at a time, in order. */
  group: string;
  /** What the job is about within its group (a head commit), for superseding; absent: never superseded. */
  version?: string;
  /** What the worker needs (JSON). */
  payload: string;
}

export interface Job extends NewJob {
  /** Arrival order. */
  id: number;
  state: JobState;
  /** A queued job is not claimed before this instant (retries back off). */
  runAfter: Date;
  /** The claim's holder and when its lease lapses (state `claimed`). */
  claimedBy?: string;
  leaseUntil?: Date;
  /** How many times it was claimed. */
  attempts: number;
  /** The last outcome in words (`reviewed`, the error of a failed attempt…). */
  result?: string;
  createdAt: Date;
  updatedAt: Date;
}

/** How a claimed job ends: done, given up, or queued again for a later attempt. */
export type JobEnd = { state: 'done' | 'failed'; result: string } | { state: 'queued'; runAfter: Date; result: string };

export interface JobQueue {
  /**
   * Queue a job (state `queued`, runAfter now) unless a job with its key was ever queued:
   * `queued` false then, and nothing changes; but a `failed` job with the key is queued again
   * (attempts 0: a redelivery retries what was given up). When `supersedes` is given, the queued (not yet
   * claimed) jobs of the same group whose version is `supersedes` become `superseded`; their
   * count is returned.
   */
  enqueueJob(job: NewJob, now: Date, supersedes?: string): Promise<{ queued: boolean; superseded: number }>;
  /**
   * Claim the oldest job of the queue that is queued with runAfter <= now, or claimed with a
   * lapsed lease (leaseUntil < now: its worker died), and whose group has no other job under a
   * running lease. Two workers never hold the same job, nor two jobs of one group, while a lease
   * runs. Sets claimedBy, leaseUntil = now + leaseMs, attempts + 1; null when nothing is claimable.
   */
  claimJob(queue: string, worker: string, now: Date, leaseMs: number): Promise<Job | null>;
  /** Extend the lease to now + leaseMs if `worker` still holds the claim; false when it lost it. */
  renewJob(id: number, worker: string, now: Date, leaseMs: number): Promise<boolean>;
  /**
   * End a claim if `worker` still holds it (a worker whose lease lapsed while nobody took the
   * job over still holds it): done, failed, or queued again until `runAfter`. Clears claimedBy
   * and leaseUntil. False (and nothing changes) when the claim was lost.
   */
  finishJob(id: number, worker: string, end: JobEnd): Promise<boolean>;
  /** How many jobs of the queue are in each state. */
  jobCounts(queue: string): Promise<Record<JobState, number>>;
  /**
   * Delete the queue's `done` and `superseded` jobs last changed before `before`; how many.
   * A deleted job's key de-duplicates no more, so keep them past any redelivery, and let
   * something longer-lived stop a late replay (the app's `github-body` record). `failed` jobs
   * stay: a redelivery or a restart queues them again, and an operator looks at them.
   */
  pruneJobs(queue: string, before: Date): Promise<number>;
  /** The queue's jobs (in a state, when given), oldest first, at most `limit` (default 1000). */
  listJobs(queue: string, state?: JobState, limit?: number): Promise<Job[]>;
}
