/**
 * The GitHub app's integration scene: the GitHub fake, the app as a real process pointed at
 * it, and helpers to open pull requests made of real patches and deliver signed webhooks.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAppProcess, type AppProcess } from './github-app-process.js';
import { generateAppKey } from './github/auth.js';
import { startGitHubFake, type GitHubFake, type PatchCommit, type RecordedRequest } from './github/fake.js';
import { checkSuiteEvent, postWebhook, pullRequestEvent } from './github/webhooks.js';

export const SECRET = 'webhook-secret-for-tests';
export const INSTALLATION = 77;

export interface Scene {
  gh: GitHubFake;
  app: AppProcess;
  dir: string;
  db: string;
  /** Restart the app on the same store (a deploy, or a crash with `kill`). */
  restart(o?: { kill?: boolean; env?: NodeJS.ProcessEnv }): Promise<void>;
  close(): Promise<void>;
}

/** `db`: the store (KVETCH_DB: a PostgreSQL URL); a SQLite file in the scene's folder when absent. */
export async function startScene(o: { dryRun?: boolean; env?: NodeJS.ProcessEnv; db?: string } = {}): Promise<Scene> {
  const { privateKeyPem } = generateAppKey();
  const gh = await startGitHubFake({ appId: 4242, privateKeyPem, slug: 'kvetch' });
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-app-'));
  const db = o.db ?? join(dir, 'state.db');
  const start = (env?: NodeJS.ProcessEnv) => startAppProcess({ appId: 4242, privateKeyPem, secret: SECRET, gheHost: gh.host, db, dryRun: o.dryRun ?? false, env: { KVETCH_LEASE_SECONDS: '3', ...o.env, ...env } });
  const scene: Scene = {
    gh,
    app: await start(),
    dir,
    db,
    async restart(r = {}) {
      if (r.kill) await scene.app.kill();
      else await scene.app.stop();
      scene.app = await start(r.env);
    },
    async close() {
      await scene.app.stop();
      await gh.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return scene;
}

export interface OpenedPull {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  headSha: string;
  baseSha: string;
}

export function openPull(gh: GitHubFake, o: { owner: string; repo: string; number: number; title: string; body?: string; commits: PatchCommit[]; draft?: boolean }): OpenedPull {
  const body = o.body ?? '';
  const made = gh.addPullRequest({ owner: o.owner, repo: o.repo, number: o.number, title: o.title, body, commits: o.commits, ...(o.draft ? { draft: true } : {}) });
  return { owner: o.owner, repo: o.repo, number: o.number, title: o.title, body, headSha: made.headSha, baseSha: made.baseSha };
}

/** A signed pull_request delivery; returns the HTTP status and the delivery id. */
export async function deliverPull(s: Scene, action: string, p: OpenedPull, o: { delivery?: string; signature?: 'forged' | 'none'; draft?: boolean } = {}): Promise<{ status: number; delivery: string }> {
  const delivery = o.delivery ?? `d-${Math.random().toString(16).slice(2)}`;
  const payload = pullRequestEvent(action, { owner: p.owner, repo: p.repo, installationId: INSTALLATION, number: p.number, headSha: p.headSha, baseSha: p.baseSha, title: p.title, body: p.body, ...(o.draft ? { draft: true } : {}) });
  const r = await postWebhook(s.app.webhookUrl, 'pull_request', payload, SECRET, { delivery, ...(o.signature ? { signature: o.signature } : {}) });
  return { status: r.status, delivery };
}

export async function deliverSuite(s: Scene, action: string, p: OpenedPull, delivery = `d-${Math.random().toString(16).slice(2)}`): Promise<{ status: number; delivery: string }> {
  const payload = checkSuiteEvent(action, { owner: p.owner, repo: p.repo, installationId: INSTALLATION, headSha: p.headSha, pullRequests: [{ number: p.number, headSha: p.headSha, baseSha: p.baseSha }] });
  const r = await postWebhook(s.app.webhookUrl, 'check_suite', payload, SECRET, { delivery });
  return { status: r.status, delivery };
}

/** The app's log line that says a delivery was handled. */
export async function handled(s: Pick<Scene, 'app'>, delivery: string, timeoutMs = 120_000): Promise<Record<string, unknown>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const line = s.app.logs().find((l) => l.delivery === delivery && (l.msg === 'delivery handled' || l.level === 50));
    if (line) return line;
    if (Date.now() > until) throw new Error(`delivery ${delivery} not handled within ${timeoutMs} ms; log:\n${s.app.logs().map((l) => JSON.stringify(l)).join('\n')}\n${s.app.stderr()}`);
    await sleep(100);
  }
}

/** Requests made from index `from` on, as `METHOD path` (token requests left out). */
export function since(gh: GitHubFake, from: number): RecordedRequest[] {
  return gh.requests.slice(from).filter((r) => !/access_tokens$/.test(r.path));
}

export const writesOf = (rs: readonly RecordedRequest[]): RecordedRequest[] => rs.filter((r) => r.method !== 'GET' && r.method !== 'HEAD');

/** What the tests read of the fake's check runs, annotations and review comments (as the API renders them). */
export interface CheckRunView {
  id: number;
  name: string;
  head_sha: string;
  status: string;
  conclusion: string | null;
  output: { title: string | null; summary: string | null; annotations_count: number };
}
export interface AnnotationView {
  path: string;
  start_line: number;
  annotation_level: string;
  title: string | null;
  message: string;
}
export interface CommentView {
  id: number;
  path: string;
  line: number | null;
  side: string;
  body: string;
  user: { login: string } | null;
  in_reply_to_id?: number;
}

export const checkRunsOf = (gh: GitHubFake, owner: string, repo: string, head?: string): CheckRunView[] =>
  (gh.checkRuns(owner, repo) as unknown as CheckRunView[]).filter((c) => c.name === 'kvetch' && (!head || c.head_sha === head));
export const annotationsOf = (gh: GitHubFake, run: CheckRunView): AnnotationView[] => gh.annotations(run.id) as unknown as AnnotationView[];
export const commentsOf = (gh: GitHubFake, owner: string, repo: string, n: number): CommentView[] => gh.reviewComments(owner, repo, n) as unknown as CommentView[];
