/**
 * The GitHub fake's JSON renderings, shaped as GitHub Enterprise Server sends them (API under
 * `<base>/api/v3`, web pages under `<base>`) and as the OpenAPI schemas require: users,
 * repositories, pull requests, commits, diff entries, file contents, check runs and their
 * annotations, reviews and review comments, the app and its installation tokens. Every answer
 * the fake sends is checked against the schema anyway (openapi.ts), so a field missing here
 * shows up in `violations`.
 */
import type { GhAnnotation, GhCheckRun, GhComment, GhCommit, GhPull, GhRepo, GhReview, GhUser } from './store.js';
import type { FileDiff } from './patch.js';
import { sha1 } from './patch.js';

type Json = Record<string, unknown>;

export interface Urls {
  /** `http://127.0.0.1:<port>/api/v3` */
  api: string;
  /** `http://127.0.0.1:<port>` */
  web: string;
}

const DOCS = 'https://docs.github.com/enterprise-server@3.19/rest';

export function errorJson(message: string, status: number, extra: Json = {}): Json {
  return { message, documentation_url: DOCS, status: String(status), ...extra };
}

function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '');
}

export function userJson(u: GhUser, x: Urls): Json {
  const url = `${x.api}/users/${encodeURIComponent(u.login)}`;
  return {
    login: u.login,
    id: u.id,
    node_id: nodeId(u.type, u.id),
    avatar_url: `${x.web}/avatars/u/${u.id}`,
    gravatar_id: '',
    url,
    html_url: u.type === 'Bot' ? `${x.web}/apps/${encodeURIComponent(u.login.replace(/\[bot\]$/, ''))}` : `${x.web}/${encodeURIComponent(u.login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: u.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function repoJson(r: GhRepo, owner: GhUser, x: Urls): Json {
  const url = `${x.api}/repos/${r.owner}/${r.name}`;
  const html = `${x.web}/${r.owner}/${r.name}`;
  const t = (name: string, tail = ''): string => `${url}/${name}${tail}`;
  return {
    id: r.id,
    node_id: nodeId('Repository', r.id),
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    private: false,
    owner: userJson(owner, x),
    html_url: html,
    description: null,
    fork: false,
    url,
    archive_url: t('{archive_format}{/ref}'),
    assignees_url: t('assignees', '{/user}'),
    blobs_url: t('git/blobs', '{/sha}'),
    branches_url: t('branches', '{/branch}'),
    collaborators_url: t('collaborators', '{/collaborator}'),
    comments_url: t('comments', '{/number}'),
    commits_url: t('commits', '{/sha}'),
    compare_url: t('compare/{base}...{head}'),
    contents_url: t('contents/{+path}'),
    contributors_url: t('contributors'),
    deployments_url: t('deployments'),
    downloads_url: t('downloads'),
    events_url: t('events'),
    forks_url: t('forks'),
    git_commits_url: t('git/commits', '{/sha}'),
    git_refs_url: t('git/refs', '{/sha}'),
    git_tags_url: t('git/tags', '{/sha}'),
    git_url: `git://127.0.0.1/${r.owner}/${r.name}.git`,
    issue_comment_url: t('issues/comments', '{/number}'),
    issue_events_url: t('issues/events', '{/number}'),
    issues_url: t('issues', '{/number}'),
    keys_url: t('keys', '{/key_id}'),
    labels_url: t('labels', '{/name}'),
    languages_url: t('languages'),
    merges_url: t('merges'),
    milestones_url: t('milestones', '{/number}'),
    notifications_url: t('notifications{?since,all,participating}'),
    pulls_url: t('pulls', '{/number}'),
    releases_url: t('releases', '{/id}'),
    ssh_url: `git@127.0.0.1:${r.owner}/${r.name}.git`,
    stargazers_url: t('stargazers'),
    statuses_url: t('statuses/{sha}'),
    subscribers_url: t('subscribers'),
    subscription_url: t('subscription'),
    tags_url: t('tags'),
    teams_url: t('teams'),
    trees_url: t('git/trees', '{/sha}'),
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: t('hooks'),
    svn_url: html,
    homepage: null,
    language: 'C',
    forks_count: 0,
    forks: 0,
    stargazers_count: 0,
    watchers_count: 0,
    watchers: 0,
    size: 1024,
    default_branch: r.defaultBranch,
    open_issues_count: 0,
    open_issues: 0,
    is_template: false,
    topics: [],
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: true,
    has_discussions: false,
    archived: false,
    disabled: false,
    visibility: 'public',
    pushed_at: r.createdAt,
    created_at: r.createdAt,
    updated_at: r.createdAt,
    allow_forking: true,
    web_commit_signoff_required: false,
    license: null,
    network_count: 0,
    subscribers_count: 0,
  };
}

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

