/**
 * A pull request of the GitHub fake as the GitHub channels receive it (PublishInput.pullRequest),
 * with a REST client authenticated as the app's installation, for tests that call the channels
 * without the app.
 */
import { Octokit } from '@octokit/core';
import { diffLines } from '../../src/ingest/github/diff-lines.js';
import { listFiles } from '../../src/ingest/github/api.js';
import { restApi } from '../../src/ingest/github/octokit.js';
import type { PullRequestTarget } from '../../src/model/pull-request.js';
import { signAppJwt } from './github/auth.js';
import type { GitHubFake } from './github/fake.js';

export async function installationApi(gh: GitHubFake, privateKeyPem: string, installationId = 1) {
  const app = new Octokit({ baseUrl: gh.apiUrl, auth: signAppJwt(gh.appId, privateKeyPem) });
  const { data } = await app.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: installationId });
  return restApi(new Octokit({ baseUrl: gh.apiUrl, auth: data.token }));
}

export async function pullRequestTarget(gh: GitHubFake, privateKeyPem: string, o: { owner: string; repo: string; number: number; headSha: string }): Promise<PullRequestTarget> {
  const api = await installationApi(gh, privateKeyPem);
  return {
    ...o,
    url: `https://github.com/${o.owner}/${o.repo}/pull/${o.number}`,
    api,
    botLogin: `${gh.slug}[bot]`,
    appSlug: gh.slug,
    diffLines: diffLines(await listFiles(api, o)),
    notAtHead: new Set(),
    failLevel: 'error',
    maxComments: 50,
    run: 'head',
    links: [],
    notes: [],
  };
}
