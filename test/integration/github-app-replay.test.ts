/**
 * Webhook signatures and replays against the app's real HTTP server on 127.0.0.1 (`npm start`,
 * Probot) and the GitHub fake. A delivery whose body the signature does not cover is refused
 * before anything runs. A correctly signed delivery sent again, whether as GitHub's redelivery
 * (same `X-GitHub-Delivery`), racing itself, or replayed under another delivery id (a header
 * the signature does not cover), is handled once: one check run, no comment twice. Only the
 * first copy is queued (the queue's key is the signed body's SHA-256 and the pull request).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { asFormatPatch, reverseDiff } from '../support/reverse-diff.js';
import { seed002Patch } from '../support/seed-002.js';
import { generateAppKey } from '../support/github/auth.js';
import { startAppProcess } from '../support/github-app-process.js';
import { checkRunsOf, commentsOf, deliverPull, handled, INSTALLATION, openPull, SECRET, since, startScene, writesOf, type OpenedPull, type Scene } from '../support/github-app-scene.js';
import { checkRunEvent, pullRequestEvent, signDelivery } from '../support/github/webhooks.js';

const OWNER = 'replay-org';
const REPO = 'linux';
let s: Scene;
let pr: OpenedPull;

before(async () => {
  s = await startScene();
  s.gh.addRepo({ owner: OWNER, repo: REPO, defaultBranch: 'main' });
  const patch = asFormatPatch({ subject: 'KVM: select KVM_VFIO on every arch', body: 'The four arch Kconfigs select KVM_VFIO.', diff: reverseDiff(seed002Patch().diff) });
  pr = openPull(s.gh, { owner: OWNER, repo: REPO, number: 5, title: 'KVM: select KVM_VFIO on every arch', commits: [{ patch }] });
});
after(async () => {
  assert.deepEqual(s.gh.violations, [], "every request and answer matched GitHub's OpenAPI description");
  await s.close();
});

async function post(body: string, headers: Record<string, string>): Promise<number> {
  const r = await fetch(s.app.webhookUrl, { method: 'POST', headers, body });
  await r.text();
  return r.status;
}

const handledLines = (delivery: string) => s.app.logs().filter((l) => l.delivery === delivery && l.msg === 'delivery handled');

async function reviewed(delivery: string): Promise<void> {
  for (let i = 0; i < 1200 && !handledLines(delivery).some((l) => l.status === 'reviewed'); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(handledLines(delivery).some((l) => l.status === 'reviewed'), `${delivery} reviewed`);
}

test('forged deliveries are refused with 4xx and nothing runs: a body changed after signing, a wrong secret, a SHA-1 signature only, none', async () => {
  const n = s.gh.requests.length;
  const payload = pullRequestEvent('opened', { owner: OWNER, repo: REPO, installationId: INSTALLATION, number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha, title: pr.title, body: pr.body });
  const good = signDelivery(payload, SECRET, { event: 'pull_request', delivery: 'forged-body' });
  const tampered = good.body.replace(`"number":${pr.number}`, `"number":${pr.number + 1}`);
  assert.notEqual(tampered, good.body);
  const wrong = signDelivery(payload, `${SECRET}x`, { event: 'pull_request', delivery: 'forged-secret' });
  const { 'x-hub-signature-256': sig256, ...unsigned } = good.headers;
  const sha1 = { ...unsigned, 'x-github-delivery': 'forged-sha1', 'x-hub-signature': `sha1=${sig256?.slice(7, 47) ?? ''}` };
  const cases: Array<[string, string, Record<string, string>]> = [
    ['tampered body', tampered, good.headers],
    ['wrong secret', wrong.body, wrong.headers],
    ['sha1 only', good.body, sha1],
    ['unsigned', good.body, { ...unsigned, 'x-github-delivery': 'forged-none' }],
  ];
  for (const [what, body, headers] of cases) {
    const status = await post(body, headers);
    assert.ok(status === 400 || status === 401, `${what}: ${status}`);
  }
  assert.equal(s.gh.requests.length, n, 'nothing asked of GitHub');
  for (const d of ['forged-body', 'forged-secret', 'forged-sha1', 'forged-none']) assert.deepEqual(handledLines(d), [], d);
});

test('a delivery replayed (same id, racing itself, and under a new id) is handled once', async () => {
  assert.equal((await deliverPull(s, 'opened', pr, { delivery: 'open-5' })).status, 200);
  assert.equal((await handled(s, 'open-5')).status, 'reviewed');
  const comments = commentsOf(s.gh, OWNER, REPO, pr.number);
  assert.ok(comments.length > 0);
  const first = checkRunsOf(s.gh, OWNER, REPO, pr.headSha)[0]!;
  // The Re-run button's delivery: a new check run each time it is handled, so a replay would show.
  const payload = checkRunEvent('rerequested', { owner: OWNER, repo: REPO, installationId: INSTALLATION, checkRunId: first.id, name: 'kvetch', headSha: pr.headSha, pullRequests: [{ number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha }] });
  const d = signDelivery(payload, SECRET, { event: 'check_run', delivery: 'rerun-5' });
  const n = s.gh.requests.length;
  // Three racing copies of the same delivery, then a copy under another delivery id, then GitHub's redelivery.
  const racing = await Promise.all([post(d.body, d.headers), post(d.body, d.headers), post(d.body, d.headers)]);
  assert.deepEqual(racing, [200, 200, 200]);
  // One copy is queued and reviewed by a worker; the other two are answered as redeliveries at once.
  await reviewed('rerun-5');
  assert.equal(await post(d.body, { ...d.headers, 'x-github-delivery': 'replayed-under-new-id' }), 200);
  assert.equal((await handled(s, 'replayed-under-new-id')).status, 'redelivery');
  assert.equal(await post(d.body, d.headers), 200);
  // The answer can reach us before the app's log line does (its stdout is read by the test); wait for it.
  for (let i = 0; i < 100 && handledLines('rerun-5').length < 4; i++) await new Promise((r) => setTimeout(r, 100));
  const lines = handledLines('rerun-5');
  assert.equal(lines.length, 4, 'each copy answered and logged');
  assert.deepEqual(lines.map((l) => l.status).sort(), ['redelivery', 'redelivery', 'redelivery', 'reviewed']);
  assert.equal(checkRunsOf(s.gh, OWNER, REPO, pr.headSha).length, 2, 'the first check run and one re-run');
  assert.equal(commentsOf(s.gh, OWNER, REPO, pr.number).length, comments.length, 'no comment twice');
  const created = writesOf(since(s.gh, n)).filter((r) => r.method === 'POST' && /check-runs$/.test(r.path));
  assert.equal(created.length, 1);
});

test('without a webhook secret (or with Probot\'s default "development") the app refuses to start: deliveries could be forged', async () => {
  for (const secret of ['', 'development']) {
    await assert.rejects(
      startAppProcess({ appId: 4242, privateKeyPem: generateAppKey().privateKeyPem, secret, gheHost: s.gh.host, db: `${s.db}-nosecret` }),
      /the app exited .*WEBHOOK_SECRET is unset/s,
      JSON.stringify(secret),
    );
  }
});
