/**
 * The GitHub REST fake (test/support/github/) driven by a real client, @octokit/core with the
 * fake as its GitHub Enterprise baseUrl: the app JWT → installation token exchange, paging of a
 * PR's commits (GitHub's 250 cap), the patch media type, contents per ref, check runs and their
 * appended annotations (50 per request), reviews whose comment is off the diff (422, nothing
 * stored), author-only edits, 401s, faults, and the OpenAPI validation of every exchange. Then
 * the webhook payload builders against @octokit/openapi-webhooks and their signed delivery.
 */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { Octokit } from '@octokit/core';
import { generateAppKey, signAppJwt } from '../../support/github/auth.js';
import { type GitHubFake, secondaryRateLimit, startGitHubFake } from '../../support/github/fake.js';
import { checkResponse, matchOperation, specLoadMs } from '../../support/github/openapi.js';
import { formatPatch } from '../../support/github/patch-text.js';
import { assertWebhookPayload, checkRunEvent, checkSuiteEvent, postWebhook, pullRequestEvent, signDelivery } from '../../support/github/webhooks.js';

const APP_ID = 4242;
const OWNER = 'torvalds';
const REPO = 'linux';
let gh: GitHubFake;
let key: string;
let bot: Octokit;
let head: { headSha: string; baseSha: string; headRef: string };

const CONFIG_MAIN = 'checks: [api]\n';
const CONFIG_HEAD = 'checks: [api, kconfig]\n';

const patch1 = formatPatch({
  subject: 'vfio: add a region flag',
  body: 'Adds VFIO_REGION_FLAG_FOO.',
  hunks: [{ path: 'include/uapi/linux/vfio.h', start: 10, before: ['#define A 1', '#define B 2'], removed: ['#define C 3'], added: ['#define C 4', '#define FOO 8'], after: ['#define D 5'] }],
});
const patch2 = formatPatch({ subject: 'vfio: document FOO', hunks: [{ path: 'Documentation/vfio.rst', newFile: true, added: ['FOO', '===', '', 'A flag.'] }] });

function client(auth?: string): Octokit {
  return new Octokit({ baseUrl: gh.apiUrl, ...(auth ? { auth } : {}) });
}

async function status(p: Promise<unknown>): Promise<number> {
  try {
    await p;
    return 200;
  } catch (e) {
    return (e as { status?: number }).status ?? -1;
  }
}

function cleanViolations(): void {
  assert.deepEqual(gh.violations, []);
}

before(async () => {
  key = generateAppKey().privateKeyPem;
  gh = await startGitHubFake({ appId: APP_ID, privateKeyPem: key });
  gh.addRepo({ owner: OWNER, repo: REPO, files: { '.github/kvetch.yml': CONFIG_MAIN, README: 'Linux\n' } });
  head = gh.addPullRequest({ owner: OWNER, repo: REPO, number: 7, title: 'vfio: FOO', body: 'Two patches.', commits: [{ patch: patch1 }, { patch: patch2 }] });
  gh.putFile(OWNER, REPO, head.headRef, '.github/kvetch.yml', CONFIG_HEAD);
  const t0 = performance.now();
  const app = client(signAppJwt(APP_ID, key));
  const res = await app.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 99 });
  console.log(`# first request (OpenAPI load ${specLoadMs()} ms + validators): ${Math.round(performance.now() - t0)} ms`);
  bot = client(res.data.token);
});
after(async () => {
  await gh?.stop();
});

test('github fake: an app JWT buys an installation token that acts as <slug>[bot]', async () => {
  const app = client(signAppJwt(APP_ID, key));
  const res = await app.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: 5 });
  assert.equal(res.status, 201);
  assert.match(res.data.token, /^ghs_\w{36}$/);
  assert.ok(Date.parse(res.data.expires_at) > Date.now());
  const me = await app.request('GET /app');
  assert.equal(me.data?.slug, 'kvetch-test');
  const other = generateAppKey().privateKeyPem;
  assert.equal(await status(client(signAppJwt(APP_ID, other)).request('GET /app')), 401);
  assert.equal(await status(client(signAppJwt(APP_ID + 1, key)).request('GET /app')), 401);
  const review = await client(res.data.token).request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: OWNER, repo: REPO, pull_number: 7, event: 'COMMENT', body: 'hi' });
  assert.equal(review.data.user?.login, 'kvetch-test[bot]');
  assert.equal(review.data.user?.type, 'Bot');
  cleanViolations();
});

