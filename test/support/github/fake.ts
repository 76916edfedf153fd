/**
 * A GitHub REST API fake on 127.0.0.1 for the GitHub App's tests, served GitHub Enterprise
 * style under `/api/v3` (the app runs with `GHE_HOST=127.0.0.1:<port>`, `GHE_PROTOCOL=http`):
 * app JWT → installation token, repository, pull request with commits/files, commit (JSON or
 * format-patch), contents per ref, check runs with annotations, reviews and review comments.
 * Every request and every answer is checked against GitHub's OpenAPI description (serve.ts);
 * tests assert `violations` is empty. Faults (fake-http.ts) include GitHub's secondary rate
 * limit (`secondaryRateLimit()`: 403, `Retry-After: 1`, GitHub's message) and a 502.
 */
import type { Fault } from '../fake-http.js';
import { startFakeServer } from '../fake-http.js';
import type { Ctx } from './answer.js';
import { makeApp } from './app.js';
import { newToken, publicKeyOf } from './auth.js';
import { errorJson } from './json.js';
import { annotationJson, commentJson, reviewJson } from './json-review.js';
import { mergeDiffs, parseDiff } from './patch.js';
import { checksRoute } from './routes-checks.js';
import { humanComment } from './routes-reviews.js';
import { API_PREFIX, serve, type ServeState } from './serve.js';
import { GhStore, now } from './store.js';

type Json = Record<string, unknown>;

export interface GitHubFakeOptions {
  appId: number;
  /** The app's private key (PEM); the fake checks JWTs with its public half. */
  privateKeyPem: string;
  /** Default `kvetch-test`; the bot user is `<slug>[bot]`. */
  slug?: string;
}

export interface PatchCommit {
  sha?: string;
  /** `git format-patch` text. */
  patch: string;
}

export interface PrFile {
  filename: string;
  status?: 'added' | 'removed' | 'modified' | 'renamed';
  previous_filename?: string;
  /** Hunk text from the first `@@` line. */
  patch: string;
}

export interface RecordedRequest {
  method: string;
  /** Path as sent (with `/api/v3`), without the query. */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (undefined: none; the text when it is not JSON). */
  body: unknown;
  status: number;
  /** OpenAPI operationId, null when none matched. */
  operation: string | null;
  faulted: boolean;
  /** When it was answered (ms since the epoch). */
  at: number;
}

