/**
 * The Probot app: handlers only. Each webhook becomes jobs (jobs.ts), each job a review of one
 * pull request at one head commit (review-pull.ts) through the installation's octokit.
 * Deliveries a stopped app left unfinished are taken up again when it starts.
 */
import { createHash } from 'node:crypto';
import type { Probot } from 'probot';
import { restApi } from '../ingest/github/octokit.js';
import type { Log } from '../model/log.js';
import type { RestApi } from '../model/pull-request.js';
import { jobsOf, PULL_ACTIONS, type PullJob } from './jobs.js';
import { reviewPull, type AppDeps, type Identity } from './review-pull.js';
import { unfinishedJobs } from './state.js';

export const EVENTS = [...PULL_ACTIONS.map((a) => `pull_request.${a}` as const), 'check_suite.requested', 'check_suite.rerequested', 'check_run.rerequested'] as const;

export type AppOptions = Omit<AppDeps, 'log'>;

export function kvetchApp(o: AppOptions): (app: Probot) => void {
  return (app: Probot) => {
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

    const work = async (api: RestApi, job: PullJob): Promise<void> => {
      let report;
      try {
        report = await reviewPull(api, await identity(), job, deps);
      } catch (e) {
        log.error({ delivery: job.delivery, reason: job.reason, pr: `${job.owner}/${job.repo}#${job.number}`, err: e }, 'delivery failed: it is taken up again when the app restarts, or redeliver it');
        throw e;
      }
      log.info({ delivery: job.delivery, reason: job.reason, pr: `${job.owner}/${job.repo}#${job.number}`, status: report.status, revision: report.revision, findings: report.findings }, 'delivery handled');
    };

    app.on([...EVENTS], async (context) => {
      const body = createHash('sha256').update(JSON.stringify(context.payload)).digest('hex');
      const jobs = jobsOf(context.name, context.payload, context.id).map((j) => ({ ...j, body }));
      const api = restApi(context.octokit);
      for (const job of jobs) await work(api, job);
    });

    // Deliveries taken before a stop and never finished: done now (each step is idempotent).
    void (async () => {
      try {
        for (const job of await unfinishedJobs(o.store)) {
          log.info({ delivery: job.delivery, pr: `${job.owner}/${job.repo}#${job.number}` }, 'resuming a delivery left unfinished');
          const octokit = await app.auth(job.installationId);
          await work(restApi(octokit), job);
        }
      } catch (e) {
        log.error({ err: e }, 'could not resume the unfinished deliveries; they are tried again at the next start');
      }
    })();
  };
}
