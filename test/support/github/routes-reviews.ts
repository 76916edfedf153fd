/**
 * The GitHub fake's pull request reviews and review comments. A comment's line must be part of
 * the PR's diff (diffLines in patch.ts: RIGHT = new-file numbers of added and context lines,
 * LEFT = old-file numbers of removed and context lines; a multi-line comment's start_line must
 * be in the same hunk, before `line`), and not on a line the test rejected (`rejectLine`).
 * A review with one bad comment fails whole, 422, nothing stored, in GitHub's words:
 * `{message: 'Unprocessable Entity', errors: ['Line could not be resolved'], status: '422'}`;
 * a single comment fails with a `validation-error` naming `pull_request_review_thread.line`.
 * A review without `event` is PENDING (one per user and PR; its comments are not listed, and it
 * is listed to its author only). Each standalone comment makes a COMMENTED review, as on GitHub.
 * Only a comment's author may edit or delete it (403). `position` (deprecated) is not
 * supported: a comment giving it without `line` is refused with 422.
 */
import { type Answer, type Ctx, error, invalid, notFound, paginate, str } from './answer.js';
import { errorJson } from './json.js';
import { commentJson, reviewJson } from './json-review.js';
import { diffLines } from './patch.js';
import { findPull, findRepo } from './routes-repo.js';
import { type GhComment, type GhPull, type GhReview, now } from './store.js';

type Json = Record<string, unknown>;
type Side = 'LEFT' | 'RIGHT';

const LINE_ERROR = 'Line could not be resolved';

interface Placed {
  path: string;
  line: number | null;
  side: Side;
  startLine: number | null;
  startSide: Side | null;
  diffHunk: string;
}

/** Where a comment goes, or null when GitHub could not resolve its line(s). */
export function place(c: Ctx, p: GhPull, k: Json): Placed | null {
  const path = str(k.path) ?? '';
  const file = p.files.find((f) => f.filename === path);
  if (!file) return null;
  if (k.subject_type === 'file') return { path, line: null, side: 'RIGHT', startLine: null, startSide: null, diffHunk: (file.hunks[0] ?? '').split('\n')[0] ?? '' };
  if (typeof k.line !== 'number') return null;
  const side: Side = k.side === 'LEFT' ? 'LEFT' : 'RIGHT';
  const lines = diffLines(file.hunks);
  const at = lines[side].get(k.line);
  if (!at) return null;
  if (c.store.rejected.some((r) => r.path === path && r.line === k.line && (r.side === undefined || r.side === side))) return null;
  let startLine: number | null = null;
  let startSide: Side | null = null;
  if (typeof k.start_line === 'number') {
    startSide = k.start_side === 'LEFT' ? 'LEFT' : k.start_side === 'RIGHT' ? 'RIGHT' : side;
    const from = lines[startSide].get(k.start_line);
    if (!from || from.hunk !== at.hunk || from.index > at.index || (from.index === at.index && k.start_line === k.line)) return null;
    startLine = k.start_line;
  }
  const hunk = (file.hunks[at.hunk] ?? '').split('\n');
  return { path, line: k.line, side, startLine, startSide, diffHunk: hunk.slice(0, at.index + 1).join('\n') };
}

export function reviewsRoute(id: string, c: Ctx): Answer | null {
  const r = findRepo(c);
  if (!r) return notFound();
  if (id === 'pulls/update-review-comment' || id === 'pulls/delete-review-comment') {
    const k = c.store.comments.find((x) => x.pull.repo === r && String(x.id) === c.params.comment_id);
    if (!k) return notFound();
    if (k.user !== c.caller.user) return error(403, c.caller.appId === null ? 'Must have admin rights to Repository.' : 'Resource not accessible by integration');
    if (id === 'pulls/delete-review-comment') {
      c.store.comments.splice(c.store.comments.indexOf(k), 1);
      return { status: 204 };
    }
    k.body = str(c.body.body) ?? k.body;
    k.updatedAt = now();
    return { status: 200, json: commentJson(k, c.x) };
  }
  const p = findPull(c, r);
  if (!p) return notFound();
  const visible = (v: GhReview): boolean => v.state !== 'PENDING' || v.user === c.caller.user;
  switch (id) {
    case 'pulls/list-reviews':
      return paginate(c.store.reviews.filter((v) => v.pull === p && visible(v)), c, (v) => reviewJson(v, c.x));
    case 'pulls/list-review-comments': {
      const since = c.query.get('since');
      let list = c.store.comments.filter((k) => k.pull === p && c.store.reviews.find((v) => v.id === k.reviewId)?.state !== 'PENDING');
      if (since) list = list.filter((k) => k.updatedAt >= since);
      if (c.query.get('direction') === 'desc') list = [...list].reverse();
      return paginate(list, c, (k) => commentJson(k, c.x));
    }
    case 'pulls/create-review':
      return createReview(c, p);
    case 'pulls/create-review-comment':
      return createComment(c, p);
    default:
      return null;
  }
}

