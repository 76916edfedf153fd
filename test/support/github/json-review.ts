/**
 * The GitHub fake's JSON for check runs and their annotations (`check-run`, `check-annotation`),
 * reviews (`pull-request-review`) and review comments (`pull-request-review-comment`).
 */
import { type Json, nodeId, type Urls, userJson } from './json.js';
import type { GhAnnotation, GhCheckRun, GhComment, GhRepo, GhReview } from './store.js';

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
