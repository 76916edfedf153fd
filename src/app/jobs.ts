/**
 * Webhook payloads → what to review: a pull request at a head commit. `pull_request` (opened,
 * reopened, synchronize, ready_for_review) carries the pull request; `check_suite` (requested,
 * rerequested) and `check_run` (rerequested, the "Re-run" button) name the pull requests of
 * their head commit. A re-run asks for a new check run: `run` is then the delivery id. Pure.
 */
import { num, obj, str, type Obj } from '../ingest/github/json.js';

export interface PullJob {
  owner: string;
  repo: string;
  number: number;
  headSha: string;
  installationId: number;
  defaultBranch: string;
  /** `X-GitHub-Delivery`: a redelivery carries the same one. */
  delivery: string;
  /** SHA-256 of the payload (what the signature covers): a replay under another delivery id has the same one. */
  body?: string;
  /** What asked: `pull_request.synchronize`, `check_run.rerequested`… */
  reason: string;
  /** `head`, or the delivery id of a re-run. */
  run: string;
  /** The head this push replaced (`synchronize`'s `before`): its queued job is superseded. */
  before?: string;
  /** The pull request object when the payload carried it (saves a request). */
  pull?: unknown;
}

export const PULL_ACTIONS = ['opened', 'reopened', 'synchronize', 'ready_for_review'] as const;

function common(payload: unknown): { owner: string; repo: string; installationId: number; defaultBranch: string } | null {
  const p = obj(payload);
  const repo = obj(p.repository);
  const owner = str(obj(repo.owner).login);
  const installationId = num(obj(p.installation).id);
  if (!owner || !str(repo.name) || !installationId) return null;
  return { owner, repo: str(repo.name), installationId, defaultBranch: str(repo.default_branch) || 'main' };
}

export function jobsOf(event: string, payload: unknown, delivery: string): PullJob[] {
  const p = obj(payload);
  const c = common(payload);
  if (!c) return [];
  const action = str(p.action);
  const reason = `${event}.${action}`;
  if (event === 'pull_request') {
    if (!(PULL_ACTIONS as readonly string[]).includes(action)) return [];
    const pr = obj(p.pull_request);
    const before = action === 'synchronize' ? str(p.before) : '';
    return [{ ...c, number: num(pr.number), headSha: str(obj(pr.head).sha), delivery, reason, run: 'head', ...(before ? { before } : {}), pull: p.pull_request }];
  }
  let holder: Obj;
  if (event === 'check_suite' && (action === 'requested' || action === 'rerequested')) holder = obj(p.check_suite);
  else if (event === 'check_run' && action === 'rerequested' && str(obj(p.check_run).name) === 'kvetch') holder = obj(p.check_run);
  else return [];
  const headSha = str(holder.head_sha);
  const rerun = action === 'rerequested';
  const prs = Array.isArray(holder.pull_requests) ? holder.pull_requests : [];
  return prs
    .map((x) => obj(x))
    .filter((x) => num(x.number) > 0 && obj(obj(x.base).repo).id === obj(p.repository).id)
    .map((x) => ({ ...c, number: num(x.number), headSha: str(obj(x.head).sha) || headSha, delivery, reason, run: rerun ? delivery : 'head' }));
}