test('github fake: a forged or absent token is 401', async () => {
  assert.equal(await status(client('ghs_forgedforgedforgedforgedforgedforged').request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO })), 401);
  assert.equal(await status(client().request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO })), 401);
  const ok = await bot.request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO });
  assert.equal(ok.data.default_branch, 'main');
  assert.match(String(ok.headers['x-github-request-id']), /^[0-9A-F:]+$/);
  assert.ok(Number(ok.headers['x-ratelimit-remaining']) < 5000);
  cleanViolations();
});

test('github fake: pull request, files and the commit patch media type', async () => {
  const pr = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: OWNER, repo: REPO, pull_number: 7 });
  assert.equal(pr.data.head.sha, head.headSha);
  assert.equal(pr.data.commits, 2);
  const files = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: OWNER, repo: REPO, pull_number: 7 });
  assert.deepEqual(
    files.data.map((f) => [f.filename, f.status, f.additions, f.deletions]),
    [
      ['include/uapi/linux/vfio.h', 'modified', 2, 1],
      ['Documentation/vfio.rst', 'added', 4, 0],
    ],
  );
  assert.match(files.data[0]?.patch ?? '', /^@@ -10,4 \+10,5 @@\n #define A 1/);
  const sha = pr.data.base.sha === head.baseSha ? head.headSha : '';
  const text = await bot.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner: OWNER, repo: REPO, ref: sha, headers: { accept: 'application/vnd.github.patch' } });
  assert.equal(text.data, patch2);
  assert.equal(text.headers['content-type'], 'text/plain; charset=utf-8');
  const v3 = await bot.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner: OWNER, repo: REPO, ref: sha, headers: { accept: 'application/vnd.github.v3.patch' } });
  assert.equal(v3.data, patch2);
  const json = await bot.request('GET /repos/{owner}/{repo}/commits/{ref}', { owner: OWNER, repo: REPO, ref: sha });
  assert.equal(json.data.commit.message, 'vfio: document FOO\n\nSigned-off-by: Jane Hacker <jane@example.org>');
  assert.equal(json.data.commit.author?.name, 'Jane Hacker');
  cleanViolations();
});

test('github fake: PR commits page by 100 and stop at 250', async () => {
  const many = (n: number) => Array.from({ length: n }, (_, i) => ({ patch: formatPatch({ subject: `x: change ${i}`, hunks: [{ path: 'x.c', start: i + 1, added: [`int x${i};`] }] }) }));
  gh.addPullRequest({ owner: OWNER, repo: REPO, number: 120, title: 'many', body: '', commits: many(120) });
  const p1 = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { owner: OWNER, repo: REPO, pull_number: 120, per_page: 100 });
  assert.equal(p1.data.length, 100);
  assert.match(String(p1.headers.link), /[?&]page=2>; rel="next"/);
  const p2 = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { owner: OWNER, repo: REPO, pull_number: 120, per_page: 100, page: 2 });
  assert.equal(p2.data.length, 20);
  assert.doesNotMatch(String(p2.headers.link), /rel="next"/);
  gh.addPullRequest({ owner: OWNER, repo: REPO, number: 300, title: 'more', body: '', commits: many(300) });
  let listed = 0;
  for (let page = 1; page < 10; page++) {
    const r = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { owner: OWNER, repo: REPO, pull_number: 300, per_page: 100, page });
    listed += r.data.length;
    if (!/rel="next"/.test(String(r.headers.link ?? ''))) break;
  }
  assert.equal(listed, 250);
  const pr = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: OWNER, repo: REPO, pull_number: 300 });
  assert.equal(pr.data.commits, 300);
  cleanViolations();
});

