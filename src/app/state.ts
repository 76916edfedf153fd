/**
 * What the app keeps in the StateStore besides the channels' publications, all as publications
 * (key, revision, channel, target) so that SQLite and PostgreSQL both hold them:
 * - `github-delivery` (`delivery:<id>#<owner>/<repo>#<n>`, one per pull request the delivery
 *   names): taken (`intent`, with the job, resumed after a restart) and finished (`sent`): a
 *   redelivery does nothing;
 * - `github-body` (`body:<sha256 of the payload>#<owner>/<repo>#<n>`): the same, keyed by what
 *   the signature covers: a signed body replayed under another `X-GitHub-Delivery` (a header
 *   the signature does not cover) does nothing either;
 * - `github-head` (series key, 0, head commit): that head commit was reviewed;
 * - `github-push` (series key, n): the head commit of the n-th push (revisions when the title has no vN);
 * - `github-findings` (series key, revision): the findings before the repository's rules, the
 *   history the next revision is told new / still present / fixed against;
 * - `github-run#lock` (series key, 0): one worker at a time per pull request (claimPublishing).
 */
import type { Finding } from '../model/finding.js';
import type { StateStore } from '../model/store.js';
import type { VersionFindings } from '../engine/versions.js';
import type { PullJob } from './jobs.js';

export const DELIVERY = 'github-delivery';
const BODY = 'github-body';
export const HEAD = 'github-head';
const PUSH = 'github-push';
const FINDINGS = 'github-findings';
export const RUN_LOCK = 'github-run';

const pullOf = (job: PullJob): string => `${job.owner}/${job.repo}#${job.number}`;
const deliveryKey = (job: PullJob): string => `delivery:${job.delivery}#${pullOf(job)}`;
const bodyKey = (job: PullJob): string => `body:${job.body ?? ''}#${pullOf(job)}`;

/** `done` when this delivery, or a delivery with the same signed body, was handled for this pull request. */
export async function deliveryState(store: StateStore, job: PullJob): Promise<'new' | 'taken' | 'done'> {
  if (job.body && (await store.getPublication(bodyKey(job), 0, BODY, ''))?.state === 'sent') return 'done';
  const p = await store.getPublication(deliveryKey(job), 0, DELIVERY, '');
  return !p ? 'new' : p.state === 'sent' ? 'done' : 'taken';
}

export async function markDelivery(store: StateStore, job: PullJob, state: 'intent' | 'sent'): Promise<void> {
  await store.putPublication({ key: deliveryKey(job), revision: 0, channel: DELIVERY, target: '', state, fingerprint: '', payload: JSON.stringify({ ...job, pull: undefined }) });
  if (state === 'sent' && job.body) await store.putPublication({ key: bodyKey(job), revision: 0, channel: BODY, target: '', state, fingerprint: '', externalId: job.delivery });
}

/** Deliveries taken and never finished (the app stopped mid-run): their jobs. */
export async function unfinishedJobs(store: StateStore): Promise<PullJob[]> {
  const rows = await store.listPublications({ channel: DELIVERY, state: 'intent' });
  return rows.flatMap((r) => {
    try {
      return r.payload ? [JSON.parse(r.payload) as PullJob] : [];
    } catch {
      return [];
    }
  });
}

export async function headReviewed(store: StateStore, key: string, headSha: string): Promise<boolean> {
  return (await store.getPublication(key, 0, HEAD, headSha))?.state === 'sent';
}

export async function markHeadReviewed(store: StateStore, key: string, headSha: string): Promise<void> {
  await store.putPublication({ key, revision: 0, channel: HEAD, target: headSha, state: 'sent', fingerprint: '' });
}

/** The push number of this head commit: the one recorded, or the next one (call under the run lock). */
export async function pushNumber(store: StateStore, key: string, headSha: string, record: boolean): Promise<number> {
  for (let n = 1; ; n++) {
    const p = await store.getPublication(key, n, PUSH, '');
    if (!p) {
      if (record) await store.putPublication({ key, revision: n, channel: PUSH, target: '', state: 'sent', fingerprint: '', externalId: headSha });
      return n;
    }
    if (p.externalId === headSha) return n;
  }
}

export async function saveFindings(store: StateStore, key: string, revision: number, findings: readonly Finding[]): Promise<void> {
  await store.putPublication({ key, revision, channel: FINDINGS, target: '', state: 'sent', fingerprint: '', payload: JSON.stringify(findings) });
}

/** The findings of every revision older than `revision`. */
export async function history(store: StateStore, key: string, revision: number): Promise<VersionFindings[]> {
  const out: VersionFindings[] = [];
  for (let r = 1; r < revision; r++) {
    const p = await store.getPublication(key, r, FINDINGS, '');
    if (p?.payload) out.push({ key, revision: r, findings: JSON.parse(p.payload) as Finding[] });
  }
  return out;
}
