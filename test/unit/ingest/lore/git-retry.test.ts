/** Network git commands are retried with exponential backoff and full jitter (injected random and sleep). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GitError, runGitWithRetries } from '../../../../src/ingest/lore/git-run.js';

test('a refused git fetch is retried with waits drawn below a doubling cap', async () => {
  const url = 'http://127.0.0.1:1/nothing.git';
  const draws = [0.5, 0.25, 0.9];
  const slept: number[] = [];
  const told: number[] = [];
  const err = await runGitWithRetries(url, ['ls-remote', url], { timeoutMs: 10_000 }, {
    retries: 3, backoffMs: 100, random: () => draws.shift() ?? 0, sleep: async (ms) => void slept.push(ms), onRetry: (i) => told.push(i.delayMs),
  }).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof GitError, `expected a GitError, got ${String(err)}`);
  assert.match(err.message, /gave up after 4 attempts/);
  assert.deepEqual(slept, [50, 50, 360], 'caps 100, 200, 400 ms times the draws');
  assert.deepEqual(told, slept, 'each wait is said before it is waited');
});