test('github fake: contents are kept per ref, 404 when absent on that ref', async () => {
  const get = (path: string, ref?: string) => bot.request('GET /repos/{owner}/{repo}/contents/{path}', { owner: OWNER, repo: REPO, path, ...(ref ? { ref } : {}) });
  const decode = (d: unknown) => Buffer.from(String((d as { content: string }).content), 'base64').toString('utf8');
  assert.equal(decode((await get('.github/kvetch.yml')).data), CONFIG_MAIN);
  assert.equal(decode((await get('.github/kvetch.yml', 'main')).data), CONFIG_MAIN);
  assert.equal(decode((await get('.github/kvetch.yml', head.headSha)).data), CONFIG_HEAD);
  assert.equal(decode((await get('.github/kvetch.yml', head.headRef)).data), CONFIG_HEAD);
  const missing = await get('README', head.headSha).catch((e: { status: number; response: { data: unknown } }) => e);
  assert.equal((missing as { status: number }).status, 404);
  assert.equal((missing as { response: { data: { message: string } } }).response.data.message, 'Not Found');
  cleanViolations();
});

test('github fake: check runs append annotations, at most 50 per request', async () => {
  const ann = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ path: 'include/uapi/linux/vfio.h', start_line: 11, end_line: 11, annotation_level: 'warning' as const, message: `finding ${from + i}` }));
  const created = await bot.request('POST /repos/{owner}/{repo}/check-runs', { owner: OWNER, repo: REPO, name: 'kvetch', head_sha: head.headSha, status: 'in_progress', output: { title: 'kvetch', summary: 'running', annotations: ann(50) } });
  assert.equal(created.status, 201);
  const id = Number(created.data.id);
  await bot.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: OWNER, repo: REPO, check_run_id: id, output: { title: 'kvetch', summary: 'more', annotations: ann(50, 50) } });
  const done = await bot.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: OWNER, repo: REPO, check_run_id: id, conclusion: 'neutral', output: { title: 'kvetch: 100 findings', summary: 'done' } });
  assert.equal(done.data.status, 'completed');
  assert.equal(done.data.output.annotations_count, 100);
  assert.equal(done.data.output.summary, 'done');
  assert.equal(gh.annotations(id).length, 100);
  const page2 = await bot.request('GET /repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', { owner: OWNER, repo: REPO, check_run_id: id, per_page: 30, page: 4 });
  assert.equal(page2.data.length, 10);
  const list = await bot.request('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner: OWNER, repo: REPO, ref: head.headSha, check_name: 'kvetch', app_id: APP_ID });
  assert.equal(list.data.total_count, 1);
  assert.equal(list.data.check_runs[0]?.pull_requests[0]?.number, 7);
  cleanViolations();
  assert.equal(await status(bot.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: OWNER, repo: REPO, check_run_id: id, output: { title: 't', summary: 's', annotations: ann(51) } })), 422);
  assert.equal(gh.annotations(id).length, 100);
  assert.match(gh.violations.join('\n'), /check-runs\/\{check_run_id\}: request body \/output\/annotations must NOT have more than 50 items/);
  gh.violations.length = 0;
});

test('github fake: a request breaking the schema is 422 and a violation', async () => {
  assert.equal(await status(bot.request('POST /repos/{owner}/{repo}/check-runs', { owner: OWNER, repo: REPO, name: 'kvetch' } as never)), 422);
  assert.match(gh.violations.join('\n'), /must have required property 'head_sha'/);
  gh.violations.length = 0;
  assert.equal(await status(bot.request('GET /repos/{owner}/{repo}/no-such-thing', { owner: OWNER, repo: REPO } as never)), 404);
  assert.match(gh.violations.join('\n'), /no such operation/);
  gh.violations.length = 0;
  const m = matchOperation('GET', '/repos/o/r/pulls/1');
  assert.ok(m);
  assert.match(checkResponse(m, 200, 'application/json', { id: 1, number: 'one' }).join('\n'), /response .*must have required property/);
  assert.deepEqual(checkResponse(m, 404, 'application/json', { message: 'Not Found', documentation_url: 'x' }), []);
});

