/**
 * `kvetch app` (and `npm start`): the GitHub app under Probot's server. Probot reads its own
 * environment (APP_ID, PRIVATE_KEY or PRIVATE_KEY_PATH, WEBHOOK_SECRET, WEBHOOK_PROXY_URL,
 * GHE_HOST, GHE_PROTOCOL, PORT, HOST, LOG_LEVEL, LOG_FORMAT); without an app id and key it runs
 * its manifest setup (app.yml) on localhost. kvetch's own: KVETCH_DB (state store),
 * KVETCH_DRY_RUN (on unless 0/false/no), KVETCH_TREE (a kernel tree), KVETCH_WORKER, KVETCH_LEASE_SECONDS
 * (how soon another replica takes over a crashed one's job; default 60), KVETCH_APP_WORKERS (jobs
 * run at once in this process; default 2), KVETCH_APP_JOB_DAYS (finished jobs are deleted after
 * this many days; default 14).
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { ProbotOctokit, run } from 'probot';
import { jitterRetry } from '../ingest/github/jitter-retry.js';
import { throttlePolicy } from '../ingest/github/octokit.js';
import { KernelTree } from '../kernel/tree.js';
import { UserError } from '../model/errors.js';
import type { Log } from '../model/log.js';
import { createCheckRunChannel } from '../report/github/check-run.js';
import { createReviewChannel } from '../report/github/review.js';
import { openStore, parseStoreSpec } from '../store/open.js';
import { createLogger } from '../util/logger.js';
import { kvetchApp } from './app.js';
import { DEFAULT_JOB_DAYS } from './prune.js';

function seconds(v: string | undefined, d: number): number {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) && n > 0 ? n : d;
}

export function dryRunFrom(env: NodeJS.ProcessEnv): boolean {
  return !/^(0|false|no|off)$/i.test((env.KVETCH_DRY_RUN ?? '1').trim());
}

/**
 * Why the app must not take deliveries with this environment, or null. Probot falls back to the
 * secret `development` when WEBHOOK_SECRET is unset: anyone could then sign a delivery.
 */
export function webhookSecretProblem(env: NodeJS.ProcessEnv): string | null {
  const secret = env.WEBHOOK_SECRET ?? '';
  if (secret.trim() === '' || secret === 'development') {
    return 'WEBHOOK_SECRET is unset (or Probot\'s default "development"): anyone could sign a delivery. Set it to the secret of the app\'s webhook (Probot\'s setup writes a random one into .env)';
  }
  return null;
}

export async function startApp(env: NodeJS.ProcessEnv = process.env): Promise<{ stop(): Promise<void> }> {
  const log: Log = createLogger({ level: env.LOG_LEVEL ?? 'info' });
  const spec = parseStoreSpec(env.KVETCH_DB);
  if (spec.kind === 'sqlite') mkdirSync(dirname(spec.path), { recursive: true });
  const store = await openStore(env.KVETCH_DB);
  await store.migrate();
  const dryRun = dryRunFrom(env);
  const workers = Math.floor(seconds(env.KVETCH_APP_WORKERS, 2));
  const tree = env.KVETCH_TREE ? KernelTree.open(env.KVETCH_TREE) : undefined;
  const policy = throttlePolicy(log);
  // Probot's default gives up on secondary rate limits: kvetch waits as told and retries (a few times).
  // 5xx: kvetch's retry with jitter instead of plugin-retry's fixed waits (ingest/github/jitter-retry.ts).
  const Octokit = ProbotOctokit.plugin(jitterRetry).defaults((o: { throttle?: object }) => ({ ...o, retry: { enabled: false }, throttle: { ...o.throttle, ...policy } }));
  log.info({ dryRun, workers, db: spec.kind === 'sqlite' ? spec.path : 'postgres' }, dryRun ? 'kvetch app in dry run: nothing is posted (KVETCH_DRY_RUN=0 posts)' : 'kvetch app: posting to GitHub');
  const kapp = kvetchApp({
    workers,
    store,
    dryRun,
    worker: env.KVETCH_WORKER ?? `${hostname()}:${process.pid}`,
    leaseMs: seconds(env.KVETCH_LEASE_SECONDS, 60) * 1000,
    waitMs: 5 * 60_000,
    jobDays: seconds(env.KVETCH_APP_JOB_DAYS, DEFAULT_JOB_DAYS),
    ...(tree ? { tree } : {}),
    channels: [createReviewChannel(), createCheckRunChannel()],
  });
  // Probot calls this only with an app id and a key (not in its setup mode), after it has read .env.
  const server = await run((app) => {
    const problem = webhookSecretProblem(process.env);
    if (problem) throw new UserError(problem);
    kapp.appFn(app);
  }, { Octokit });
  const stop = async () => {
    await server.stop();
    // The jobs under way get a few seconds; one still running is taken again once its lease lapses.
    await kapp.stop(5000);
    await store.close();
  };
  process.once('SIGTERM', () => {
    void stop().then(() => process.exit(0));
  });
  return { stop };
}
