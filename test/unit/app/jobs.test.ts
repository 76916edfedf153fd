/** Webhook payloads (GitHub's own examples) → the pull requests to review. */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { jobsOf } from '../../../src/app/jobs.js';

const require = createRequire(import.meta.url);
type Example = Record<string, unknown> & { action?: string };
const examples = require('@octokit/webhooks-examples/api.github.com/index.json') as Array<{ name: string; examples: Example[] }>;
const example = (event: string, action: string): Example => {
  const e = examples.find((x) => x.name === event)?.examples.find((x) => x.action === action);
  assert.ok(e, `an example ${event}.${action}`);
  return structuredClone<Example>(e);
};

test('pull_request opened / synchronize / reopened / ready_for_review each give one job; other actions none', () => {
  for (const action of ['opened', 'synchronize', 'reopened', 'ready_for_review']) {
    const p = example('pull_request', action);
    const pr = p.pull_request as { number: number; head: { sha: string } };
    if (!(p as { installation?: unknown }).installation) (p as { installation?: unknown }).installation = { id: 7, node_id: 'x' };
    const jobs = jobsOf('pull_request', p, `d-${action}`);
    assert.equal(jobs.length, 1, action);
    assert.equal(jobs[0]!.number, pr.number);
    assert.equal(jobs[0]!.headSha, pr.head.sha);
    assert.equal(jobs[0]!.run, 'head');
    assert.equal(jobs[0]!.delivery, `d-${action}`);
  }
  const closed = example('pull_request', 'closed');
  (closed as { installation?: unknown }).installation = { id: 7 };
  assert.deepEqual(jobsOf('pull_request', closed, 'd'), []);
});

test('a re-run (check_run rerequested of the kvetch check) asks for a new check run, named by the delivery', () => {
  const p = example('check_run', 'rerequested');
  (p as { installation?: unknown }).installation = { id: 7 };
  const run = p.check_run as { name: string; pull_requests: Array<{ number: number; head: { sha: string }; base: { repo: { id: number } } }> };
  run.name = 'kvetch';
  const repoId = (p.repository as { id: number }).id;
  run.pull_requests = [{ number: 5, head: { sha: 'h'.repeat(40) }, base: { repo: { id: repoId } } }];
  const jobs = jobsOf('check_run', p, 'rerun-1');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]!.run, 'rerun-1');
  assert.equal(jobs[0]!.number, 5);
  run.name = 'other-ci';
  assert.deepEqual(jobsOf('check_run', p, 'rerun-2'), [], 'another app\'s check run is not ours to re-run');
});

test('no installation: nothing (the app cannot act without one)', () => {
  const p = example('pull_request', 'opened');
  delete (p as { installation?: unknown }).installation;
  assert.deepEqual(jobsOf('pull_request', p, 'd'), []);
});
