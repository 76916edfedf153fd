/**
 * The GitHub fake's JSON renderings, shaped as GitHub Enterprise Server sends them (API under
 * `<base>/api/v3`, web pages under `<base>`) and as the OpenAPI schemas require: errors, users
 * and repositories here; pull requests, commits and contents in json-pull.ts; check runs,
 * reviews and comments in json-review.ts. Every answer the fake sends is checked against the
 * schema anyway (openapi.ts), so a field missing here shows up in `violations`.
 */
import type { GhRepo, GhUser } from './store.js';

export type Json = Record<string, unknown>;

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

export function nodeId(kind: string, id: number | string): string {
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
