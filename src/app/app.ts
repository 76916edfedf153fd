/**
 * The Probot app. The webhook handler does no review: Probot has verified the signature, the
 * delivery's jobs (jobs.ts) are queued in the store (queue.ts, de-duplicated there) and the
 * answer goes back at once. Workers (workers.ts) take the jobs from the store, each a review of
 * one pull request at one head commit (review-pull.ts) through the installation's octokit.
 * Jobs a stopped app left in the store are taken again when it starts (a crashed worker's once
 * its lease lapses); deliveries an older kvetch left unfinished are queued at start.
 */
import { createHash } from 'node:crypto';
import type { Probot } from 'probot';
import { restApi } from '../ingest/github/octokit.js';
import type { Log } from '../model/log.js';
import { PULL_ACTIONS, jobsOf, type PullJob } from './jobs.js';
import { enqueue, pullJobOf, QUEUE } from './queue.js';
import { reviewPull, type AppDeps, type Identity } from './review-pull.js';
import { DEFAULT_JOB_DAYS, startPruning, type Pruner } from './prune.js';
import { unfinishedJobs } from './state.js';
import { MAX_ATTEMPTS, startWorkers, type Pool } from './workers.js';

export const EVENTS = [...PULL_ACTIONS.map((a) => `pull_request.${a}` as const), 'check_suite.requested', 'check_suite.rerequested', 'check_run.rerequested'] as const;

export type AppOptions = Omit<AppDeps, 'log'> & {
  /** How many jobs run at once in this process (KVETCH_APP_WORKERS). */
  workers: number;
  /** How long an idle worker waits before asking the store again. */
  idleMs?: number;
  /** Finished jobs older than this many days are deleted (KVETCH_APP_JOB_DAYS; prune.ts). */
  jobDays?: number;
};

export interface KvetchApp {
  appFn: (app: Probot) => void;
  /** Stop the workers (at most graceMs for the jobs under way). */
  stop(graceMs: number): Promise<void>;
}

export function kvetchApp(o: AppOptions): KvetchApp {
  let pool: Pool | null = null;
  let pruner: Pruner | null = null;
  const appFn = (app: Probot): void => {
    const log = app.log as unknown as Log;
    const deps: AppDeps = { ...o, log };
    let who: Promise<Identity> | null = null;
    // The app's own identity (GET /app as the app): its comments and check runs are the only ones it touches.
    const identity = (): Promise<Identity> =>
      (who ??= app
        .auth()
        .then((octokit) => octokit.request('GET /app'))
        .then(({ data }) => {
          const slug = (data as { slug?: string } | null)?.slug ?? 'kvetch';
          return { appSlug: slug, botLogin: `${slug}[bot]` };
        })
        .catch((e: unknown) => {
          who = null;
          throw e;
        }));

    const work = async (job: PullJob, attempt: number): Promise<string> => {
      const at = { delivery: job.delivery, reason: job.reason, pr: `${job.owner}/${job.repo}#${job.number}` };
      let report;
      try {
        const api = restApi(await app.auth(job.installationId));
        report = await reviewPull(api, await identity(), job, deps);
        if (report.status === 'busy') throw new Error('another worker held the pull request too long');
      } catch (e) {
        const next = attempt < MAX_ATTEMPTS ? `it is tried again (attempt ${attempt} of ${MAX_ATTEMPTS})` : `given up after ${MAX_ATTEMPTS} attempts: redeliver it`;
        log.error({ ...at, attempt, err: e }, `delivery failed: ${next}`);
        throw e;
      }
      log.info({ ...at, status: report.status, revision: report.revision, findings: report.findings }, 'delivery handled');
      return report.status;
    };

    pool = startWorkers({
      store: o.store,
      queue: QUEUE,
      count: o.workers,
      worker: o.worker,
      leaseMs: o.leaseMs,
      idleMs: o.idleMs ?? 1000,
      log,
      run: async (job) => {
        const pull = pullJobOf(job);
        if (!pull) {
          log.error({ job: job.id }, 'a queued job is not a pull request job: dropped');
          return 'unreadable';
        }
        return work(pull, job.attempts);
      },
    });

    pruner?.stop();
    pruner = startPruning(o.store, QUEUE, o.jobDays ?? DEFAULT_JOB_DAYS, 6 * 3_600_000, log);

    app.on([...EVENTS], async (context) => {
      const body = createHash('sha256').update(JSON.stringify(context.payload)).digest('hex');
      const jobs = jobsOf(context.name, context.payload, context.id).map((j) => ({ ...j, body }));
      if (await enqueue(o.store, log, jobs)) pool?.wake();
    });

    // Deliveries an older kvetch took and never finished: into the queue (once: their key de-duplicates).
    void (async () => {
      try {
        const old = await unfinishedJobs(o.store);
        if (await enqueue(o.store, log, old, { quiet: true })) pool?.wake();
      } catch (e) {
        log.error({ err: e }, 'could not queue the deliveries left unfinished; they are tried again at the next start');
      }
    })();
  };
  return {
    appFn,
    async stop(graceMs) {
      pruner?.stop();
      await pool?.stop(graceMs);
    },
  };
}
