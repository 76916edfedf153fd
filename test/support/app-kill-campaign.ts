/**
 * The GitHub app's kill-and-restart campaign (issue 16): pull requests over several
 * installations, one signed `pull_request opened` delivery each, all answered while the app
 * runs (the work is queued in the store); then the app (`npm start` on SQLite or PostgreSQL, its
 * worker threads) is SIGKILLed at `kills` seeded random points of its work, after the n-th write
 * GitHub accepted in that life plus up to 300 ms, and restarted on the same store each time;
 * then let drain. Counted at the GitHub fake: per pull request exactly one kvetch check run,
 * completed, and its one review comment exactly once; no check run or review posted twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { duplicatePosts, fireBurst, waitDrained } from './app-load.js';
import { checkRunsOf, commentsOf, since, startScene, writesOf, type Scene } from './github-app-scene.js';
import { seeded } from './kill-campaign.js';
import { startPostgres, type TestPostgres } from './postgres.js';

export interface AppKillOptions {
  prs: number;
  installations: number;
  kills: number;
  seed: number;
  /** The store the app runs on: a SQLite file, or a database of a PostgreSQL server started on 127.0.0.1. */
  backend?: 'sqlite' | 'postgres';
  say?: (line: string) => void;
}

export interface AppKillResult {
  backend: 'sqlite' | 'postgres';
  prs: number;
  seed: number;
  /** Kills that hit a running app (restarted after each). */
  killsSurvived: number;
  killPoints: string[];
  /** Deliveries the app did not answer with a 2xx (they were all sent while it ran). */
  unanswered: number;
  /** Pull requests with exactly one, no, or several kvetch check runs on their head. */
  checkRuns: { once: number; none: number; more: number };
  /** Check runs not completed after the drain. */
  incomplete: number;
  /** Review comments: pull requests with theirs once, missing, or more than once. */
  comments: { once: number; missing: number; duplicated: number };
  /** Check runs and reviews that GitHub accepted twice for one head or pull request. */
  duplicatePosts: number;
  /** Jobs of the queue after the drain. */
  jobs: { done: number; failed: number; left: number };
  /** Writes GitHub accepted in all (check runs created and updated, reviews, comments). */
  writes: number;
  seconds: number;
}

/** Writes GitHub accepted (2xx, not token requests). */
const acceptedWrites = (s: Scene): number => writesOf(since(s.gh, 0)).filter((r) => r.status < 300).length;

export async function runAppKillCampaign(o: AppKillOptions): Promise<AppKillResult> {
  const t0 = Date.now();
  const rnd = seeded(o.seed);
  const backend = o.backend ?? 'sqlite';
  const pg: TestPostgres | null = backend === 'postgres' ? await startPostgres() : null;
  const s = await startScene({ env: { KVETCH_LEASE_SECONDS: '3' }, ...(pg ? { db: await pg.newDatabase() } : {}) });
  try {
    const b = await fireBurst(s, { n: o.prs, windowMs: 2000, installations: o.installations });
    const unanswered = b.answers.filter((a) => a.status < 200 || a.status >= 300).length;
    const killPoints: string[] = [];
    for (let k = 0; k < o.kills; k++) {
      const from = acceptedWrites(s);
      const nth = 1 + Math.floor(rnd() * 8);
      const until = Date.now() + 30_000;
      while (acceptedWrites(s) - from < nth && Date.now() < until) await sleep(5);
      const reached = acceptedWrites(s) - from >= nth;
      await sleep(rnd() * 300);
      await s.restart({ kill: true });
      const point = reached ? `write #${nth}` : `write #${nth} (not reached in 30 s: killed idle)`;
      killPoints.push(point);
      o.say?.(`${backend}: kill ${k + 1}/${o.kills} after ${point}: ${acceptedWrites(s)} writes at the fake`);
    }
    const d = await waitDrained(s, 20 * 60_000);
    const checkRuns = { once: 0, none: 0, more: 0 };
    const comments = { once: 0, missing: 0, duplicated: 0 };
    let incomplete = 0;
    for (const pr of b.prs) {
      const runs = checkRunsOf(s.gh, pr.owner, pr.repo, pr.headSha);
      checkRuns[runs.length === 1 ? 'once' : runs.length === 0 ? 'none' : 'more']++;
      incomplete += runs.filter((r) => r.status !== 'completed').length;
      const mine = commentsOf(s.gh, pr.owner, pr.repo, pr.number).filter((c) => c.body.includes('kvetch:fp='));
      comments[mine.length === 1 ? 'once' : mine.length === 0 ? 'missing' : 'duplicated']++;
    }
    return {
      backend,
      prs: o.prs,
      seed: o.seed,
      killsSurvived: killPoints.length,
      killPoints,
      unanswered,
      checkRuns,
      incomplete,
      comments,
      duplicatePosts: duplicatePosts(s),
      jobs: { done: d.counts.done, failed: d.counts.failed, left: d.counts.queued + d.counts.claimed },
      writes: acceptedWrites(s),
      seconds: Math.round((Date.now() - t0) / 1000),
    };
  } finally {
    await s.close();
    await pg?.stop();
  }
}

/** Nothing missing, nothing twice, nothing failed or left. */
export function appKillClean(r: AppKillResult): boolean {
  return (
    r.unanswered === 0 && r.checkRuns.once === r.prs && r.incomplete === 0 && r.comments.once === r.prs && r.duplicatePosts === 0 && r.jobs.failed === 0 && r.jobs.left === 0
  );
}
