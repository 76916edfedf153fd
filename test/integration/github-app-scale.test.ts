/**
 * The GitHub app on corpus series (format 2, ../shared/corpus): a pull request with more than
 * 50 export findings is annotated in full, at most 50 annotations a request; a 30-patch series
 * is measured (requests, time from webhook to completed check run, a redelivery's cost); and in
 * dry run nothing is written to GitHub while the log says what would have been.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { pullRequestMails } from '../../src/ingest/github/mails.js';
import type { IngestItem } from '../../src/model/raw-message.js';
import { triage } from '../../src/pipeline/triage.js';
import { corpusThread } from '../support/corpus-thread.js';
import { formatPatchOf, type FormatPatch } from '../support/format-patches.js';
import { annotationsOf, checkRunsOf, deliverPull, handled, openPull, since, startScene, writesOf, type OpenedPull, type Scene } from '../support/github-app-scene.js';
import { asFormatPatch, reverseDiff } from '../support/reverse-diff.js';
import { seed002Patch } from '../support/seed-002.js';

let s: Scene;
before(async () => {
  s = await startScene();
});
after(async () => {
  assert.deepEqual(s.gh.violations, [], 'every request and answer matched GitHub\'s OpenAPI description');
  await s.close();
});

async function corpusPull(repo: string, coverSubject: string): Promise<{ pr: OpenedPull; commits: FormatPatch[] }> {
  const mails = await corpusThread(coverSubject);
  const commits = mails.map((m) => formatPatchOf(m.toString('utf8'))).filter((p): p is FormatPatch => p !== null);
  s.gh.addRepo({ owner: 'corpus', repo, defaultBranch: 'main' });
  const pr = openPull(s.gh, { owner: 'corpus', repo, number: 1, title: coverSubject, body: `The corpus series "${coverSubject}".`, commits: commits.map((c) => ({ patch: c.patch })) });
  return { pr, commits };
}

/** What triage() finds in the same mails: the located findings the check run must annotate. */
async function expectedAnnotations(pr: OpenedPull, commits: readonly FormatPatch[]): Promise<number> {
  async function* items(): AsyncGenerator<IngestItem> {
    for (const [i, bytes] of pullRequestMails({ ...pr, author: 'x', createdAt: '2024-01-01T00:00:00Z' }, commits, 1).entries()) yield { type: 'message', message: { source: 'pr', offset: i, index: 0, bytes, size: bytes.length, oversized: false, truncated: false } };
  }
  const r = await triage(items());
  return r.findings.filter((f) => f.location?.path && f.versions?.status !== 'fixed').length;
}

const annotated = (rs: ReturnType<typeof since>): number[] =>
  rs.filter((r) => /\/check-runs(\/\d+)?$/.test(r.path) && r.method !== 'GET').map((r) => ((r.body as { output?: { annotations?: unknown[] } } | undefined)?.output?.annotations ?? []).length);

test('a corpus series with more than 50 export findings: every finding annotated, at most 50 a request', async (t) => {
  const { pr, commits } = await corpusPull('devlink', 'net/devlink: update to v6.12');
  const want = await expectedAnnotations(pr, commits);
  assert.ok(want > 50, `${want} located findings`);
  const n = s.gh.requests.length;
  await deliverPull(s, 'opened', pr, { delivery: 'devlink-1' });
  assert.equal((await handled(s, 'devlink-1')).status, 'reviewed');
  const run = checkRunsOf(s.gh, 'corpus', 'devlink')[0]!;
  assert.equal(annotationsOf(s.gh, run).length, want);
  assert.equal(run.output.annotations_count, want);
  const sizes = annotated(since(s.gh, n)).filter((x) => x > 0);
  assert.ok(sizes.every((x) => x <= 50), sizes.join(','));
  assert.equal(sizes.length, Math.ceil(want / 50));
  t.diagnostic(`net/devlink: ${want} annotations in ${sizes.length} requests (${sizes.join(', ')})`);
  assert.match(run.output.summary ?? '', /### Exports\n\n\| Subsystem \| Macro \| Added \| Removed \|/);
});

test('a 30-patch corpus series: requests, time from webhook to completed check run, and a redelivery\'s cost', async (t) => {
  const { pr, commits } = await corpusPull('drm', 'drivers/gpu/drm: update to v6.12 (part 8 of 21)');
  assert.equal(commits.length, 30);
  const want = await expectedAnnotations(pr, commits);
  const n = s.gh.requests.length;
  const t0 = Date.now();
  await deliverPull(s, 'opened', pr, { delivery: 'drm-1' });
  assert.equal((await handled(s, 'drm-1')).status, 'reviewed');
  const ms = Date.now() - t0;
  const rs = since(s.gh, n);
  const run = checkRunsOf(s.gh, 'corpus', 'drm')[0]!;
  assert.equal(run.status, 'completed');
  assert.equal(annotationsOf(s.gh, run).length, want);
  const reads = rs.length - writesOf(rs).length;
  t.diagnostic(`30-patch series, ${want} annotations: ${rs.length} requests (${reads} reads, ${writesOf(rs).length} writes: ${writesOf(rs).map((r) => `${r.method} ${r.path.replace(/^\/api\/v3\/repos\/corpus\/drm/, '')}`).join(', ')}), ${ms} ms from webhook to completed check run`);
  const m = s.gh.requests.length;
  await deliverPull(s, 'opened', pr, { delivery: 'drm-1' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(since(s.gh, m).length, 0, 'a redelivery costs no request');
  t.diagnostic('redelivery: 0 requests');
});

test('dry run (KVETCH_DRY_RUN=1, the default): nothing written to GitHub, the log says exactly what would have been', async () => {
  const dry = await startScene({ dryRun: true });
  try {
    dry.gh.addRepo({ owner: 'o', repo: 'dry', defaultBranch: 'main' });
    const patch = asFormatPatch({ subject: 'KVM: select KVM_VFIO on every arch', body: 'x', diff: reverseDiff(seed002Patch().diff) });
    const pr = openPull(dry.gh, { owner: 'o', repo: 'dry', number: 1, title: 'KVM: select KVM_VFIO on every arch', commits: [{ patch }] });
    await deliverPull(dry, 'opened', pr, { delivery: 'dry-1' });
    assert.equal((await handled(dry, 'dry-1')).status, 'reviewed');
    assert.deepEqual(dry.gh.writes().map((r) => `${r.method} ${r.path}`), []);
    const would = dry.app.logs().filter((l) => typeof l.msg === 'string' && l.msg.startsWith('dry-run: would'));
    const requests = would.map((l) => String(l.request));
    assert.ok(requests.includes('POST /repos/o/dry/check-runs'), requests.join('\n'));
    assert.ok(requests.includes('POST /repos/o/dry/pulls/1/reviews'), requests.join('\n'));
    const review = would.find((l) => l.request === 'POST /repos/o/dry/pulls/1/reviews')!;
    const body = review.body as { commit_id: string; comments: Array<{ path: string; side: string; body: string }> };
    assert.equal(body.commit_id, pr.headSha);
    assert.equal(body.comments.filter((c) => c.path.startsWith('arch/')).length, 4);
    const done = would.find((l) => typeof l.msg === 'string' && l.msg.startsWith('dry-run: would complete the check run'))!;
    assert.equal((done.body as { conclusion: string }).conclusion, 'failure');
    assert.deepEqual(dry.gh.violations, []);
  } finally {
    await dry.close();
  }
});
