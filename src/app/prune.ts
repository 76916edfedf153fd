/**
 * The app's finished jobs are deleted once they are old (KVETCH_APP_JOB_DAYS, default 14): a
 * done job's row holds its delivery's pull request object, so a busy installation's table would
 * otherwise grow by megabytes a day, for ever. GitHub redelivers a delivery for 3 days; after
 * that a replayed body is still stopped by its `github-body` record (state.ts), which is small
 * and kept. Failed jobs are kept (a restart or a redelivery queues them again). Pruned at start
 * and then every `everyMs`.
 */
import type { JobQueue } from '../model/jobs.js';
import type { Log } from '../model/log.js';

export const DEFAULT_JOB_DAYS = 14;
const DAY_MS = 86_400_000;

export interface Pruner {
  /** One pass now; how many jobs it deleted. */
  pass(now?: Date): Promise<number>;
  stop(): void;
}

export function startPruning(store: JobQueue, queue: string, keepDays: number, everyMs: number, log: Log): Pruner {
  const pass = async (now = new Date()): Promise<number> => {
    try {
      const n = await store.pruneJobs(queue, new Date(now.getTime() - keepDays * DAY_MS));
      if (n > 0) log.info({ queue, deleted: n, keepDays }, 'old finished jobs deleted');
      return n;
    } catch (e) {
      log.error({ err: e, queue }, 'could not delete old finished jobs; tried again later');
      return 0;
    }
  };
  void pass();
  const timer = setInterval(() => void pass(), everyMs);
  timer.unref();
  return { pass, stop: () => clearInterval(timer) };
}
