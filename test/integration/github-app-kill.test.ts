/**
 * The GitHub app's kill-and-restart campaign of issue 16, small (bench/app-kill.ts runs 200
 * pull requests and 20 kills): 30 pull requests over 10 installations, every delivery answered
 * and queued, then `npm start` SIGKILLed at 5 seeded random points of its work (after the n-th
 * write GitHub accepted, plus up to 300 ms) and restarted on the same store, SQLite and then
 * PostgreSQL (a server on 127.0.0.1). Counted at
 * the GitHub fake: one completed check run per pull request, its review comment once, nothing
 * posted twice, every job done.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runAppKillCampaign } from '../support/app-kill-campaign.js';

const SEED = 20261207;

for (const backend of ['sqlite', 'postgres'] as const) {
  test(`the GitHub app on ${backend}: 30 pull requests, SIGKILL at 5 random points of its work (seed ${SEED}), restarted: each check run and review comment exactly once`, { timeout: 10 * 60_000 }, async (t) => {
    const r = await runAppKillCampaign({ prs: 30, installations: 10, kills: 5, seed: SEED, backend, say: (l) => t.diagnostic(l) });
    t.diagnostic(JSON.stringify({ checkRuns: r.checkRuns, comments: r.comments, duplicatePosts: r.duplicatePosts, jobs: r.jobs, seconds: r.seconds }));
    assert.equal(r.backend, backend);
    assert.equal(r.killsSurvived, 5);
    assert.ok(r.killPoints.every((p) => !p.includes('killed idle')), `every kill came during the work: ${r.killPoints.join('; ')}`);
    assert.equal(r.unanswered, 0, 'every delivery was answered');
    assert.deepEqual(r.checkRuns, { once: 30, none: 0, more: 0 }, 'one check run per pull request');
    assert.equal(r.incomplete, 0, 'every check run completed');
    assert.deepEqual(r.comments, { once: 30, missing: 0, duplicated: 0 }, 'each review comment once');
    assert.equal(r.duplicatePosts, 0, 'no check run or review posted twice');
    assert.deepEqual(r.jobs, { done: 30, failed: 0, left: 0 }, 'every job done');
  });
}
