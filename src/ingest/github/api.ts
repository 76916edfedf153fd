/**
 * The reads of a pull request through GitHub's REST API: the pull request, its commits
 * (`GET …/pulls/{n}/commits` lists at most 250: beyond that the commits API is walked from the
 * head back to the base), each commit as a format-patch (`application/vnd.github.patch`), and
 * its files (for the lines a review comment may sit on). Pages by `page=`, 100 a page.
 */
import { UserError } from '../../model/errors.js';
import type { PullRequestRef, RestApi } from '../../model/pull-request.js';
import type { PullFile } from './diff-lines.js';
import { obj, str } from './json.js';
import type { PullInfo } from './mails.js';

/** What the pulls endpoint lists at most. */
export const PULL_COMMITS_LIMIT = 250;
/** More commits than this is no patch series: kvetch reviews the first ones and says so. */
export const MAX_COMMITS = 1000;
const PAGE = 100;

export class PullRequestTooLarge extends UserError {
  override name = 'PullRequestTooLarge';
}

export interface PullRequest extends PullInfo {
  url: string;
  draft: boolean;
  state: string;
  /** Commits the pull request says it has. */
  commitCount: number;
  headRef: string;
}

export async function getPullRequest(api: RestApi, ref: PullRequestRef): Promise<PullRequest> {
  const { data } = await api.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner: ref.owner, repo: ref.repo, pull_number: ref.number });
  return pullFromJson(ref, data);
}

/** A pull request object (from the API or a webhook payload). */
export function pullFromJson(ref: PullRequestRef, data: unknown): PullRequest {
  const d = obj(data);
  const head = obj(d.head);
  const base = obj(d.base);
  return {
    ...ref,
    title: str(d.title),
    body: str(d.body),
    author: str(obj(d.user).login, 'ghost'),
    createdAt: str(d.created_at, new Date(0).toISOString()),
    headSha: str(head.sha),
    baseSha: str(base.sha),
    headRef: str(head.ref),
    url: str(d.html_url),
    draft: d.draft === true,
    state: str(d.state),
    commitCount: typeof d.commits === 'number' ? d.commits : 0,
  };
}

export interface CommitList {
  shas: string[];
  /** What the listing had to do or leave out, said in the check's summary. */
  notes: string[];
}

/** The pull request's commits, oldest first. */
export async function listCommits(api: RestApi, pr: PullRequest): Promise<CommitList> {
  const p = { owner: pr.owner, repo: pr.repo };
  if (pr.commitCount <= PULL_COMMITS_LIMIT) {
    const shas: string[] = [];
    for (let page = 1; ; page++) {
      const { data } = await api.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/commits', { ...p, pull_number: pr.number, per_page: PAGE, page });
      const rows = Array.isArray(data) ? data : [];
      shas.push(...rows.map((c) => str(obj(c).sha)).filter(Boolean));
      if (rows.length < PAGE || shas.length >= PULL_COMMITS_LIMIT) break;
    }
    return { shas, notes: [] };
  }
  // The pulls endpoint stops at 250: walk the head's history back to the base instead.
  const wanted = Math.min(pr.commitCount, MAX_COMMITS);
  const newestFirst: string[] = [];
  for (let page = 1; newestFirst.length < wanted; page++) {
    const { data } = await api.request('GET /repos/{owner}/{repo}/commits', { ...p, sha: pr.headSha, per_page: PAGE, page });
    const rows = Array.isArray(data) ? data : [];
    for (const c of rows) {
      const sha = str(obj(c).sha);
      if (sha === pr.baseSha || newestFirst.length >= wanted) break;
      newestFirst.push(sha);
    }
    if (rows.length < PAGE || newestFirst.includes(pr.baseSha)) break;
  }
  const notes = [`${pr.commitCount} commits: GitHub's pull request API lists ${PULL_COMMITS_LIMIT}, so they were read from the commit history instead.`];
  if (pr.commitCount > MAX_COMMITS) notes.push(`Only the first ${MAX_COMMITS} of ${pr.commitCount} commits were reviewed: that many is no patch series.`);
  // The first `wanted` of the series are the oldest ones: the walk from the head finds the newest first.
  return { shas: newestFirst.reverse(), notes };
}

/** One commit as `git format-patch` writes it. */
export async function commitPatch(api: RestApi, ref: Pick<PullRequestRef, 'owner' | 'repo'>, sha: string): Promise<string> {
  const { data } = await api.request('GET /repos/{owner}/{repo}/commits/{ref}', {
    owner: ref.owner,
    repo: ref.repo,
    ref: sha,
    headers: { accept: 'application/vnd.github.patch' },
  });
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  throw new Error(`GitHub answered commit ${sha} of ${ref.owner}/${ref.repo} with JSON, not a patch`);
}

/** The pull request's files (GitHub lists at most 3,000). */
export async function listFiles(api: RestApi, ref: PullRequestRef): Promise<PullFile[]> {
  const out: PullFile[] = [];
  for (let page = 1; page <= 30; page++) {
    const { data } = await api.request('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', { owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: PAGE, page });
    const rows = Array.isArray(data) ? data : [];
    for (const r of rows) {
      const f = obj(r);
      out.push({
        filename: str(f.filename),
        ...(typeof f.previous_filename === 'string' ? { previousFilename: f.previous_filename } : {}),
        ...(typeof f.patch === 'string' ? { patch: f.patch } : {}),
      });
    }
    if (rows.length < PAGE) break;
  }
  return out;
}