function newReview(c: Ctx, p: GhPull, state: GhReview['state'], body: string, commitId: string): GhReview {
  const v: GhReview = { id: c.store.nextId('review'), pull: p, user: c.caller.user, body, state, commitId, submittedAt: state === 'PENDING' ? null : now() };
  c.store.reviews.push(v);
  return v;
}

function newComment(c: Ctx, p: GhPull, v: GhReview, at: Placed, body: string, inReplyTo: number | null): GhComment {
  const t = now();
  const where: Placed = { path: at.path, line: at.line, side: at.side, startLine: at.startLine, startSide: at.startSide, diffHunk: at.diffHunk };
  const k: GhComment = { id: c.store.nextId('comment'), pull: p, reviewId: v.id, inReplyTo, user: c.caller.user, body, ...where, commitId: v.commitId, createdAt: t, updatedAt: t };
  c.store.comments.push(k);
  return k;
}

const simple422 = (msg: string): Answer => ({ status: 422, json: errorJson('Unprocessable Entity', 422, { errors: [msg] }) });

function createReview(c: Ctx, p: GhPull): Answer {
  const b = c.body;
  const commitId = str(b.commit_id) ?? c.store.headSha(p);
  if (!p.commits.some((k) => k.sha === commitId)) return simple422('commit_id is not part of the pull request');
  const event = str(b.event);
  const state: GhReview['state'] = event === 'APPROVE' ? 'APPROVED' : event === 'REQUEST_CHANGES' ? 'CHANGES_REQUESTED' : event === 'COMMENT' ? 'COMMENTED' : 'PENDING';
  const body = str(b.body) ?? '';
  const comments = (Array.isArray(b.comments) ? b.comments : []) as Json[];
  if (state === 'PENDING' && c.store.reviews.some((v) => v.pull === p && v.user === c.caller.user && v.state === 'PENDING')) return simple422('User can only have one pending review per pull request');
  if ((state === 'CHANGES_REQUESTED' && !body) || (state === 'COMMENTED' && !body && comments.length === 0)) return simple422('Body is required for an event of REQUEST_CHANGES or COMMENT without comments');
  const placed: Placed[] = [];
  for (const k of comments) {
    if (typeof k.position === 'number' && typeof k.line !== 'number') return simple422('The GitHub fake does not support the deprecated `position`: give `line` and `side`');
    const at = place(c, p, k);
    if (!at) return simple422(LINE_ERROR);
    placed.push(at);
  }
  const v = newReview(c, p, state, body, commitId);
  placed.forEach((at, i) => newComment(c, p, v, at, str(comments[i]?.body) ?? '', null));
  return { status: 200, json: reviewJson(v, c.x) };
}

function createComment(c: Ctx, p: GhPull): Answer {
  const b = c.body;
  const body = str(b.body) ?? '';
  let answer: GhComment;
  if (typeof b.in_reply_to === 'number') {
    const parent = c.store.comments.find((k) => k.pull === p && k.id === b.in_reply_to);
    if (!parent) return notFound();
    const v = newReview(c, p, 'COMMENTED', '', parent.commitId);
    answer = newComment(c, p, v, parent, body, parent.inReplyTo ?? parent.id);
  } else {
    const commitId = str(b.commit_id) ?? '';
    if (!p.commits.some((k) => k.sha === commitId)) return invalid('PullRequestReviewComment', 'commit_id', 'commit_id is not part of the pull request');
    if (typeof b.position === 'number' && typeof b.line !== 'number') return invalid('PullRequestReviewComment', 'position', 'The GitHub fake does not support the deprecated `position`: give `line` and `side`');
    const at = place(c, p, b);
    if (!at) return invalid('PullRequestReviewComment', 'pull_request_review_thread.line', 'could not be resolved');
    answer = newComment(c, p, newReview(c, p, 'COMMENTED', '', commitId), at, body, null);
  }
  const json = commentJson(answer, c.x);
  return { status: 201, json, headers: { Location: String(json.url) } };
}

/** A comment made by a test as a human (no HTTP), e.g. a maintainer's reply in a thread. */
export function humanComment(c: Ctx, p: GhPull, inReplyTo: number | undefined, body: string, line?: { path: string; line: number; side?: Side }): GhComment {
  if (inReplyTo !== undefined) {
    const parent = c.store.comments.find((k) => k.pull === p && k.id === inReplyTo);
    if (!parent) throw new Error(`addHumanComment: no comment ${inReplyTo} on PR #${p.number}`);
    return newComment(c, p, newReview(c, p, 'COMMENTED', '', parent.commitId), parent, body, parent.inReplyTo ?? parent.id);
  }
  if (!line) throw new Error('addHumanComment: give inReplyTo or path and line');
  const at = place(c, p, { path: line.path, line: line.line, side: line.side ?? 'RIGHT' });
  if (!at) throw new Error(`addHumanComment: ${line.path}:${line.line} is not part of the diff of PR #${p.number}`);
  return newComment(c, p, newReview(c, p, 'COMMENTED', '', c.store.headSha(p)), at, body, null);
}
