/**
 * A pull request read as a series: its commits' patches fetched (a few at a time), wrapped as
 * mail (mails.ts) and handed on as ingest items, for the same triage() as any list's mail.
 */
import type { PullRequestRef, RestApi } from '../../model/pull-request.js';
import type { IngestItem } from '../../model/raw-message.js';
import { commitPatch, getPullRequest, listCommits, type PullRequest } from './api.js';
import { seriesLinks } from './links.js';
import { pullRequestMails, titleRevision, type CommitPatch } from './mails.js';

export interface PullSeries {
  pr: PullRequest;
  revision: number;
  /** The cover letter, then one mail per commit. */
  items: IngestItem[];
  /** The name triage reports the mail under (the pull request's URL). */
  source: string;
  links: string[];
  notes: string[];
  /** Each commit's format-patch, in order (patch i of the series is patches[i - 1]). */
  patches: string[];
  /** Requests made to read it. */
  requests: number;
}

export interface PullSeriesOptions {
  /** The pull request as the webhook carried it (saves a request). */
  pr?: PullRequest;
  /** The revision when the title names none (the app counts pushes); default 1. */
  revision?: (pr: PullRequest) => Promise<number> | number;
  concurrency?: number;
}

export async function readPullSeries(api: RestApi, ref: PullRequestRef, o: PullSeriesOptions = {}): Promise<PullSeries> {
  let requests = 0;
  const counted: RestApi = {
    request: (route, params) => {
      requests++;
      return api.request(route, params);
    },
  };
  const pr = o.pr ?? (await getPullRequest(counted, ref));
  const list = await listCommits(counted, pr);
  const patches = await mapLimit(list.shas, o.concurrency ?? 4, async (sha): Promise<CommitPatch> => ({ sha, patch: await commitPatch(counted, pr, sha) }));
  const revision = titleRevision(pr.title) ?? (o.revision ? await o.revision(pr) : 1);
  const source = pr.url || `https://github.com/${pr.owner}/${pr.repo}/pull/${pr.number}`;
  const items: IngestItem[] = pullRequestMails(pr, patches, revision).map((bytes, index) => ({
    type: 'message',
    message: { source, offset: index, index: 0, bytes, size: bytes.length, oversized: false, truncated: false },
  }));
  const bytes = items.reduce((n, i) => n + (i.type === 'message' ? i.message.size : 0), 0);
  items.push({ type: 'read', source, bytes });
  return { pr, revision, items, source, links: seriesLinks(pr.body), notes: list.notes, patches: patches.map((p) => p.patch), requests };
}

async function mapLimit<T, R>(xs: readonly T[], limit: number, f: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(xs.length);
  let next = 0;
  const worker = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await f(xs[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, xs.length) }, worker));
  return out;
}
