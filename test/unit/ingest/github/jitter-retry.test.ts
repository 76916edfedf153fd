/**
 * GitHub 5xx answers are retried with exponential backoff and jitter (ingest/github/jitter-retry.ts),
 * against the GitHub fake: the waits follow the drawn random numbers, a 4xx is not retried, and
 * after the last retry the error reaches the caller.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cliOctokit } from '../../../../src/ingest/github/octokit.js';
import { generateAppKey } from '../../../support/github/auth.js';
import { startGitHubFake, type GitHubFake } from '../../../support/github/fake.js';

let gh: GitHubFake;
before(async () => {
  gh = await startGitHubFake({ appId: 7, privateKeyPem: generateAppKey().privateKeyPem });
  gh.addRepo({ owner: 'o', repo: 'linux' });
});
after(() => gh.stop());

function client(randoms: number[], retries?: number) {
  const waits: number[] = [];
  const api = cliOctokit({
    baseUrl: gh.apiUrl,
    token: gh.humanToken('maintainer'),
    log: { warn: () => {} },
    ...(retries !== undefined ? { retries } : {}),
    retry: { baseMs: 1000, random: () => randoms.shift() ?? 0, sleep: async (ms) => void waits.push(ms) },
  });
  return { api, waits };
}

const repoRequests = () => gh.requests.filter((r) => r.path.endsWith('/repos/o/linux')).length;

test('two 502s then an answer: retried twice, waits drawn between half and all of 1 s then 2 s', async () => {
  gh.clearFaults();
  gh.setFault({ kind: 'status', status: 502, path: /\/repos\/o\/linux$/, times: 2 });
  const n = repoRequests();
  const { api, waits } = client([0, 1]);
  const r = await api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'linux' });
  assert.equal(r.status, 200);
  assert.equal(repoRequests() - n, 3);
  assert.deepEqual(waits, [500, 2000], 'random 0 → half the backoff; random 1 → all of it (doubled)');
});

test('different random draws give different waits (clients that failed together spread out)', async () => {
  gh.clearFaults();
  gh.setFault({ kind: 'status', status: 503, path: /\/repos\/o\/linux$/, times: 1 });
  const a = client([0.1]);
  await a.api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'linux' });
  gh.setFault({ kind: 'status', status: 503, path: /\/repos\/o\/linux$/, times: 1 });
  const b = client([0.9]);
  await b.api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'linux' });
  assert.deepEqual([a.waits, b.waits], [[550], [950]]);
});

test('a 404 is not retried; 5xx past the last retry reaches the caller', async () => {
  gh.clearFaults();
  const n = repoRequests();
  const { api, waits } = client([]);
  await assert.rejects(api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'nope' }), (e: { status?: number }) => e.status === 404);
  assert.deepEqual(waits, []);
  gh.setFault({ kind: 'status', status: 500, path: /\/repos\/o\/linux$/, times: 10 });
  const two = client([0, 0, 0], 2);
  await assert.rejects(two.api.request('GET /repos/{owner}/{repo}', { owner: 'o', repo: 'linux' }), (e: { status?: number }) => e.status === 500);
  assert.deepEqual(two.waits, [500, 1000], 'two retries, then the error');
  assert.equal(repoRequests() - n, 3);
  gh.clearFaults();
});
