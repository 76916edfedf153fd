/**
 * One pull request at one head commit, reviewed: the app's glue from a webhook's job to the
 * channels. Pull request → mail (the GitHub source) → triage() (the one core, unchanged, with
 * the older revisions' findings) → the repository's rules → the review and check-run channels.
 *
 * Safe to repeat: a redelivery (same delivery id) does nothing; one worker at a time per pull
 * request (the store's publishing lease, waited for); each channel is idempotent on its own
 * publication and on what GitHub already shows.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { applyRepoConfig } from '../config/repo-config.js';
import { getPullRequest, listFiles, pullFromJson, type PullRequest } from '../ingest/github/api.js';
import { diffLines } from '../ingest/github/diff-lines.js';
import { findingsAtHead } from '../ingest/github/head-lines.js';
import { pullChangeId, titleRevision } from '../ingest/github/mails.js';
import { readPullSeries } from '../ingest/github/pull-series.js';
import { seriesKey } from '../mail/series-key.js';
import type { Channel, Outcome, PublishInput } from '../model/channel.js';
import type { Finding } from '../model/finding.js';
import type { Log } from '../model/log.js';
import type { PullRequestTarget, RestApi } from '../model/pull-request.js';
import type { StateStore } from '../model/store.js';
import type { TreeView } from '../model/tree.js';
import { triage } from '../pipeline/triage.js';
import { failCheckRun, GITHUB_CHECK_CHANNEL, startCheckRun } from '../report/github/check-run.js';
import { createWriter } from '../report/github/writer.js';
import type { PullJob } from './jobs.js';
import { loadRepoRules } from './repo-rules.js';
import { deliveryState, headReviewed, history, markDelivery, markHeadReviewed, pushNumber, RUN_LOCK, saveFindings } from './state.js';

export interface AppDeps {
  store: StateStore;
  dryRun: boolean;
  log: Log;
  /** This process's name in leases. */
  worker: string;
  /** How long a run holds its pull request without renewing (renewed every third of it). */
  leaseMs: number;
  /** How long to wait for another worker's run on the same pull request. */
  waitMs: number;
  tree?: TreeView;
  channels: readonly Channel[];
}

export interface Identity {
  botLogin: string;
  appSlug: string;
}

export type RunStatus = 'reviewed' | 'redelivery' | 'already-reviewed' | 'draft' | 'closed' | 'bad-config' | 'busy';

export interface RunReport {
  status: RunStatus;
  key?: string;
  revision?: number;
  findings?: number;
  outcomes?: Outcome[];
}

export async function reviewPull(api: RestApi, who: Identity, job: PullJob, d: AppDeps): Promise<RunReport> {
  const log = d.log.child({ delivery: job.delivery, pr: `${job.owner}/${job.repo}#${job.number}`, head: job.headSha.slice(0, 12) });
  if ((await deliveryState(d.store, job)) === 'done') return { status: 'redelivery' };
  const key = seriesKey(pullChangeId(job), '', '');
  if (job.run === 'head' && (await headReviewed(d.store, key, job.headSha))) {
    if (!d.dryRun) await markDelivery(d.store, job, 'sent');
    return { status: 'already-reviewed', key };
  }
  if (!d.dryRun) await markDelivery(d.store, job, 'intent');
  // The lease's holder is this handling, not the process nor the delivery id: two deliveries in one process, or
  // copies of one delivery racing, exclude each other too.
  const holder = `${d.worker}/${job.delivery}/${randomUUID()}`;
  if (!(await lock(d, key, holder))) {
    log.warn({ waitedMs: d.waitMs }, 'another worker is still reviewing this pull request; the delivery is resumed at the next start');
    return { status: 'busy', key };
  }
  // The lease is short and renewed while the run lasts: a crashed worker's lapses soon.
  const renew = setInterval(() => void d.store.claimPublishing(key, 0, RUN_LOCK, holder, new Date(), d.leaseMs).catch(() => undefined), Math.max(50, d.leaseMs / 3));
  try {
    // While this one waited for the lock, the same delivery (replayed) may have been handled, or another one reviewed this head commit.
    if ((await deliveryState(d.store, job)) === 'done') {
      if (!d.dryRun) await markDelivery(d.store, job, 'sent');
      return { status: 'redelivery', key };
    }
    const report = job.run === 'head' && (await headReviewed(d.store, key, job.headSha)) ? { status: 'already-reviewed' as const, key } : await run(api, who, job, d, key, log);
    if (!d.dryRun) {
      if (report.status === 'reviewed' && job.run === 'head') await markHeadReviewed(d.store, key, job.headSha);
      await markDelivery(d.store, job, 'sent');
    }
    return report;
  } finally {
    clearInterval(renew);
    // Hand the lease on: a lapsed lease is anyone's.
    await d.store.claimPublishing(key, 0, RUN_LOCK, holder, new Date(0), 0);
  }
}

