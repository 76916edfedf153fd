/**
 * The GitHub fake's in-memory state: users (the app's bot and test-created humans) and their
 * tokens, repositories with branches and files kept per ref, pull requests with their commits
 * and files, check runs with every annotation they accumulated, reviews and review comments.
 * Ids come from one counter per kind; times from the wall clock (ISO 8601, seconds).
 */
import { type FileDiff, mergeDiffs, parseDiff, parsePatchMeta, type PatchMeta, sha1 } from './patch.js';

export interface GhUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface GhCommit extends PatchMeta {
  sha: string;
  patch: string;
  parents: string[];
  files: FileDiff[];
}

export interface GhRepo {
  owner: string;
  name: string;
  id: number;
  defaultBranch: string;
  /** Branch name → head sha. */
  branches: Map<string, string>;
  /** Ref (branch name or sha) → path → content. */
  files: Map<string, Map<string, string>>;
  commits: Map<string, GhCommit>;
  createdAt: string;
}

export interface GhPull {
  repo: GhRepo;
  number: number;
  id: number;
  title: string;
  body: string;
  draft: boolean;
  state: 'open' | 'closed';
  user: GhUser;
  headRef: string;
  baseRef: string;
  baseSha: string;
  commits: GhCommit[];
  files: FileDiff[];
  createdAt: string;
  updatedAt: string;
}

export interface GhAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column: number | null;
  end_column: number | null;
  annotation_level: string;
  title: string | null;
  message: string;
  raw_details: string | null;
}

export interface GhCheckRun {
  id: number;
  repo: GhRepo;
  appId: number;
  suiteId: number;
  name: string;
  headSha: string;
  status: string;
  conclusion: string | null;
  startedAt: string;
  completedAt: string | null;
  detailsUrl: string | null;
  externalId: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
  annotations: GhAnnotation[];
}

export interface GhReview {
  id: number;
  pull: GhPull;
  user: GhUser;
  body: string;
  state: 'PENDING' | 'COMMENTED' | 'APPROVED' | 'CHANGES_REQUESTED';
  commitId: string;
  submittedAt: string | null;
}

export interface GhComment {
  id: number;
  pull: GhPull;
  reviewId: number;
  inReplyTo: number | null;
  user: GhUser;
  body: string;
  path: string;
  line: number | null;
  side: 'LEFT' | 'RIGHT';
  startLine: number | null;
  startSide: 'LEFT' | 'RIGHT' | null;
  commitId: string;
  diffHunk: string;
  createdAt: string;
  updatedAt: string;
}

export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class GhStore {
  readonly users = new Map<string, GhUser>();
  readonly tokens = new Map<string, { user: GhUser; appId: number | null; expiresAt: string }>();
  readonly repos = new Map<string, GhRepo>();
  readonly pulls: GhPull[] = [];
  readonly checkRuns: GhCheckRun[] = [];
  readonly suites = new Map<string, number>();
  readonly reviews: GhReview[] = [];
  readonly comments: GhComment[] = [];
  readonly rejected: Array<{ path: string; line: number; side: 'LEFT' | 'RIGHT' | undefined }> = [];
  private ids = new Map<string, number>();

  nextId(kind: string): number {
    const base = { repo: 1000, pull: 50000, check: 7000000, suite: 8000000, review: 900000, comment: 1500000, user: 20000 }[kind] ?? 1;
    const n = (this.ids.get(kind) ?? base) + 1;
    this.ids.set(kind, n);
    return n;
  }

  user(login: string, type: 'User' | 'Bot' = 'User', id?: number): GhUser {
    let u = this.users.get(login);
    if (!u) {
      u = { login, id: id ?? this.nextId('user'), type };
      this.users.set(login, u);
    }
    return u;
  }

  repo(owner: string, name: string): GhRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  addRepo(owner: string, name: string, defaultBranch: string): GhRepo {
    const r: GhRepo = { owner, name, id: this.nextId('repo'), defaultBranch, branches: new Map([[defaultBranch, sha1(`${owner}/${name}@${defaultBranch}`)]]), files: new Map(), commits: new Map(), createdAt: now() };
    this.repos.set(`${owner}/${name}`.toLowerCase(), r);
    return r;
  }

  putFile(r: GhRepo, ref: string, path: string, content: string): void {
    let m = r.files.get(ref);
    if (!m) r.files.set(ref, (m = new Map<string, string>()));
    m.set(path, content);
  }

  /** The refs a ref names: itself, the sha a branch points at, the branches at a sha. */
  aliases(r: GhRepo, ref: string): string[] | null {
    const name = ref.replace(/^refs\/heads\//, '');
    const out = new Set([name]);
    const sha = r.branches.get(name);
    if (sha) out.add(sha);
    for (const [b, s] of r.branches) if (s === name) out.add(b);
    const known = sha !== undefined || out.size > 1 || r.commits.has(name) || r.files.has(name);
    return known ? [...out] : null;
  }

  /** Commits from patches, parent-chained from `parent`, recorded in the repository. */
  makeCommits(r: GhRepo, commits: Array<{ sha?: string; patch: string }>, parent: string): GhCommit[] {
    let prev = parent;
    return commits.map((c) => {
      const commit: GhCommit = { ...parsePatchMeta(c.patch), sha: c.sha ?? sha1(c.patch), patch: c.patch, parents: [prev], files: parseDiff(c.patch) };
      r.commits.set(commit.sha, commit);
      prev = commit.sha;
      return commit;
    });
  }

  setPullCommits(p: GhPull, commits: Array<{ sha?: string; patch: string }>, files?: FileDiff[]): void {
    p.commits = this.makeCommits(p.repo, commits, p.baseSha);
    p.files = files ?? mergeDiffs(p.commits.map((c) => c.files));
    const head = p.commits[p.commits.length - 1]?.sha ?? p.baseSha;
    p.repo.branches.set(p.headRef, head);
    p.updatedAt = now();
  }

  headSha(p: GhPull): string {
    return p.commits[p.commits.length - 1]?.sha ?? p.baseSha;
  }

  pull(r: GhRepo, number: number): GhPull | undefined {
    return this.pulls.find((p) => p.repo === r && p.number === number);
  }

  suiteId(r: GhRepo, headSha: string, appId: number): number {
    const key = `${r.id}:${headSha}:${appId}`;
    let id = this.suites.get(key);
    if (id === undefined) this.suites.set(key, (id = this.nextId('suite')));
    return id;
  }
}
