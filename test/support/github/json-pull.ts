/**
 * The GitHub fake's JSON for pull requests (full and `pull-request-minimal`), their files
 * (`diff-entry`, with the hunk text as `patch`), commits (`commit`, files and stats for a single
 * commit) and file contents (`content-file`, base64 in 60-column lines as GitHub sends it).
 */
import type { FileDiff } from './patch.js';
import { sha1 } from './patch.js';
import { type Json, nodeId, repoJson, type Urls, userJson } from './json.js';
import type { GhCommit, GhPull, GhRepo, GhUser } from './store.js';

function branchJson(p: GhPull, ref: string, sha: string, x: Urls, owner: GhUser): Json {
  return { label: `${p.repo.owner}:${ref}`, ref, sha, user: userJson(owner, x), repo: repoJson(p.repo, owner, x) };
}

export function pullJson(p: GhPull, headSha: string, owner: GhUser, x: Urls): Json {
  const url = `${x.api}/repos/${p.repo.owner}/${p.repo.name}/pulls/${p.number}`;
  const html = `${x.web}/${p.repo.owner}/${p.repo.name}/pull/${p.number}`;
  const issue = `${x.api}/repos/${p.repo.owner}/${p.repo.name}/issues/${p.number}`;
  const statuses = `${x.api}/repos/${p.repo.owner}/${p.repo.name}/statuses/${headSha}`;
  const href = (h: string): Json => ({ href: h });
  return {
    url,
    id: p.id,
    node_id: nodeId('PullRequest', p.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: issue,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${x.api}/repos/${p.repo.owner}/${p.repo.name}/pulls/comments{/number}`,
    comments_url: `${issue}/comments`,
    statuses_url: statuses,
    number: p.number,
    state: p.state,
    locked: false,
    title: p.title,
    user: userJson(p.user, x),
    body: p.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(p, p.headRef, headSha, x, owner),
    base: branchJson(p, p.baseRef, p.baseSha, x, owner),
    _links: {
      self: href(url),
      html: href(html),
      issue: href(issue),
      comments: href(`${issue}/comments`),
      review_comments: href(`${url}/comments`),
      review_comment: href(`${x.api}/repos/${p.repo.owner}/${p.repo.name}/pulls/comments{/number}`),
      commits: href(`${url}/commits`),
      statuses: href(statuses),
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: p.draft,
    merged: false,
    mergeable: true,
    rebaseable: true,
    mergeable_state: 'clean',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: p.commits.length,
    additions: p.files.reduce((n, f) => n + f.additions, 0),
    deletions: p.files.reduce((n, f) => n + f.deletions, 0),
    changed_files: p.files.length,
  };
}

/** `pull-request-minimal`, as check runs list their pull requests. */
export function pullMinimalJson(p: GhPull, headSha: string, x: Urls): Json {
  const repo = { id: p.repo.id, url: `${x.api}/repos/${p.repo.owner}/${p.repo.name}`, name: p.repo.name };
  return { id: p.id, number: p.number, url: `${x.api}/repos/${p.repo.owner}/${p.repo.name}/pulls/${p.number}`, head: { ref: p.headRef, sha: headSha, repo }, base: { ref: p.baseRef, sha: p.baseSha, repo } };
}

export function diffEntryJson(r: GhRepo, f: FileDiff, ref: string, x: Urls): Json {
  const path = f.filename.split('/').map(encodeURIComponent).join('/');
  const out: Json = {
    sha: sha1(`${f.filename}\n${f.hunks.join('\n')}`),
    filename: f.filename,
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    blob_url: `${x.web}/${r.owner}/${r.name}/blob/${ref}/${path}`,
    raw_url: `${x.web}/${r.owner}/${r.name}/raw/${ref}/${path}`,
    contents_url: `${x.api}/repos/${r.owner}/${r.name}/contents/${path}?ref=${ref}`,
  };
  if (f.hunks.length > 0) out.patch = f.hunks.join('\n');
  if (f.previousFilename) out.previous_filename = f.previousFilename;
  return out;
}

export function commitJson(r: GhRepo, c: GhCommit, author: GhUser | null, x: Urls, withFiles: boolean): Json {
  const url = `${x.api}/repos/${r.owner}/${r.name}/commits/${c.sha}`;
  const who = { name: c.authorName, email: c.authorEmail, date: c.date };
  const out: Json = {
    url,
    sha: c.sha,
    node_id: nodeId('Commit', c.sha),
    html_url: `${x.web}/${r.owner}/${r.name}/commit/${c.sha}`,
    comments_url: `${url}/comments`,
    commit: {
      url: `${x.api}/repos/${r.owner}/${r.name}/git/commits/${c.sha}`,
      author: who,
      committer: who,
      message: c.message,
      comment_count: 0,
      tree: { sha: sha1(`tree ${c.sha}`), url: `${x.api}/repos/${r.owner}/${r.name}/git/trees/${sha1(`tree ${c.sha}`)}` },
      verification: { verified: false, reason: 'unsigned', payload: null, signature: null, verified_at: null },
    },
    author: author ? userJson(author, x) : null,
    committer: author ? userJson(author, x) : null,
    parents: c.parents.map((p) => ({ sha: p, url: `${x.api}/repos/${r.owner}/${r.name}/commits/${p}`, html_url: `${x.web}/${r.owner}/${r.name}/commit/${p}` })),
  };
  if (withFiles) {
    const additions = c.files.reduce((n, f) => n + f.additions, 0);
    const deletions = c.files.reduce((n, f) => n + f.deletions, 0);
    out.stats = { total: additions + deletions, additions, deletions };
    out.files = c.files.map((f) => diffEntryJson(r, f, c.sha, x));
  }
  return out;
}

export function contentJson(r: GhRepo, path: string, content: string, ref: string, x: Urls): Json {
  const bytes = Buffer.from(content, 'utf8');
  const sha = sha1(`blob ${bytes.length}\0${content}`);
  const enc = path.split('/').map(encodeURIComponent).join('/');
  const self = `${x.api}/repos/${r.owner}/${r.name}/contents/${enc}?ref=${encodeURIComponent(ref)}`;
  const git = `${x.api}/repos/${r.owner}/${r.name}/git/blobs/${sha}`;
  const html = `${x.web}/${r.owner}/${r.name}/blob/${encodeURIComponent(ref)}/${enc}`;
  const base64 = (bytes.toString('base64').match(/.{1,60}/g) ?? []).join('\n');
  return {
    type: 'file',
    encoding: 'base64',
    size: bytes.length,
    name: path.split('/').pop() ?? path,
    path,
    content: base64 ? `${base64}\n` : '',
    sha,
    url: self,
    git_url: git,
    html_url: html,
    download_url: `${x.web}/${r.owner}/${r.name}/raw/${encodeURIComponent(ref)}/${enc}`,
    _links: { self, git, html },
  };
}
