/**
 * `npm run bench`, the GitHub app under load (issue 16): 500 signed `pull_request opened`
 * deliveries for 500 pull requests fired within 10 s at the app (`npm start`, SQLite, posting to
 * the GitHub fake on 127.0.0.1). Prints each delivery's answer time (max, p50), the answers'
 * statuses, how many check runs the fake holds per pull request once the app is idle, and the
 * app's peak RSS. Not a test: it measures. KVETCH_BENCH_DELIVERIES changes the count.
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { execFileSync } from 'node:child_process';
import { checkRunsOf, INSTALLATION, openPull, SECRET, startScene } from '../test/support/github-app-scene.js';
import { postWebhook, pullRequestEvent } from '../test/support/github/webhooks.js';

const N = Number(process.env.KVETCH_BENCH_DELIVERIES ?? 500);
const WINDOW_MS = 10_000;
const PATCH = `From 1111111111111111111111111111111111111111 Mon Sep 17 00:00:00 2001
From: Dev <dev@example.org>
Date: Mon, 4 Mar 2024 10:00:00 +0000
Subject: [PATCH] kvm: export a helper

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
+EXPORT_SYMBOL_GPL(kvm_helper);
-- 
2.43.0
`;

/** Peak RSS (VmHWM, kB) of the node process under npm in the app's process group. */
function appPeakRssKb(npmPid: number): number {
  const pids = execFileSync('ps', ['-o', 'pid=', '-g', String(npmPid)], { encoding: 'utf8' }).split('\n').map((s) => Number(s.trim())).filter((p) => p > 0);
  let max = 0;
  for (const pid of pids) {
    try {
      const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      max = Math.max(max, Number(m?.[1] ?? 0));
    } catch {
      // gone
    }
  }
  return max;
}

const s = await startScene();
try {
  s.gh.addRepo({ owner: 'load', repo: 'linux', defaultBranch: 'main' });
  const prs = Array.from({ length: N }, (_, i) => openPull(s.gh, { owner: 'load', repo: 'linux', number: i + 1, title: `kvm: export a helper ${i + 1}`, commits: [{ patch: PATCH.replace('export a helper', `export helper ${i + 1}`).replace('kvm_helper', `kvm_helper_${i + 1}`) }] }));
  const t0 = Date.now();
  const answers = await Promise.all(
    prs.map(async (pr, i) => {
      await sleep((i * WINDOW_MS) / N);
      const sent = Date.now();
      const payload = pullRequestEvent('opened', { owner: 'load', repo: 'linux', installationId: INSTALLATION, number: pr.number, headSha: pr.headSha, baseSha: pr.baseSha, title: pr.title, body: pr.body });
      const r = await postWebhook(s.app.webhookUrl, 'pull_request', payload, SECRET, { delivery: `load-${i + 1}` }).catch((e: Error) => ({ status: 0, body: e.message }));
      return { status: r.status, ms: Date.now() - sent };
    }),
  );
  const fired = Date.now() - t0;
  // Wait until every delivery is logged handled (or failed), at most 10 minutes.
  const until = Date.now() + 600_000;
  let done = 0;
  for (;;) {
    done = new Set(s.app.logs().filter((l) => String(l.delivery ?? '').startsWith('load-') && (l.msg === 'delivery handled' || l.level === 50)).map((l) => l.delivery)).size;
    if (done >= N || Date.now() > until) break;
    await sleep(500);
  }
  const all = Date.now() - t0;
  const runs = checkRunsOf(s.gh, 'load', 'linux');
  const byHead = new Map(prs.map((p) => [p.headSha, 0]));
  for (const r of runs) byHead.set(r.head_sha, (byHead.get(r.head_sha) ?? 0) + 1);
  const counts = [...byHead.values()];
  const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const result = {
    deliveries: N,
    firedInMs: fired,
    answerMsMax: ms.at(-1),
    answerMsP50: ms[Math.floor(ms.length / 2)],
    over10s: ms.filter((x) => x >= 10_000).length,
    statuses,
    handled: done,
    allHandledMs: all,
    checkRunsOnce: counts.filter((c) => c === 1).length,
    checkRunsNone: counts.filter((c) => c === 0).length,
    checkRunsMore: counts.filter((c) => c > 1).length,
    appPeakRssMb: Math.round(appPeakRssKb(s.app.child.pid ?? 0) / 1024),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await s.close();
}
