/**
 * The app's workers: a few loops (KVETCH_APP_WORKERS, default 2) that claim one job at a time
 * from the store's queue with a lease, renew the lease while the job runs, and mark it done. A
 * failed job is queued again with a growing delay, and given up after MAX_ATTEMPTS. Nothing of
 * the queue is held here: an idle worker asks the store again after `idleMs`, or at once when
 * the webhook handler has queued something (wake).
 */
import type { Job, JobQueue } from '../model/jobs.js';
import type { Log } from '../model/log.js';

export const MAX_ATTEMPTS = 5;

export interface PoolOptions {
  store: JobQueue;
  queue: string;
  count: number;
  /** This process's name; worker i is `<worker>#<i>`. */
  worker: string;
  leaseMs: number;
  /** How long an idle worker waits before asking the store again (it is woken sooner by wake()). */
  idleMs: number;
  log: Log;
  /** Does the job; its result in words. Throwing fails this attempt. */
  run: (job: Job) => Promise<string>;
  /** The delay before attempt n + 1 (default retryDelayMs). */
  retryDelay?: (attempts: number) => number;
}

export interface Pool {
  /** Something was queued: idle workers look now. */
  wake(): void;
  /** Stop claiming; wait at most graceMs for the jobs under way (an unfinished one is taken again once its lease lapses). */
  stop(graceMs: number): Promise<void>;
}

/** The delay before attempt n + 1: 5 s, 10 s, 20 s, … at most 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(300_000, 5000 * 2 ** Math.max(0, attempts - 1));
}

export function startWorkers(o: PoolOptions): Pool {
  let stopped = false;
  let waiters: Array<() => void> = [];
  const wake = (): void => {
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      const t = setTimeout(() => {
        waiters = waiters.filter((f) => f !== done);
        resolve();
      }, o.idleMs);
      const done = (): void => {
        clearTimeout(t);
        resolve();
      };
      waiters.push(done);
    });

  const one = async (name: string): Promise<void> => {
    while (!stopped) {
      let job: Job | null;
      try {
        job = await o.store.claimJob(o.queue, name, new Date(), o.leaseMs);
      } catch (e) {
        o.log.error({ worker: name, err: e }, 'could not claim a job from the store; trying again');
        await idle();
        continue;
      }
      if (!job) {
        await idle();
        continue;
      }
      await runOne(name, job);
    }
  };

  const runOne = async (name: string, job: Job): Promise<void> => {
    const claimed = job;
    const renew = setInterval(() => void o.store.renewJob(claimed.id, name, new Date(), o.leaseMs).catch(() => undefined), Math.max(50, o.leaseMs / 3));
    try {
      let end: Parameters<JobQueue['finishJob']>[2];
      try {
        end = { state: 'done', result: await o.run(job) };
      } catch (e) {
        const result = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        if (job.attempts >= MAX_ATTEMPTS) {
          end = { state: 'failed', result };
          o.log.error({ worker: name, job: job.id, attempts: job.attempts, result }, `job given up after ${MAX_ATTEMPTS} attempts`);
        } else {
          const delay = (o.retryDelay ?? retryDelayMs)(job.attempts);
          end = { state: 'queued', runAfter: new Date(Date.now() + delay), result };
          o.log.warn({ worker: name, job: job.id, attempts: job.attempts, retryInMs: delay, result }, 'job failed; queued again');
        }
      }
      if (!(await o.store.finishJob(job.id, name, end))) o.log.warn({ worker: name, job: job.id }, 'the job was taken over by another worker (its lease lapsed) before it finished');
    } catch (e) {
      o.log.error({ worker: name, job: job.id, err: e }, 'could not record the end of a job; it is taken again once its lease lapses');
    } finally {
      clearInterval(renew);
    }
  };

  const loops = Array.from({ length: Math.max(1, o.count) }, (_, i) => one(`${o.worker}#${i + 1}`));
  return {
    wake,
    async stop(graceMs: number) {
      stopped = true;
      wake();
      await Promise.race([Promise.all(loops), new Promise((r) => setTimeout(r, graceMs).unref())]);
    },
  };
}