async function lock(d: AppDeps, key: string, holder: string): Promise<boolean> {
  const until = Date.now() + d.waitMs;
  for (;;) {
    if (await d.store.claimPublishing(key, 0, RUN_LOCK, holder, new Date(), d.leaseMs)) return true;
    if (Date.now() >= until) return false;
    await sleep(250);
  }
}

async function run(api: RestApi, who: Identity, job: PullJob, d: AppDeps, key: string, log: Log): Promise<RunReport> {
  const fromPayload = job.pull ? pullFromJson(job, job.pull) : undefined;
  const pr: PullRequest = fromPayload && fromPayload.headSha === job.headSha ? fromPayload : await getPullRequest(api, job);
  if (pr.state && pr.state !== 'open') return { status: 'closed', key };
  const rules = await loadRepoRules(api, job.owner, job.repo, job.defaultBranch);
  if (pr.draft && !(rules.ok && rules.config.drafts)) {
    log.info('draft pull request: not reviewed (set drafts: true in .github/kvetch.yml to review drafts)');
    return { status: 'draft', key };
  }
  const revision = titleRevision(pr.title) ?? (await pushNumber(d.store, key, pr.headSha, !d.dryRun));
  const where = { key, revision, store: d.store, target: { owner: job.owner, repo: job.repo, headSha: pr.headSha, appSlug: who.appSlug, run: job.run } };
  const writer = createWriter(api, !d.dryRun, log.child({ channel: GITHUB_CHECK_CHANNEL }));
  if (!rules.ok) {
    await failCheckRun(where, writer, 'kvetch: .github/kvetch.yml is invalid', configErrorSummary(rules.error, job.defaultBranch), new Date());
    return { status: 'bad-config', key, revision };
  }
  // The check run shows in_progress while the patches are read and analysed.
  await startCheckRun(where, writer);
  const series = await readPullSeries(api, job, { pr, revision: () => revision });
  const target: PullRequestTarget = {
    ...where.target,
    number: job.number,
    url: pr.url,
    api,
    botLogin: who.botLogin,
    diffLines: diffLines(await listFiles(api, job)),
    notAtHead: new Set(),
    failLevel: rules.config.failLevel,
    maxComments: rules.config.maxComments,
    links: series.links,
    notes: series.notes,
  };
  const older = await history(d.store, key, revision);
  const result = await triage(each(series.items), { sources: [series.source], history: older, ...(d.tree ? { tree: d.tree } : {}) });
  const s = result.series.find((x) => x.key === key && x.revision === revision) ?? result.series[0];
  if (!s) throw new Error(`${series.source}: no series could be assembled from its ${series.items.length - 1} mails`);
  const mine = result.findings.filter((f) => f.subject.key === s.key || f.subject.key === '');
  if (!d.dryRun) await saveFindings(d.store, key, revision, mine.filter((f) => f.versions?.status !== 'fixed'));
  // Lines as the head shows them: a later commit may have moved them.
  const shown = applyRepoConfig(mine, rules.config);
  const atHead = findingsAtHead(shown, series.patches);
  const findings = atHead.findings;
  const hidden = hiddenByRules(mine, shown);
  target.notAtHead = atHead.gone;
  const previous = older.at(-1);
  const input: PublishInput = {
    version: { key, revision, subject: s.subject, messageIds: [s.cover?.messageId ?? '', ...s.patches.map((p) => p.messageId)].filter(Boolean), state: 'done', readyAt: new Date(), completions: 1, series: s },
    series: s,
    records: [],
    findings,
    ...(previous ? { previous: { revision: previous.revision } } : {}),
    source: `github:${job.owner}/${job.repo}`,
    pullRequest: target,
    ...(hidden.size > 0 ? { hidden } : {}),
  };
  const outcomes: Outcome[] = [];
  for (const c of d.channels) outcomes.push(await c.publish(input, { store: d.store, dryRun: d.dryRun, log: log.child({ channel: c.id, revision }), now: new Date() }));
  const errors = outcomes.flatMap((o) => o.errors);
  if (errors.length > 0) throw new Error(errors.join('; '));
  log.info({ revision, findings: findings.length, patches: s.patches.length, readRequests: series.requests }, 'pull request reviewed');
  return { status: 'reviewed', key, revision, findings: findings.length, outcomes };
}

/** Fingerprints of the findings still in the code that the repository's rules leave out. */
function hiddenByRules(all: readonly Finding[], shown: readonly Finding[]): Set<string> {
  const kept = new Set(shown.map((f) => f.fingerprint));
  return new Set(all.filter((f) => f.versions?.status !== 'fixed' && !kept.has(f.fingerprint)).map((f) => f.fingerprint));
}

/** What a bad `.github/kvetch.yml` check run says. */
export function configErrorSummary(error: string, branch: string): string {
  return [
    `kvetch did not review this pull request: the repository's configuration is invalid.`,
    '',
    `**${error}**`,
    '',
    `The file is read from the default branch (\`${branch}\`) only, never from a pull request. See docs/channels/github.md for its keys.`,
  ].join('\n');
}

async function* each<T>(xs: readonly T[]): AsyncGenerator<T> {
  yield* xs;
}
