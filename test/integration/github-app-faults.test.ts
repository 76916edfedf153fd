/**
 * The GitHub app under trouble and under its repository's rules, as a real process against the
 * GitHub fake: GitHub's secondary rate limit (403, Retry-After) and a 502, a line GitHub will not
 * comment on (422), a crash mid-run and the restart, a bad `.github/kvetch.yml` on the default
 * branch, one changed only in the pull request, an analyzer switched off after a review, drafts,
 * and dry run.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { secondaryRateLimit } from '../support/github/fake.js';
import { annotationsOf, checkRunsOf, commentsOf, deliverPull, handled, openPull, since, startScene, writesOf, type OpenedPull, type Scene } from '../support/github-app-scene.js';
import { asFormatPatch, reverseDiff } from '../support/reverse-diff.js';
import { seed002Patch } from '../support/seed-002.js';

const broken = reverseDiff(seed002Patch().diff);
const patchOf = (body: string) => asFormatPatch({ subject: 'KVM: select KVM_VFIO on every arch', body, diff: broken });
const TITLE = 'KVM: select KVM_VFIO on every arch';
let s: Scene;

before(async () => {
  s = await startScene();
});
after(async () => {
  assert.deepEqual(s.gh.violations, [], 'every request and answer matched GitHub\'s OpenAPI description');
  await s.close();
});

function repoWithPull(repo: string, number: number, body = 'x', files?: Record<string, string>): OpenedPull {
  s.gh.addRepo({ owner: 'o', repo, defaultBranch: 'main', ...(files ? { files } : {}) });
  return openPull(s.gh, { owner: 'o', repo, number, title: TITLE, commits: [{ patch: patchOf(body) }] });
}

test('a secondary rate limit (403, Retry-After) and a 502 are waited out and retried; a line GitHub refuses moves to the summary', async () => {
  const pr = repoWithPull('faults', 1);
  s.gh.setFault(secondaryRateLimit({ path: /\/check-runs$/, times: 1, retryAfter: 1 }));
  s.gh.setFault({ kind: 'status', status: 502, path: /\/commits\/[0-9a-f]{40}$/, times: 1 });
  s.gh.rejectLine('arch/s390/kvm/Kconfig', selectLine('arch/s390/kvm/Kconfig'), 'RIGHT');
  const n = s.gh.requests.length;
  // Retries and 1 s between writes take longer than GitHub's 10 s: Probot answers 202 and goes on.
  assert.ok([200, 202].includes((await deliverPull(s, 'opened', pr, { delivery: 'faults-1' })).status));
  assert.equal((await handled(s, 'faults-1')).status, 'reviewed');
  const rs = since(s.gh, n);
  const posts = rs.filter((r) => r.method === 'POST' && r.path.endsWith('/check-runs'));
  assert.deepEqual(posts.map((r) => r.status), [403, 201], 'the 403 was retried once');
  assert.deepEqual(rs.filter((r) => /\/commits\/[0-9a-f]{40}$/.test(r.path)).map((r) => r.status), [502, 200]);
  const runs = checkRunsOf(s.gh, 'o', 'faults');
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.conclusion, 'failure');
  // The review was refused as a whole (422), then posted again in halves down to the refused comment.
  const reviews = rs.filter((r) => r.method === 'POST' && r.path.endsWith('/reviews'));
  assert.equal(reviews[0]?.status, 422);
  assert.equal(reviews.filter((r) => r.status === 422 && (r.body as { comments: unknown[] }).comments.length === 1).length, 1, 'the one comment refused alone');
  assert.ok(reviews.length <= 6, `${reviews.length} review requests`);
  const paths = commentsOf(s.gh, 'o', 'faults', 1).map((c) => c.path).sort();
  assert.deepEqual(paths.filter((p) => p.startsWith('arch/')), ['arch/arm64/kvm/Kconfig', 'arch/powerpc/kvm/Kconfig', 'arch/x86/kvm/Kconfig']);
  assert.match(runs[0]!.output.summary ?? '', /arch\/s390\/kvm\/Kconfig:\d+` \| .* \| refused by GitHub: not a line of the diff \|/);
});

test('a crash mid-run (SIGKILL after the check run was created) and a restart: the delivery is finished, with one check run and each comment once', async () => {
  const pr = repoWithPull('crash', 1);
  const n = s.gh.requests.length;
  void deliverPull(s, 'opened', pr, { delivery: 'crash-1' }).catch(() => undefined);
  // Writes are 1 s apart (octokit's throttling): kill right after the check run exists.
  const until = Date.now() + 60_000;
  while (!since(s.gh, n).some((r) => r.method === 'POST' && r.path.endsWith('/check-runs') && r.status === 201)) {
    assert.ok(Date.now() < until, 'the check run was created');
    await sleep(20);
  }
  await s.restart({ kill: true });
  const line = await handled(s, 'crash-1');
  assert.equal(line.status, 'reviewed');
  const rs = since(s.gh, n);
  assert.equal(rs.filter((r) => r.method === 'POST' && r.path.endsWith('/check-runs')).length, 1, 'one check run created, ever');
  const runs = checkRunsOf(s.gh, 'o', 'crash');
  assert.equal(runs.length, 1);
  assert.equal(runs[0]!.status, 'completed');
  const mine = commentsOf(s.gh, 'o', 'crash', 1);
  const fps = mine.map((c) => /fp=([0-9a-f]+)/.exec(c.body)?.[1]);
  assert.equal(new Set(fps).size, fps.length, 'no comment twice');
  // s390's select line is still refused by the fault of the test above.
  assert.deepEqual(mine.map((c) => c.path).filter((p) => p.startsWith('arch/')).sort(), ['arch/arm64/kvm/Kconfig', 'arch/powerpc/kvm/Kconfig', 'arch/x86/kvm/Kconfig']);
});

test('a bad .github/kvetch.yml on the default branch: a failed check run whose summary names the key; no review', async () => {
  const pr = repoWithPull('badcfg', 1, 'x', { '.github/kvetch.yml': 'failLevel: fatal\nanalyzers:\n  kconfig-select: error\n' });
  const n = s.gh.requests.length;
  await deliverPull(s, 'opened', pr, { delivery: 'bad-1' });
  assert.equal((await handled(s, 'bad-1')).status, 'bad-config');
  const run = checkRunsOf(s.gh, 'o', 'badcfg')[0]!;
  assert.equal(run.conclusion, 'failure');
  assert.match(run.output.title ?? '', /\.github\/kvetch\.yml is invalid/);
  assert.match(run.output.summary ?? '', /\.github\/kvetch\.yml: failLevel: /);
  assert.equal(writesOf(since(s.gh, n)).filter((r) => r.path.includes('/pulls/')).length, 0);
});

test('a .github/kvetch.yml changed only in the pull request is ignored: the rules come from the default branch', async () => {
  const pr = repoWithPull('prcfg', 1, 'x', { '.github/kvetch.yml': 'analyzers:\n  public-header-growth: off\n' });
  s.gh.putFile('o', 'prcfg', 'pr-1', '.github/kvetch.yml', 'failLevel: none\nanalyzers:\n  kconfig-select: off\n');
  s.gh.putFile('o', 'prcfg', pr.headSha, '.github/kvetch.yml', 'failLevel: none\nanalyzers:\n  kconfig-select: off\n');
  const n = s.gh.requests.length;
  await deliverPull(s, 'opened', pr, { delivery: 'prcfg-1' });
  assert.equal((await handled(s, 'prcfg-1')).status, 'reviewed');
  if (process.env.KVETCH_DEBUG_TIMES) for (const r of since(s.gh, n)) console.log(r.at, r.method, r.path, r.status);
  const reads = since(s.gh, n).filter((r) => decodeURIComponent(r.path).endsWith('/contents/.github/kvetch.yml'));
  assert.deepEqual(reads.map((r) => r.query.ref), ['main']);
  const run = checkRunsOf(s.gh, 'o', 'prcfg')[0]!;
  assert.equal(run.conclusion, 'failure', 'kconfig-select stays on');
  const titles = annotationsOf(s.gh, run).map((a) => a.title ?? '');
  assert.equal(titles.filter((t) => t.startsWith('kconfig-select')).length, 4);
  assert.equal(titles.filter((t) => t.startsWith('public-header-growth')).length, 0, 'the default branch turned public-header-growth off');
});

test('an analyzer switched off in .github/kvetch.yml after a review: its comments stay as they are (hidden is not fixed)', async () => {
  const pr = repoWithPull('hide', 1);
  await deliverPull(s, 'opened', pr, { delivery: 'hide-1' });
  assert.equal((await handled(s, 'hide-1')).status, 'reviewed');
  const before = commentsOf(s.gh, 'o', 'hide', 1);
  // s390's select line is still refused by the fault of the first test.
  assert.equal(before.filter((c) => c.path.startsWith('arch/')).length, 3, 'the selects commented');
  s.gh.putFile('o', 'hide', 'main', '.github/kvetch.yml', 'analyzers:\n  kconfig-select: off\n');
  const head = s.gh.pushCommits('o', 'hide', 1, [{ patch: patchOf('v2: same code') }]);
  const n = s.gh.requests.length;
  await deliverPull(s, 'synchronize', { ...pr, headSha: head }, { delivery: 'hide-2' });
  assert.equal((await handled(s, 'hide-2')).status, 'reviewed');
  const writes = writesOf(since(s.gh, n)).map((r) => `${r.method} ${r.path}`);
  assert.deepEqual(writes.filter((w) => /pulls\/comments\/\d+$/.test(w)), [], 'no comment deleted or marked fixed');
  assert.deepEqual(commentsOf(s.gh, 'o', 'hide', 1), before);
  const run = checkRunsOf(s.gh, 'o', 'hide', head)[0]!;
  assert.equal(annotationsOf(s.gh, run).filter((a) => (a.title ?? '').startsWith('kconfig-select')).length, 0, 'the check run follows the rules');
  assert.doesNotMatch(run.output.summary ?? '', /fixed in v2/);
});

test('a draft is skipped (nothing written); ready_for_review reviews it', async () => {
  s.gh.addRepo({ owner: 'o', repo: 'draft', defaultBranch: 'main' });
  const pr = openPull(s.gh, { owner: 'o', repo: 'draft', number: 1, title: TITLE, commits: [{ patch: patchOf('d') }], draft: true });
  const n = s.gh.requests.length;
  await deliverPull(s, 'opened', pr, { delivery: 'draft-1', draft: true });
  assert.equal((await handled(s, 'draft-1')).status, 'draft');
  assert.deepEqual(writesOf(since(s.gh, n)), []);
  // Marked ready: the payload's pull request is no draft any more.
  await deliverPull(s, 'ready_for_review', pr, { delivery: 'draft-2' });
  assert.equal((await handled(s, 'draft-2')).status, 'reviewed');
  assert.equal(checkRunsOf(s.gh, 'o', 'draft').length, 1);
});

/** The new-file line of the `select KVM_VFIO` that seed 002 reversed adds to `path`. */
function selectLine(path: string): number {
  const section = broken.split(/^(?=diff --git )/m).find((x) => x.includes(`b/${path}`)) ?? '';
  let line = 0;
  for (const l of section.split('\n')) {
    const h = /^@@ -\d+(?:,\d+)? \+(\d+)/.exec(l);
    if (h) {
      line = Number(h[1]) - 1;
      continue;
    }
    if (l.startsWith('-') || l.startsWith('\\') || !line) continue;
    line++;
    if (/^\+\s*select KVM_VFIO$/.test(l)) return line;
  }
  throw new Error(`no select KVM_VFIO added in ${path}`);
}
