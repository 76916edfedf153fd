/** A pull request read through GitHub's REST API (the OpenAPI-checked fake): commits, patches, the 250-commit limit. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readPullSeries } from '../../../../src/ingest/github/pull-series.js';
import { generateAppKey } from '../../../support/github/auth.js';
import { startGitHubFake, type GitHubFake } from '../../../support/github/fake.js';
import { formatPatch } from '../../../support/github/patch-text.js';
import { installationApi } from '../../../support/github-target.js';

let gh: GitHubFake;
let key: string;
before(async () => {
  key = generateAppKey().privateKeyPem;
  gh = await startGitHubFake({ appId: 9, privateKeyPem: key });
});
after(async () => {
  assert.deepEqual(gh.violations, []);
  await gh.stop();
});

const commit = (i: number) => ({ patch: formatPatch({ subject: `lib: step ${i}`, hunks: [{ path: `lib/f${i}.c`, newFile: true, added: [`int f${i};`, `EXPORT_SYMBOL(f${i});`] }] }) });

test('a pull request of 3 commits: cover letter and 3 patches, in order, with the title\'s revision', async () => {
  gh.addRepo({ owner: 'o', repo: 'small' });
  gh.addPullRequest({ owner: 'o', repo: 'small', number: 4, title: '[PATCH net-next v2 0/3] lib: three steps', body: 'See https://lore.kernel.org/netdev/x@y/', commits: [1, 2, 3].map(commit) });
  const s = await readPullSeries(await installationApi(gh, key), { owner: 'o', repo: 'small', number: 4 });
  assert.equal(s.revision, 2);
  assert.equal(s.items.filter((i) => i.type === 'message').length, 4);
  assert.deepEqual(s.links, ['https://lore.kernel.org/netdev/x@y/']);
  assert.deepEqual(s.notes, []);
  const subjects = s.items.flatMap((i) => (i.type === 'message' ? [/^Subject: (.*)$/m.exec(i.message.bytes.toString())?.[1]] : []));
  assert.deepEqual(subjects, ['[PATCH net-next v2 0/3] lib: three steps', '[PATCH net-next v2 1/3] lib: step 1', '[PATCH net-next v2 2/3] lib: step 2', '[PATCH net-next v2 3/3] lib: step 3']);
  assert.equal(s.requests, 5, 'the pull request, one page of commits, three patches');
});

test('more than 250 commits: read from the commit history instead of the pulls endpoint, and said', async () => {
  gh.addRepo({ owner: 'o', repo: 'big' });
  gh.addPullRequest({ owner: 'o', repo: 'big', number: 1, title: 'lib: many steps', body: '', commits: Array.from({ length: 260 }, (_, i) => commit(i + 1)) });
  const s = await readPullSeries(await installationApi(gh, key), { owner: 'o', repo: 'big', number: 1 }, { concurrency: 8 });
  const subjects = s.items.flatMap((i) => (i.type === 'message' ? [/^Subject: (.*)$/m.exec(i.message.bytes.toString())?.[1] ?? ''] : []));
  assert.equal(subjects.length, 261);
  assert.equal(subjects[1], '[PATCH 1/260] lib: step 1');
  assert.equal(subjects[260], '[PATCH 260/260] lib: step 260');
  assert.match(s.notes.join(' '), /260 commits: GitHub's pull request API lists 250, so they were read from the commit history instead/);
  const pages = gh.requests.filter((r) => r.path.endsWith('/repos/o/big/commits'));
  assert.equal(pages.length, 3);
  assert.equal(gh.requests.filter((r) => r.path.endsWith('/pulls/1/commits')).length, 0);
});

test('kvetch check gh:owner/repo#n reads the pull request as a series (--github-base, GITHUB_TOKEN)', async () => {
  const { runKvetch } = await import('../../../support/run-cli.js');
  gh.addRepo({ owner: 'o', repo: 'cli' });
  gh.addPullRequest({ owner: 'o', repo: 'cli', number: 7, title: 'lib: export two', body: '', commits: [1, 2].map(commit) });
  const r = await runKvetch(['check', 'gh:o/cli#7', '--github-base', gh.apiUrl, '--format', 'json', '--fail-level', 'none'], { GITHUB_TOKEN: gh.humanToken('maintainer') });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { series: Array<{ key: string; patches: unknown[]; cover: unknown }>; findings: Array<{ ruleId: string; messageId: string }> };
  assert.equal(out.series.length, 1);
  assert.equal(out.series[0]!.key, 'change-id:github+o+cli+7');
  assert.equal(out.series[0]!.patches.length, 2);
  assert.equal(out.findings.filter((f) => f.ruleId === 'symbol-exports' && f.messageId === 'added').length, 2);
  const bad = await runKvetch(['check', 'gh:o/cli', '--github-base', gh.apiUrl]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expected gh:<owner>\/<repo>#<number>/);
});
