/**
 * The GitHub app under a burst (issue 16, the small version of bench/app-load.ts): 50 signed
 * deliveries for 50 pull requests within 5 s at `npm start` with the GitHub fake. Every
 * delivery is answered with a 2xx, every job in the store's queue ends done (none dropped, none
 * failed), and each is handled exactly once: one `delivery handled` line per delivery, one
 * check run per head commit, no check run or review posted twice. Speed is the bench's business.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { exactlyOnce, fireBurst, waitDrained } from '../support/app-load.js';
import { startScene, type Scene } from '../support/github-app-scene.js';

let s: Scene;
before(async () => {
  s = await startScene();
});
after(async () => {
  assert.deepEqual(s.gh.violations, [], "every request and answer matched GitHub's OpenAPI description");
  await s.close();
});

test('50 deliveries in a burst: all answered, all queued jobs done, each handled exactly once', async () => {
  const b = await fireBurst(s, { n: 50, windowMs: 5000, installations: 10 });
  assert.deepEqual(b.answers.map((a) => a.status).filter((x) => x !== 200), [], 'every delivery answered 200');
  const d = await waitDrained(s, 15 * 60_000);
  assert.ok(d.drained, JSON.stringify(d.counts));
  assert.deepEqual(d.counts, { queued: 0, claimed: 0, done: 50, failed: 0, superseded: 0 });
  assert.deepEqual(exactlyOnce(s, b), { checkRuns: { once: 50, none: 0, more: 0 }, duplicatePosts: 0, handled: { once: 50, none: 0, more: 0 }, errors: 0 });
  const statuses = s.app.logs().filter((l) => l.msg === 'delivery handled' && String(l.delivery).startsWith('load-')).map((l) => l.status);
  assert.deepEqual([...new Set(statuses)], ['reviewed']);
});