export function annotationJson(r: GhRepo, c: GhCheckRun, a: GhAnnotation, x: Urls): Json {
  return { ...a, blob_href: `${x.web}/${r.owner}/${r.name}/blob/${c.headSha}/${a.path}` };
}

export function checkRunJson(c: GhCheckRun, app: Json, pulls: Json[], x: Urls): Json {
  const url = `${x.api}/repos/${c.repo.owner}/${c.repo.name}/check-runs/${c.id}`;
  return {
    id: c.id,
    head_sha: c.headSha,
    node_id: nodeId('CheckRun', c.id),
    external_id: c.externalId ?? '',
    url,
    html_url: `${x.web}/${c.repo.owner}/${c.repo.name}/runs/${c.id}`,
    details_url: c.detailsUrl ?? `${x.web}/${c.repo.owner}/${c.repo.name}/runs/${c.id}`,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: { ...c.output, annotations_count: c.annotations.length, annotations_url: `${url}/annotations` },
    name: c.name,
    check_suite: { id: c.suiteId },
    app,
    pull_requests: pulls,
  };
}

export function reviewJson(v: GhReview, x: Urls): Json {
  const pr = `${x.api}/repos/${v.pull.repo.owner}/${v.pull.repo.name}/pulls/${v.pull.number}`;
  const html = `${x.web}/${v.pull.repo.owner}/${v.pull.repo.name}/pull/${v.pull.number}#pullrequestreview-${v.id}`;
  const out: Json = {
    id: v.id,
    node_id: nodeId('PullRequestReview', v.id),
    user: userJson(v.user, x),
    body: v.body,
    state: v.state,
    html_url: html,
    pull_request_url: pr,
    author_association: 'NONE',
    _links: { html: { href: html }, pull_request: { href: pr } },
    commit_id: v.commitId,
  };
  if (v.submittedAt) out.submitted_at = v.submittedAt;
  return out;
}

export function commentJson(c: GhComment, x: Urls): Json {
  const r = c.pull.repo;
  const url = `${x.api}/repos/${r.owner}/${r.name}/pulls/comments/${c.id}`;
  const html = `${x.web}/${r.owner}/${r.name}/pull/${c.pull.number}#discussion_r${c.id}`;
  const pr = `${x.api}/repos/${r.owner}/${r.name}/pulls/${c.pull.number}`;
  const out: Json = {
    url,
    pull_request_review_id: c.reviewId,
    id: c.id,
    node_id: nodeId('PullRequestReviewComment', c.id),
    diff_hunk: c.diffHunk,
    path: c.path,
    commit_id: c.commitId,
    original_commit_id: c.commitId,
    user: userJson(c.user, x),
    body: c.body,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    html_url: html,
    pull_request_url: pr,
    author_association: 'NONE',
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pr } },
    reactions: { url: `${url}/reactions`, total_count: 0, '+1': 0, '-1': 0, laugh: 0, confused: 0, heart: 0, hooray: 0, eyes: 0, rocket: 0 },
    start_line: c.startLine,
    original_start_line: c.startLine,
    start_side: c.startSide,
    line: c.line,
    original_line: c.line,
    side: c.side,
    subject_type: c.line === null ? 'file' : 'line',
  };
  if (c.inReplyTo !== null) out.in_reply_to_id = c.inReplyTo;
  return out;
}
