/**
 * The check-run channel: one check run named `kvetch` on the pull request's head commit,
 * started `in_progress` before the analysis (startCheckRun) and completed with the findings:
 * conclusion from the repository's fail level, title, Markdown summary (summary.ts) and every
 * located finding annotated, 50 per request (GitHub appends the annotations of each update).
 *
 * Idempotent on the store's publication (series key, revision, `github-check`, head commit or
 * re-run): sent with the same fingerprint → nothing; the check run's id is recorded as soon as
 * it exists, and a check run this app made for the same run (its `external_id`) is reused, so
 * a restart never makes a second one; a resumed run asks GitHub how many annotations the check
 * run has and sends only the rest.
 */
import { createHash } from 'node:crypto';
import type { Channel, ChannelContext, Outcome, PublishInput } from '../../model/channel.js';
import { SEVERITY_RANK, type Finding } from '../../model/finding.js';
import type { FailLevel, PullRequestTarget } from '../../model/pull-request.js';
import type { StateStore } from '../../model/store.js';
import { standing } from '../check-groups.js';
import { annotationsOf, batches } from './annotations.js';
import { commentable } from './placement.js';
import { GITHUB_REVIEW_CHANNEL } from './review.js';
import { checkSummary, checkTitle } from './summary.js';
import { createWriter, type Writer } from './writer.js';

export const GITHUB_CHECK_CHANNEL = 'github-check';
export const CHECK_NAME = 'kvetch';

export type Conclusion = 'success' | 'neutral' | 'failure';

interface CheckPayload {
  checkRunId?: number;
  url?: string;
  conclusion?: string;
  /** Annotations were being sent: a resumed run asks GitHub how many arrived. */
  sending?: boolean;
}

export function conclusionFor(findings: readonly Finding[], failLevel: FailLevel): Conclusion {
  const s = standing(findings);
  if (failLevel !== 'none' && s.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failLevel])) return 'failure';
  return s.length > 0 ? 'neutral' : 'success';
}

/** The publication target of a check run: the head commit, or the head commit and the re-run asked for. */
export function checkTarget(t: Pick<PullRequestTarget, 'headSha' | 'run'>): string {
  return t.run === 'head' ? t.headSha : `${t.headSha}#${t.run}`;
}

const externalId = (key: string, revision: number, target: string): string => `${key}@v${revision}#${target}`;

export interface Where {
  key: string;
  revision: number;
  target: Pick<PullRequestTarget, 'owner' | 'repo' | 'headSha' | 'appSlug' | 'run'>;
  store: StateStore;
}

function readPayload(p: { payload?: string } | null): CheckPayload {
  try {
    return p?.payload ? (JSON.parse(p.payload) as CheckPayload) : {};
  } catch {
    return {};
  }
}

/**
 * The check run of this run, made `in_progress` if there is none yet: its id (null in dry
 * run, or when the run was completed before), and whether it existed before this call.
 */