test('github fake: a review with a comment off the diff is 422 and stores nothing', async () => {
  const review = (comments: Array<Record<string, unknown>>) =>
    bot.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: OWNER, repo: REPO, pull_number: 7, commit_id: head.headSha, event: 'COMMENT', body: 'kvetch', comments: comments as never });
  const before = gh.reviewComments(OWNER, REPO, 7).length;
  const bad = await review([
    { path: 'include/uapi/linux/vfio.h', line: 12, body: 'ok line' },
    { path: 'include/uapi/linux/vfio.h', line: 40, body: 'off the diff' },
  ]).catch((e: { status: number; response: { data: unknown } }) => e);
  assert.equal((bad as { status: number }).status, 422);
  assert.deepEqual((bad as { response: { data: { errors: unknown } } }).response.data.errors, ['Line could not be resolved']);
  assert.equal(gh.reviewComments(OWNER, REPO, 7).length, before);
  assert.equal(await status(review([{ path: 'include/uapi/linux/vfio.h', line: 12, side: 'LEFT', body: 'removed line' }])), 200);
  assert.equal(await status(review([{ path: 'include/uapi/linux/vfio.h', line: 14, side: 'LEFT', body: 'old line 14 is not in the hunk' }])), 422);
  assert.equal(await status(review([{ path: 'Documentation/vfio.rst', start_line: 1, line: 4, body: 'multi-line' }])), 200);
  gh.rejectLine('Documentation/vfio.rst', 2);
  assert.equal(await status(review([{ path: 'Documentation/vfio.rst', line: 2, body: 'rejected by the test' }])), 422);
  assert.equal(gh.reviewComments(OWNER, REPO, 7).length, before + 2);
  cleanViolations();
});

test('github fake: only the author edits or deletes a review comment', async () => {
  const human = gh.addHumanComment({ owner: OWNER, repo: REPO, number: 7, login: 'maintainer', body: 'Please split this.', path: 'Documentation/vfio.rst', line: 1 });
  const reply = await bot.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner: OWNER, repo: REPO, pull_number: 7, body: 'Noted.', in_reply_to: human } as never);
  const replyId = (reply.data as { id: number; in_reply_to_id?: number }).id;
  assert.equal((reply.data as { in_reply_to_id?: number }).in_reply_to_id, human);
  assert.equal(await status(bot.request('PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: OWNER, repo: REPO, comment_id: human, body: 'x' })), 403);
  assert.equal(await status(bot.request('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: OWNER, repo: REPO, comment_id: human })), 403);
  const maint = client(gh.humanToken('maintainer'));
  assert.equal(await status(maint.request('PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: OWNER, repo: REPO, comment_id: replyId, body: 'x' })), 403);
  const edited = await bot.request('PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: OWNER, repo: REPO, comment_id: replyId, body: 'Noted, thanks.' });
  assert.equal(edited.data.body, 'Noted, thanks.');
  const listed = await maint.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner: OWNER, repo: REPO, pull_number: 7 });
  assert.ok(listed.data.some((c) => c.id === replyId && c.user?.login === 'kvetch-test[bot]'));
  assert.equal((await bot.request('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', { owner: OWNER, repo: REPO, comment_id: replyId })).status, 204);
  assert.ok(!gh.reviewComments(OWNER, REPO, 7).some((c) => c.id === replyId));
  const single = await status(bot.request('POST /repos/{owner}/{repo}/pulls/{pull_number}/comments', { owner: OWNER, repo: REPO, pull_number: 7, body: 'x', commit_id: head.headSha, path: 'Documentation/vfio.rst', line: 99 }));
  assert.equal(single, 422);
  cleanViolations();
});

test('github fake: faults — secondary rate limit 403 with Retry-After, then 502', async () => {
  gh.setFault(secondaryRateLimit({ path: /\/repos\/torvalds\/linux$/ }));
  const e = (await bot.request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO }).catch((x: unknown) => x)) as { status: number; response: { headers: Record<string, string>; data: { message: string } } };
  assert.equal(e.status, 403);
  assert.equal(e.response.headers['retry-after'], '1');
  assert.match(e.response.data.message, /secondary rate limit/);
  gh.setFault({ kind: 'status', status: 502 });
  assert.equal(await status(bot.request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO })), 502);
  assert.equal((await bot.request('GET /repos/{owner}/{repo}', { owner: OWNER, repo: REPO })).status, 200);
  const last = gh.requests.slice(-3).map((r) => [r.status, r.faulted]);
  assert.deepEqual(last, [
    [403, true],
    [502, true],
    [200, false],
  ]);
  assert.ok(gh.writes().every((r) => r.method !== 'GET' && r.operation !== 'apps/create-installation-access-token'));
  cleanViolations();
});

test('github fake: a force-push replaces the commits and moves the head', async () => {
  const sha = gh.pushCommits(OWNER, REPO, 7, [{ patch: patch1 }]);
  const pr = await bot.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: OWNER, repo: REPO, pull_number: 7 });
  assert.equal(pr.data.head.sha, sha);
  assert.equal(pr.data.commits, 1);
  assert.equal(pr.data.changed_files, 1);
  cleanViolations();
});


