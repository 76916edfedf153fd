/**
 * The review channel: one pull-request review per run with a line comment for each finding that
 * lies on a line of the diff (placement.ts), each carrying its fingerprint in a hidden marker.
 * On the next push: a finding still there keeps its comment (nothing is written), a fixed one
 * has its comment deleted, or edited to say "fixed in vN" when someone answered it, and a new
 * one is commented. A finding the repository's rules hide (an analyzer switched off, an ignored
 * path) is not fixed: its comment is left as it is. Only the app's own comments (its bot AND the
 * marker) are edited or deleted.
 *
 * What GitHub has is the truth: comments already there are found by their markers, so a
 * restart or a redelivery never comments twice; the store's publication (key, revision,
 * `github-review`, head commit) saves the reads when nothing changed. A review GitHub refuses
 * (422: a line it does not take) is posted again comment by comment; the comments it still
 * refuses stay in the check run's summary.
 */
import { createHash } from 'node:crypto';
import type { Channel, ChannelContext, Outcome, PublishInput } from '../../model/channel.js';
import type { Finding } from '../../model/finding.js';
import type { PullRequestTarget } from '../../model/pull-request.js';
import { standing } from '../check-groups.js';
import { commentBody, fixedBody } from './comment.js';
import { commentable, type Placement } from './placement.js';
import { ownComments, type OwnComment } from './review-comments.js';
import { createWriter, statusOf, type Writer } from './writer.js';

export const GITHUB_REVIEW_CHANNEL = 'github-review';

interface Planned {
  f: Finding;
  at: Placement;
  body: string;
}

export function createReviewChannel(): Channel {
  return {
    id: GITHUB_REVIEW_CHANNEL,
    async publish(input: PublishInput, ctx: ChannelContext): Promise<Outcome> {
      const out: Outcome = { channel: GITHUB_REVIEW_CHANNEL, published: 0, skipped: [], written: [], errors: [] };
      const t = input.pullRequest;
      if (!t) {
        out.skipped.push({ target: '', reason: 'nothing-to-report', why: 'not a pull request: review comments are for series read from GitHub' });
        return out;
      }
      const { key, revision } = input.version;
      const now = standing(input.findings);
      const planned: Planned[] = commentable(now, t.diffLines, t.maxComments, t.notAtHead).map((p) => ({ ...p, body: commentBody(p.f, revision) }));
      const fp = createHash('sha256').update(JSON.stringify([now.map((f) => f.fingerprint).sort(), planned.map((p) => [p.f.fingerprint, p.at])])).digest('hex').slice(0, 32);
      const prev = await ctx.store.getPublication(key, revision, GITHUB_REVIEW_CHANNEL, t.headSha);
      if (prev?.state === 'sent' && prev.fingerprint === fp) {
        out.skipped.push({ target: t.headSha, reason: 'already-done', why: 'this head commit was reviewed with these findings' });
        return out;
      }
      const writer = createWriter(t.api, !ctx.dryRun, ctx.log);
      try {
        const own = await ownComments(writer, t);
        const fixedIn = new Map(input.findings.filter((f) => f.versions?.status === 'fixed').map((f) => [f.fingerprint, f.versions?.fixedIn ?? revision]));
        const standingFps = new Set(now.map((f) => f.fingerprint));
        // A finding the repository's rules now hide is still in the code: its comment stays.
        const hidden = input.hidden ?? new Set<string>();
        for (const c of own.values()) {
          if (standingFps.has(c.fingerprint) || hidden.has(c.fingerprint) || c.fixed) continue;
          await retire(writer, t, c, fixedIn.get(c.fingerprint) ?? revision);
        }
        // A finding back after it was marked fixed gets a comment of its own again.
        const fresh = planned.filter((p) => !own.has(p.f.fingerprint) || own.get(p.f.fingerprint)?.fixed === true);
        if (writer.live) await record(ctx, key, revision, t.headSha, 'intent', fp, { refused: [] });
        const refused = fresh.length > 0 ? await postReview(writer, t, fresh, revision) : [];
        if (writer.live) await record(ctx, key, revision, t.headSha, 'sent', fp, { refused });
        out.published += fresh.length > 0 ? 1 : 0;
        ctx.log.info({ comments: fresh.length - refused.length, kept: planned.length - fresh.length, refused: refused.length, requests: writer.writes }, writer.live ? 'review published' : 'dry-run: review not sent');
      } catch (e) {
        out.errors.push(`review of ${t.owner}/${t.repo}#${t.number}: ${(e as Error).message}`);
      }
      return out;
    },
  };
}

async function record(ctx: ChannelContext, key: string, revision: number, headSha: string, state: 'intent' | 'sent', fingerprint: string, payload: { refused: string[] }): Promise<void> {
  await ctx.store.putPublication({ key, revision, channel: GITHUB_REVIEW_CHANNEL, target: headSha, state, fingerprint, payload: JSON.stringify(payload) });
}

/** A comment whose finding is gone: deleted, or marked fixed when someone answered it. */
async function retire(writer: Writer, t: PullRequestTarget, c: OwnComment, fixedIn: number): Promise<void> {
  const p = { owner: t.owner, repo: t.repo, comment_id: c.id };
  if (c.answered) await writer.write('PATCH /repos/{owner}/{repo}/pulls/comments/{comment_id}', { ...p, body: fixedBody(c.body, c.fingerprint, fixedIn) }, `mark comment ${c.id} fixed in v${fixedIn} (it has replies)`);
  else await writer.write('DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}', p, `delete comment ${c.id}: fixed in v${fixedIn}`);
}

/**
 * One review with every new comment. GitHub refuses a whole review for one line it does not
 * take (422): the comments are then halved and posted again, down to the one it refuses, which
 * stays in the check's summary. Returns the fingerprints refused.
 */
async function postReview(writer: Writer, t: PullRequestTarget, fresh: readonly Planned[], revision: number): Promise<string[]> {
  const refused: string[] = [];
  const post = async (part: readonly Planned[]): Promise<void> => {
    const comments = part.map((p) => ({ path: p.at.path, line: p.at.line, side: p.at.side, body: p.body }));
    const body = `kvetch reviewed v${revision}: ${comments.length} finding${comments.length === 1 ? '' : 's'} on lines of this diff. The \`kvetch\` check run lists every finding.`;
    try {
      await writer.write('POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { owner: t.owner, repo: t.repo, pull_number: t.number, commit_id: t.headSha, event: 'COMMENT', body, comments }, `post a review with ${comments.length} line comments`);
    } catch (e) {
      if (statusOf(e) !== 422) throw e;
      if (part.length === 1) {
        refused.push((part[0] as Planned).f.fingerprint);
        return;
      }
      const half = Math.ceil(part.length / 2);
      await post(part.slice(0, half));
      await post(part.slice(half));
    }
  };
  await post(fresh);
  return refused;
}