export interface GitHubFake {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** `http://127.0.0.1:<port>/api/v3`: Octokit's baseUrl. */
  apiUrl: string;
  /** `127.0.0.1:<port>`: GHE_HOST. */
  host: string;
  appId: number;
  slug: string;
  requests: RecordedRequest[];
  violations: string[];
  /** Recorded requests other than GET/HEAD, installation token requests excluded. */
  writes(): RecordedRequest[];
  addRepo(o: { owner: string; repo: string; defaultBranch?: string; files?: Record<string, string> }): void;
  putFile(owner: string, repo: string, ref: string, path: string, content: string): void;
  addPullRequest(o: {
    owner: string;
    repo: string;
    number: number;
    title: string;
    body: string;
    draft?: boolean;
    user?: string;
    commits: PatchCommit[];
    headRef?: string;
    files?: PrFile[];
  }): { headSha: string; baseSha: string; headRef: string };
  /** Replaces the PR's commits (a force-push); returns the new head sha. */
  pushCommits(owner: string, repo: string, number: number, commits: PatchCommit[]): string;
  /** A token that authenticates as a human user (created on first use). */
  humanToken(login: string): string;
  /** A review comment by a human: a reply (`inReplyTo`) or on `path`/`line`. Returns its id. */
  addHumanComment(o: { owner: string; repo: string; number: number; inReplyTo?: number; body: string; login: string; path?: string; line?: number; side?: 'LEFT' | 'RIGHT' }): number;
  /** Check runs as the API renders them. */
  checkRuns(owner: string, repo: string): Json[];
  annotations(checkRunId: number): Json[];
  /** Every review comment of the PR (pending reviews' included), as the API renders them. */
  reviewComments(owner: string, repo: string, number: number): Json[];
  reviews(owner: string, repo: string, number: number): Json[];
  /** Makes a comment on that line 422 although it is in the diff (side: both when absent). */
  rejectLine(path: string, line: number, side?: 'LEFT' | 'RIGHT'): void;
  setFault(f: Fault): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

/** GitHub's secondary rate limit answer as a fault: 403, `Retry-After`, its JSON message. */
export function secondaryRateLimit(o: { path?: RegExp; times?: number; retryAfter?: number } = {}): Fault {
  const body = errorJson(
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:0000:0000000:0000000:00000000.',
    403,
  );
  body.documentation_url = 'https://docs.github.com/enterprise-server@3.19/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits';
  return {
    kind: 'status',
    status: 403,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': String(o.retryAfter ?? 1), 'X-RateLimit-Remaining': '4000', 'X-RateLimit-Limit': '5000' },
    body: JSON.stringify(body),
    ...(o.path ? { path: o.path } : {}),
    ...(o.times !== undefined ? { times: o.times } : {}),
  };
}

export async function startGitHubFake(opts: GitHubFakeOptions): Promise<GitHubFake> {
  const store = new GhStore();
  const app = makeApp(store, opts.appId, opts.slug ?? 'kvetch-test', now());
  const requests: RecordedRequest[] = [];
  const state: ServeState = {
    store,
    app,
    publicKey: publicKeyOf(opts.privateKeyPem),
    urls: (u) => ({ api: `${u.origin}${API_PREFIX}`, web: u.origin }),
    violations: [],
    operations: new WeakMap(),
    rate: { used: 0, reset: Math.floor(Date.now() / 1000) + 3600 },
  };
  const server = await startFakeServer(
    (req, url) => serve(state, req, url),
    (req, status, faulted) => {
      const url = new URL(req.url, 'http://127.0.0.1');
      const text = req.body.toString('utf8');
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      requests.push({ method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body, status, operation: state.operations.get(req) ?? null, faulted, at: Date.now() });
    },
  );
  const urls = state.urls(new URL(server.base));
  const ctx = (login?: string): Ctx => ({
    store,
    x: urls,
    app,
    caller: login ? { user: store.user(login), appId: null } : { user: app.bot, appId: app.id },
    params: {},
    query: new URLSearchParams(),
    body: {},
    accept: 'application/json',
    url: new URL(`${urls.api}/`),
  });
  const repo = (owner: string, name: string) => {
    const r = store.repo(owner, name);
    if (!r) throw new Error(`GitHub fake: no repository ${owner}/${name}`);
    return r;
  };
  const pull = (owner: string, name: string, number: number) => {
    const p = store.pull(repo(owner, name), number);
    if (!p) throw new Error(`GitHub fake: no pull request ${owner}/${name}#${number}`);
    return p;
  };
  const prFiles = (files: PrFile[] | undefined) =>
    files &&
    mergeDiffs([
      files.map((f) => {
        const parsed = parseDiff(`diff --git a/${f.previous_filename ?? f.filename} b/${f.filename}\n${f.patch}\n`)[0];
        return { ...(parsed ?? { additions: 0, deletions: 0, hunks: [] }), filename: f.filename, status: f.status ?? 'modified', ...(f.previous_filename ? { previousFilename: f.previous_filename } : {}) };
      }),
    ]);
  return {
    base: server.base,
    apiUrl: urls.api,
    host: new URL(server.base).host,
    appId: app.id,
    slug: app.slug,
    requests,
    violations: state.violations,
    writes: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD' && r.operation !== 'apps/create-installation-access-token'),
    addRepo(o) {
      store.user(o.owner);
      const r = store.addRepo(o.owner, o.repo, o.defaultBranch ?? 'main');
      for (const [path, content] of Object.entries(o.files ?? {})) store.putFile(r, r.defaultBranch, path, content);
    },
    putFile: (owner, name, ref, path, content) => store.putFile(repo(owner, name), ref, path, content),
    addPullRequest(o) {
      const r = repo(o.owner, o.repo);
      const t = now();
      const baseSha = r.branches.get(r.defaultBranch) ?? '';
      const p = { repo: r, number: o.number, id: store.nextId('pull'), title: o.title, body: o.body, draft: o.draft ?? false, state: 'open' as const, user: store.user(o.user ?? 'jane-hacker'), headRef: o.headRef ?? `pr-${o.number}`, baseRef: r.defaultBranch, baseSha, commits: [], files: [], createdAt: t, updatedAt: t };
      store.pulls.push(p);
      store.setPullCommits(p, o.commits, prFiles(o.files));
      return { headSha: store.headSha(p), baseSha, headRef: p.headRef };
    },
    pushCommits(owner, name, number, commits) {
      const p = pull(owner, name, number);
      store.setPullCommits(p, commits);
      return store.headSha(p);
    },
    humanToken(login) {
      const token = newToken('ghp');
      store.tokens.set(token, { user: store.user(login), appId: null, expiresAt: '9999-12-31T00:00:00Z' });
      return token;
    },
    addHumanComment(o) {
      const line = o.path !== undefined && o.line !== undefined ? { path: o.path, line: o.line, ...(o.side ? { side: o.side } : {}) } : undefined;
      return humanComment(ctx(o.login), pull(o.owner, o.repo, o.number), o.inReplyTo, o.body, line).id;
    },
    checkRuns(owner, name) {
      const r = repo(owner, name);
      return store.checkRuns.filter((k) => k.repo === r).map((k) => checksRoute('checks/get', { ...ctx(), params: { owner, repo: name, check_run_id: String(k.id) } })?.json as Json);
    },
    annotations(id) {
      const k = store.checkRuns.find((x) => x.id === id);
      if (!k) throw new Error(`GitHub fake: no check run ${id}`);
      return k.annotations.map((a) => annotationJson(k.repo, k, a, urls));
    },
    reviewComments: (owner, name, number) => store.comments.filter((k) => k.pull === pull(owner, name, number)).map((k) => commentJson(k, urls)),
    reviews: (owner, name, number) => store.reviews.filter((v) => v.pull === pull(owner, name, number)).map((v) => reviewJson(v, urls)),
    rejectLine: (path, line, side) => void store.rejected.push({ path, line, side }),
    setFault: (f) => server.setFault(f),
    clearFaults: () => server.clearFaults(),
    stop: () => server.stop(),
  };
}