const WH = { owner: OWNER, repo: REPO, installationId: 99, appId: APP_ID };
const PRS = [{ number: 7, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40) }];

test('webhooks: pull_request, check_suite and check_run payloads pass GitHub’s webhook schema', () => {
  const t0 = performance.now();
  for (const action of ['opened', 'synchronize', 'reopened', 'ready_for_review', 'edited']) {
    const p = pullRequestEvent(action, { ...WH, number: 7, headSha: 'a'.repeat(40), baseSha: 'b'.repeat(40), title: 'vfio: FOO', body: 'Two patches.', draft: action === 'opened' });
    assert.equal(p.action, action);
    assert.equal((p.pull_request as { head: { sha: string } }).head.sha, 'a'.repeat(40));
    assert.equal((p.installation as { id: number }).id, 99);
  }
  for (const action of ['requested', 'rerequested']) {
    const s = checkSuiteEvent(action, { ...WH, headSha: 'a'.repeat(40), pullRequests: PRS });
    assert.equal((s.check_suite as { pull_requests: Array<{ number: number }> }).pull_requests[0]?.number, 7);
  }
  const r = checkRunEvent('rerequested', { ...WH, checkRunId: 77, name: 'kvetch', headSha: 'a'.repeat(40), pullRequests: PRS });
  assert.equal((r.check_run as { app: { id: number } }).app.id, APP_ID);
  console.log(`# webhook schema load + 8 payloads: ${Math.round(performance.now() - t0)} ms`);
});

test('webhooks: a payload GitHub could never send fails, naming the path', () => {
  const p = pullRequestEvent('opened', { ...WH, number: 7, headSha: 'a'.repeat(40), title: 't', body: 'b' });
  (p.pull_request as Record<string, unknown>).number = 'seven';
  delete (p.repository as Record<string, unknown>).full_name;
  assert.throws(() => assertWebhookPayload('pull_request', p), /\/pull_request\/number must be integer[\s\S]*\/repository must have required property 'full_name'/);
  assert.throws(() => checkRunEvent('no_such_action', { ...WH, checkRunId: 1, name: 'kvetch', headSha: 'a', pullRequests: [] }), /no webhook schema for check_run.no_such_action/);
});

test('webhooks: signed deliveries, forged and unsigned ones', async () => {
  const secret = 's3cret';
  const payload = checkSuiteEvent('requested', { ...WH, headSha: 'a'.repeat(40), pullRequests: PRS });
  const d = signDelivery(payload, secret, { delivery: 'd-1' });
  assert.equal(d.headers['x-github-event'], 'check_suite');
  assert.equal(d.headers['x-github-delivery'], 'd-1');
  assert.equal(d.headers['x-hub-signature-256'], `sha256=${createHmac('sha256', secret).update(d.body).digest('hex')}`);
  assert.match(signDelivery(payload, secret).headers['x-github-delivery'] ?? '', /^[0-9a-f-]{36}$/);
  const seen: Array<{ sig: string | undefined; ok: boolean }> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const sig = req.headers['x-hub-signature-256'] as string | undefined;
      const ok = sig === `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
      seen.push({ sig, ok });
      res.writeHead(ok ? 200 : 400).end(ok ? 'ok' : 'bad signature');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  try {
    assert.deepEqual(await postWebhook(url, 'check_suite', payload, secret), { status: 200, body: 'ok' });
    assert.equal((await postWebhook(url, 'check_suite', payload, secret, { signature: 'forged' })).status, 400);
    assert.equal((await postWebhook(url, 'check_suite', payload, secret, { signature: 'none' })).status, 400);
    assert.deepEqual(
      seen.map((x) => [x.sig !== undefined, x.ok]),
      [
        [true, true],
        [true, false],
        [false, false],
      ],
    );
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
  }
});
