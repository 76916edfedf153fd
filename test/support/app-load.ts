/**
 * A burst of signed `pull_request opened` deliveries at the GitHub app (a Scene: `npm start`
 * and the GitHub fake on 127.0.0.1), shared by bench/app-load.ts (500 in 10 s) and the
 * integration test (50): one pull request per delivery, spread over several installations
 * (GitHub paces writes per installation: one every second, a review every three), each a
 * one-commit patch that exports a symbol (so each review has a line comment). Payloads are
 * built and signed before the burst; each is posted at its slot of the window.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { JobState } from '../../src/model/jobs.js';
import { openStore } from '../../src/store/open.js';
import { checkRunsOf, INSTALLATION, openPull, SECRET, type OpenedPull, type Scene } from './github-app-scene.js';
import { pullRequestEvent, signDelivery, type SignedDelivery } from './github/webhooks.js';

const PATCH = (i: number): string => `From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: Dev <dev@example.org>
Date: Mon, 4 Mar 2024 10:00:00 +0000
Subject: [PATCH] kvm: export helper ${i}

---
 virt/kvm/kvm_main.c | 1 +
 1 file changed, 1 insertion(+)

diff --git a/virt/kvm/kvm_main.c b/virt/kvm/kvm_main.c
index 1111111..2222222 100644
--- a/virt/kvm/kvm_main.c
+++ b/virt/kvm/kvm_main.c
@@ -1,3 +1,4 @@
 int a;
 int b;
 int c;
+EXPORT_SYMBOL_GPL(kvm_helper_${i});
-- 
2.43.0
`;

export interface Burst {
  prs: OpenedPull[];
  deliveries: string[];
  /** Per delivery, in order: HTTP status (0: no answer) and ms from sending to the answer. */
  answers: Array<{ status: number; ms: number }>;
  firedInMs: number;
}

/** Opens `n` pull requests over `installations` repositories (one installation each) and fires one signed delivery for each within `windowMs`. */
export async function fireBurst(s: Scene, o: { n: number; windowMs: number; installations: number }): Promise<Burst> {
  const prs: OpenedPull[] = [];
  const signed: SignedDelivery[] = [];
  const deliveries: string[] = [];
  for (let k = 0; k < o.installations; k++) s.gh.addRepo({ owner: 'load', repo: `linux-${k}`, defaultBranch: 'main' });
  for (let i = 0; i < o.n; i++) {
    const k = i % o.installations;
    const pr = openPull(s.gh, { owner: 'load', repo: `linux-${k}`, number: Math.floor(i / o.installations) + 1, title: `kvm: export helper ${i}`, commits: [{ patch: PATCH(i) }] });
    prs.push(pr);
    deliveries.push(`load-${i}`);
    const payload = pullRequestEvent('opened', { owner: pr.owner, repo: pr.repo, installationId: INSTALLATION + k, number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha, title: pr.title, body: pr.body });
    signed.push(signDelivery(payload, SECRET, { event: 'pull_request', delivery: `load-${i}` }));
  }
  const t0 = Date.now();
  const answers = await Promise.all(
    signed.map(async (d, i) => {
      await sleep(Math.max(0, t0 + (i * o.windowMs) / o.n - Date.now()));
      const sent = Date.now();
      try {
        const r = await fetch(s.app.webhookUrl, { method: 'POST', headers: d.headers, body: d.body });
        await r.text();
        return { status: r.status, ms: Date.now() - sent };
      } catch {
        return { status: 0, ms: Date.now() - sent };
      }
    }),
  );
  return { prs, deliveries, answers, firedInMs: Date.now() - t0 };
}

/** Polls the app's store (SQLite or PostgreSQL) until no job of the `github` queue is queued or claimed (or `timeoutMs`); the counts and when. */
export async function waitDrained(s: Scene, timeoutMs: number): Promise<{ counts: Record<JobState, number>; drained: boolean; at: number }> {
  const store = await openStore(s.db);
  try {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const counts = await store.jobCounts('github');
      const drained = counts.queued === 0 && counts.claimed === 0;
      if (drained || Date.now() > until) return { counts, drained, at: Date.now() };
      await sleep(500);
    }
  } finally {
    await store.close();
  }
}

export interface OnceReport {
  /** Pull requests with exactly one, no, or more than one kvetch check run on their head. */
  checkRuns: { once: number; none: number; more: number };
  /** `POST …/check-runs` and `POST …/pulls/{n}/reviews` that GitHub answered with success, per pull request: more than one is a duplicate. */
  duplicatePosts: number;
  /** Deliveries with no, or more than one, `delivery handled` log line. */
  handled: { once: number; none: number; more: number };
  /** Log lines at error level. */
  errors: number;
}

export function exactlyOnce(s: Scene, b: Burst): OnceReport {
  const checkRuns = { once: 0, none: 0, more: 0 };
  for (const pr of b.prs) {
    const n = checkRunsOf(s.gh, pr.owner, pr.repo, pr.headSha).length;
    checkRuns[n === 1 ? 'once' : n === 0 ? 'none' : 'more']++;
  }
  const logs = s.app.logs();
  const lines = new Map(b.deliveries.map((d) => [d, 0]));
  for (const l of logs) if (l.msg === 'delivery handled' && typeof l.delivery === 'string' && lines.has(l.delivery)) lines.set(l.delivery, (lines.get(l.delivery) ?? 0) + 1);
  const handled = { once: 0, none: 0, more: 0 };
  for (const n of lines.values()) handled[n === 1 ? 'once' : n === 0 ? 'none' : 'more']++;
  return { checkRuns, duplicatePosts: duplicatePosts(s), handled, errors: logs.filter((l) => Number(l.level) >= 50).length };
}

/** Check runs (per head commit) and reviews (per pull request) that GitHub accepted more than once. */
export function duplicatePosts(s: Scene): number {
  const posts = new Map<string, number>();
  for (const r of s.gh.requests) {
    if (r.method !== 'POST' || r.status >= 300) continue;
    const run = /\/repos\/([^/]+\/[^/]+)\/check-runs$/.exec(r.path);
    const review = /\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/.exec(r.path);
    const key = run ? `run ${run[1]}@${String((r.body as { head_sha?: string } | undefined)?.head_sha)}` : review ? `review ${review[1]}#${review[2]}` : null;
    if (key) posts.set(key, (posts.get(key) ?? 0) + 1);
  }
  return [...posts.values()].filter((n) => n > 1).length;
}
