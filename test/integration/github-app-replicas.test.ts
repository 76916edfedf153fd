/**
 * Two replicas of the GitHub app sharing one PostgreSQL database (the deployment for several
 * replicas): deliveries for the same pull request reach both at once, and GitHub still gets one
 * check run and each comment once; a redelivery to the other replica does nothing. The replicas
 * share the job queue too: a job is done by whichever replica's worker claims it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startAppProcess, type AppProcess } from '../support/github-app-process.js';
import { generateAppKey } from '../support/github/auth.js';
import { startGitHubFake, type GitHubFake } from '../support/github/fake.js';
import { checkSuiteEvent, postWebhook, pullRequestEvent } from '../support/github/webhooks.js';
import { checkRunsOf, commentsOf, INSTALLATION, SECRET, since } from '../support/github-app-scene.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { asFormatPatch, reverseDiff } from '../support/reverse-diff.js';
import { seed002Patch } from '../support/seed-002.js';
import { setTimeout as sleep } from 'node:timers/promises';

let pg: TestPostgres;
let gh: GitHubFake;
let a: AppProcess;
let b: AppProcess;

before(async () => {
  pg = await startPostgres();
  const { privateKeyPem } = generateAppKey();
  gh = await startGitHubFake({ appId: 4242, privateKeyPem, slug: 'kvetch' });
  const replica = (name: string) => startAppProcess({ appId: 4242, privateKeyPem, secret: SECRET, gheHost: gh.host, db: pg.url, env: { KVETCH_WORKER: name, KVETCH_LEASE_SECONDS: '3' } });
  a = await replica('replica-a');
  b = await replica('replica-b');
});
after(async () => {
  await a?.stop();
  await b?.stop();
  assert.deepEqual(gh.violations, []);
  await gh.stop();
  await pg.stop();
});

/** The line saying the delivery was handled, by whichever replica's worker took its job from the shared queue. */
async function handledBy(apps: AppProcess[], delivery: string, status?: string): Promise<Record<string, unknown>> {
  for (let i = 0; i < 1200; i++) {
    const line = apps.flatMap((app) => app.logs()).find((l) => l.delivery === delivery && (l.msg === 'delivery handled' || l.level === 50) && (!status || l.status === status));
    if (line) return line;
    await sleep(100);
  }
  throw new Error(`${delivery} not handled`);
}

test('two replicas on one PostgreSQL: racing deliveries make one check run and each comment once; a redelivery to the other replica does nothing', async () => {
  gh.addRepo({ owner: 'o', repo: 'r', defaultBranch: 'main' });
  const patch = asFormatPatch({ subject: 'KVM: select KVM_VFIO on every arch', body: 'x', diff: reverseDiff(seed002Patch().diff) });
  const title = 'KVM: select KVM_VFIO on every arch';
  const { headSha, baseSha } = gh.addPullRequest({ owner: 'o', repo: 'r', number: 1, title, body: '', commits: [{ patch }] });
  const opened = pullRequestEvent('opened', { owner: 'o', repo: 'r', installationId: INSTALLATION, number: 1, headSha, baseSha, title, body: '' });
  const suite = checkSuiteEvent('requested', { owner: 'o', repo: 'r', installationId: INSTALLATION, headSha, pullRequests: [{ number: 1, headSha, baseSha }] });
  const [ra, rb] = await Promise.all([postWebhook(a.webhookUrl, 'pull_request', opened, SECRET, { delivery: 'pr-a' }), postWebhook(b.webhookUrl, 'check_suite', suite, SECRET, { delivery: 'suite-b' })]);
  assert.equal(ra.status, 200);
  assert.equal(rb.status, 200);
  const statuses = [(await handledBy([a, b], 'pr-a')).status, (await handledBy([a, b], 'suite-b')).status].sort();
  assert.deepEqual(statuses, ['already-reviewed', 'reviewed']);
  assert.equal(checkRunsOf(gh, 'o', 'r').length, 1);
  const fps = commentsOf(gh, 'o', 'r', 1).map((c) => /fp=([0-9a-f]+)/.exec(c.body)?.[1]);
  assert.equal(fps.length, 4);
  assert.equal(new Set(fps).size, 4);
  const n = gh.requests.length;
  assert.equal((await postWebhook(b.webhookUrl, 'pull_request', opened, SECRET, { delivery: 'pr-a' })).status, 200);
  assert.equal((await handledBy([b], 'pr-a', 'redelivery')).status, 'redelivery');
  assert.deepEqual(since(gh, n), [], 'the redelivery, on the other replica, costs no request');
});