export async function startCheckRun(w: Where, writer: Writer, now: Date = new Date()): Promise<{ id: number | null; existed: boolean; done: boolean }> {
  const target = checkTarget(w.target);
  const prev = await w.store.getPublication(w.key, w.revision, GITHUB_CHECK_CHANNEL, target);
  const known = readPayload(prev);
  if (prev?.state === 'sent') return { id: known.checkRunId ?? null, existed: true, done: true };
  if (known.checkRunId !== undefined) return { id: known.checkRunId, existed: true, done: false };
  const { owner, repo, headSha } = w.target;
  const ext = externalId(w.key, w.revision, target);
  const listed = await writer.read('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { owner, repo, ref: headSha, check_name: CHECK_NAME, filter: 'all', per_page: 100 });
  const runs = ((listed.data as { check_runs?: unknown[] }).check_runs ?? []) as Array<{ id: number; external_id?: string | null; html_url?: string | null; app?: { slug?: string } | null }>;
  const mine = runs.find((r) => r.external_id === ext && r.app?.slug === w.target.appSlug);
  if (mine) {
    if (writer.live) await record(w, target, 'intent', '', { checkRunId: mine.id, ...(mine.html_url ? { url: mine.html_url } : {}) });
    return { id: mine.id, existed: true, done: false };
  }
  const created = await writer.write(
    'POST /repos/{owner}/{repo}/check-runs',
    { owner, repo, name: CHECK_NAME, head_sha: headSha, status: 'in_progress', external_id: ext, started_at: now.toISOString(), output: { title: 'kvetch: reviewing', summary: `Reviewing v${w.revision} of this pull request.` } },
    'create an in_progress check run',
  );
  if (!created) return { id: null, existed: false, done: false };
  const data = created.data as { id: number; html_url?: string };
  await record(w, target, 'intent', '', { checkRunId: data.id, ...(data.html_url ? { url: data.html_url } : {}) });
  return { id: data.id, existed: false, done: false };
}

async function record(w: Where, target: string, state: 'intent' | 'sent', fingerprint: string, p: CheckPayload): Promise<void> {
  await w.store.putPublication({
    key: w.key,
    revision: w.revision,
    channel: GITHUB_CHECK_CHANNEL,
    target,
    state,
    fingerprint,
    ...(p.checkRunId !== undefined ? { externalId: String(p.checkRunId) } : {}),
    payload: JSON.stringify(p),
  });
}

/** Fingerprints GitHub refused as line comments, from the review channel's publication. */
async function refusedOf(w: Where): Promise<Set<string>> {
  const p = await w.store.getPublication(w.key, w.revision, GITHUB_REVIEW_CHANNEL, w.target.headSha);
  try {
    const v = p?.payload ? (JSON.parse(p.payload) as { refused?: unknown }) : {};
    return new Set(Array.isArray(v.refused) ? v.refused.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

/**
 * A check run that could not review (the repository's `.github/kvetch.yml` is wrong): completed
 * as a failure whose summary says what to fix.
 */
export async function failCheckRun(w: Where, writer: Writer, title: string, summary: string, now: Date): Promise<void> {
  const target = checkTarget(w.target);
  const fp = createHash('sha256').update(JSON.stringify(['failure', title, summary])).digest('hex').slice(0, 32);
  const prev = await w.store.getPublication(w.key, w.revision, GITHUB_CHECK_CHANNEL, target);
  if (prev?.state === 'sent' && prev.fingerprint === fp) return;
  const { id } = await startCheckRun(w, writer);
  await writer.write(
    'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}',
    { owner: w.target.owner, repo: w.target.repo, check_run_id: id ?? 0, status: 'completed', conclusion: 'failure', completed_at: now.toISOString(), output: { title, summary } },
    `complete the check run: failure (${title})`,
  );
  if (writer.live) await record(w, target, 'sent', fp, { ...(id !== null ? { checkRunId: id } : {}), conclusion: 'failure' });
}

export function createCheckRunChannel(): Channel {
  return {
    id: GITHUB_CHECK_CHANNEL,
    async publish(input: PublishInput, ctx: ChannelContext): Promise<Outcome> {
      const out: Outcome = { channel: GITHUB_CHECK_CHANNEL, published: 0, skipped: [], written: [], errors: [] };
      const t = input.pullRequest;
      if (!t) {
        out.skipped.push({ target: '', reason: 'nothing-to-report', why: 'not a pull request: check runs are for series read from GitHub' });
        return out;
      }
      const w: Where = { key: input.version.key, revision: input.version.revision, target: t, store: ctx.store };
      const target = checkTarget(t);
      const conclusion = conclusionFor(input.findings, t.failLevel);
      const refused = await refusedOf(w);
      const commented = new Set(commentable(standing(input.findings), t.diffLines, t.maxComments, t.notAtHead).map((p) => p.f.fingerprint).filter((fp) => !refused.has(fp)));
      const title = checkTitle(input.findings);
      const summary = checkSummary({ series: input.series, findings: input.findings, ...(input.previous ? { previous: input.previous } : {}), links: t.links, notes: t.notes, failLevel: t.failLevel, conclusion, commented, refused });
      const annotations = annotationsOf(input.findings);
      const fp = createHash('sha256').update(JSON.stringify([conclusion, title, summary, annotations])).digest('hex').slice(0, 32);
      const prev = await ctx.store.getPublication(w.key, w.revision, GITHUB_CHECK_CHANNEL, target);
      if (prev?.state === 'sent' && prev.fingerprint === fp) {
        out.skipped.push({ target, reason: 'already-done', why: 'this check run was completed with these findings' });
        return out;
      }
      const writer = createWriter(t.api, !ctx.dryRun, ctx.log);
      try {
        const started = await startCheckRun(w, writer);
        const id = started.id;
        const state = readPayload(await ctx.store.getPublication(w.key, w.revision, GITHUB_CHECK_CHANNEL, target));
        // A run that stopped while sending annotations: GitHub kept those; send only the rest.
        let already = 0;
        if (id !== null && state.sending) {
          const cur = await writer.read('GET /repos/{owner}/{repo}/check-runs/{check_run_id}', { owner: t.owner, repo: t.repo, check_run_id: id });
          already = (cur.data as { output?: { annotations_count?: number } }).output?.annotations_count ?? 0;
        }
        if (writer.live && id !== null && annotations.length > 0) await record(w, target, 'intent', '', { ...state, checkRunId: id, sending: true });
        const parts = batches(annotations.slice(already));
        const route = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}';
        const base = { owner: t.owner, repo: t.repo, check_run_id: id ?? 0 };
        for (const [i, batch] of parts.slice(0, -1).entries()) {
          await writer.write(route, { ...base, output: { title, summary, annotations: batch } }, `add annotations ${already + i * 50 + 1}–${already + i * 50 + batch.length} to the check run`);
        }
        const last = parts.at(-1) ?? [];
        await writer.write(
          route,
          { ...base, status: 'completed', conclusion, completed_at: ctx.now.toISOString(), output: { title, summary, ...(last.length > 0 ? { annotations: last } : {}) } },
          `complete the check run: ${conclusion}, ${annotations.length} annotations`,
        );
        if (writer.live) await record(w, target, 'sent', fp, { ...(id !== null ? { checkRunId: id } : {}), conclusion });
        out.published++;
        ctx.log.info({ conclusion, annotations: annotations.length, requests: writer.writes, checkRunId: id }, writer.live ? 'check run completed' : 'dry-run: check run not sent');
      } catch (e) {
        out.errors.push(`check run on ${t.owner}/${t.repo}@${t.headSha.slice(0, 12)}: ${(e as Error).message}`);
      }
      return out;
    },
  };
}
