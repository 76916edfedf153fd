/**
 * `npm run bench`, the GitHub app under load (issue 16): 500 signed `pull_request opened`
 * deliveries for 500 pull requests (over 50 installations) fired within 10 s at the app
 * (`npm start`, SQLite, 2 workers by default, posting to the GitHub fake on 127.0.0.1).
 * Targets: every delivery answered with a 2xx in under 10 s (GitHub's limit), none dropped
 * (every job done, none failed), each handled exactly once (one `delivery handled` line per
 * delivery, one check run per head commit, no check run or review posted twice), no error in
 * the log, and the app's peak RSS under 300 MB (the queue is in the store, not in the process).
 * Exits 1 when a target is missed. KVETCH_BENCH_DELIVERIES, KVETCH_BENCH_INSTALLATIONS and
 * KVETCH_APP_WORKERS change the load.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { exactlyOnce, fireBurst, waitDrained } from '../test/support/app-load.js';
import { startScene } from '../test/support/github-app-scene.js';

const N = Number(process.env.KVETCH_BENCH_DELIVERIES ?? 500);
const INSTALLATIONS = Number(process.env.KVETCH_BENCH_INSTALLATIONS ?? 50);
const WINDOW_MS = 10_000;
const ANSWER_LIMIT_MS = 10_000;
const RSS_LIMIT_MB = 300;
const DRAIN_LIMIT_MS = 30 * 60_000;

/** Peak RSS (VmHWM, kB) of the processes in the app's process group (npm and node under it). */
function peakRssKb(pgid: number): number {
  const pids = execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' }).split('\n').map((x) => Number(x.trim())).filter((p) => p > 0);
  let max = 0;
  for (const pid of pids) {
    try {
      max = Math.max(max, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // gone
    }
  }
  return max;
}

const env = { ...(process.env.KVETCH_APP_WORKERS ? { KVETCH_APP_WORKERS: process.env.KVETCH_APP_WORKERS } : {}), KVETCH_LEASE_SECONDS: '60' };
const s = await startScene({ env });
let failed: string[] = [];
try {
  const b = await fireBurst(s, { n: N, windowMs: WINDOW_MS, installations: INSTALLATIONS });
  const answeredRss = Math.round(peakRssKb(s.app.child.pid ?? 0) / 1024);
  const t0 = Date.now() - b.firedInMs;
  const d = await waitDrained(s, DRAIN_LIMIT_MS);
  const once = exactlyOnce(s, b);
  const ms = b.answers.map((a) => a.ms).sort((x, y) => x - y);
  const statuses: Record<string, number> = {};
  for (const a of b.answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const result = {
    deliveries: N,
    installations: INSTALLATIONS,
    workers: Number(process.env.KVETCH_APP_WORKERS ?? 2),
    firedInMs: b.firedInMs,
    answerMsMax: ms.at(-1) ?? 0,
    answerMsP50: ms[Math.floor(ms.length / 2)] ?? 0,
    answerMsP99: ms[Math.floor(ms.length * 0.99)] ?? 0,
    statuses,
    jobs: d.counts,
    drainedMs: d.at - t0,
    ...once,
    peakRssMbWhenAnswered: answeredRss,
    peakRssMb: Math.round(peakRssKb(s.app.child.pid ?? 0) / 1024),
  };
  console.log(JSON.stringify(result));
  failed = [
    ms.some((x) => x >= ANSWER_LIMIT_MS) && `answers over ${ANSWER_LIMIT_MS / 1000} s: ${ms.filter((x) => x >= ANSWER_LIMIT_MS).length}`,
    b.answers.some((a) => a.status < 200 || a.status >= 300) && `answers other than 2xx: ${JSON.stringify(statuses)}`,
    !d.drained && `the queue was not drained within ${DRAIN_LIMIT_MS / 60_000} minutes`,
    (d.counts.done !== N || d.counts.failed > 0) && `jobs not all done: ${JSON.stringify(d.counts)}`,
    once.checkRuns.once !== N && `check runs per pull request not all one: ${JSON.stringify(once.checkRuns)}`,
    once.duplicatePosts > 0 && `${once.duplicatePosts} check runs or reviews posted twice`,
    once.handled.once !== N && `deliveries not handled exactly once: ${JSON.stringify(once.handled)}`,
    once.errors > 0 && `${once.errors} error lines in the app's log`,
    result.peakRssMb >= RSS_LIMIT_MB && `peak RSS ${result.peakRssMb} MB >= ${RSS_LIMIT_MB} MB`,
  ].filter((x): x is string => typeof x === 'string');
  console.log(failed.length ? `app-load: MISSED ${failed.join('; ')}` : `app-load: every target met (answers max ${result.answerMsMax} ms, all ${N} handled once in ${(result.drainedMs / 1000).toFixed(0)} s, peak RSS ${result.peakRssMb} MB)`);
} finally {
  await s.close();
}
if (failed.length) process.exitCode = 1;
