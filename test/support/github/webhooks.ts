/**
 * Webhook deliveries for the GitHub App's tests: `pull_request`, `check_suite` and `check_run`
 * payloads, each a real example from @octokit/webhooks-examples with the test's fields put in
 * (repository, installation, PR number/title/body/draft, head and base shas and refs, the app),
 * then checked against @octokit/openapi-webhooks' schema for that event and action. Some examples
 * are older than the schema (the only pull_request.synchronize one lacks `has_discussions`): the
 * first example that passes once filled in is used, the action's own first, then the event's
 * others with `action` replaced (and `before`/`after` for synchronize, `changes` for edited); when none does, the
 * builder throws the first one's errors, naming the path (a payload GitHub could never send
 * must fail the test). One field the examples predate is filled in as the test's repository has
 * it: `has_discussions: false` on repositories (GitHub sends it since 2022; the synchronize
 * schema requires it on the PR's head and base repositories). `signDelivery` adds GitHub's headers and the
 * HMAC-SHA256 signature; `postWebhook` sends one to the app (forged or unsigned on request).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { examplePayloads, webhookErrors } from './webhook-schema.js';

type Json = Record<string, unknown>;

export interface RepoRef {
  owner: string;
  repo: string;
  installationId: number;
  defaultBranch?: string;
  /** The app the check suite/run belongs to (default 4242) and its slug. */
  appId?: number;
  appSlug?: string;
}

export interface PrRef {
  number: number;
  headSha: string;
  baseSha: string;
  headRef?: string;
}

/** Throws when GitHub's schema for the event and action refuses the payload. */
export function assertWebhookPayload(event: string, payload: Json): Json {
  const errors = webhookErrors(event, String(payload.action), payload);
  if (errors.length > 0) throw new Error(`${event}.${String(payload.action)} payload breaks GitHub's webhook schema:\n${errors.join('\n')}`);
  return payload;
}

/** The first example for the event and action that passes the schema once `fill` has run on it. */
function build(event: string, action: string, fill: (payload: Json) => void): Json {
  let first: unknown;
  for (const payload of examplePayloads(event, action)) {
    try {
      fill(payload);
      return assertWebhookPayload(event, payload);
    } catch (e) {
      first ??= e;
    }
  }
  throw first instanceof Error ? first : new Error(String(first));
}

function obj(o: Json, k: string): Json {
  const v = o[k];
  if (!v || typeof v !== 'object') throw new Error(`example payload has no object at ${k}`);
  return v as Json;
}

function setRepo(payload: Json, r: RepoRef): void {
  const repo = obj(payload, 'repository');
  const owner = obj(repo, 'owner');
  owner.login = r.owner;
  repo.name = r.repo;
  repo.full_name = `${r.owner}/${r.repo}`;
  repo.default_branch = r.defaultBranch ?? 'main';
  repo.has_discussions ??= false;
  repo.html_url = `https://github.com/${r.owner}/${r.repo}`;
  repo.url = `https://api.github.com/repos/${r.owner}/${r.repo}`;
  payload.installation = { id: r.installationId, node_id: Buffer.from(`0:Installation${r.installationId}`).toString('base64') };
}

function setApp(app: Json, r: RepoRef): void {
  app.id = r.appId ?? 4242;
  app.slug = r.appSlug ?? 'kvetch-test';
  app.name = r.appSlug ?? 'kvetch-test';
}

/** The `pull_requests` entries of check suites and runs. */
function minimalPulls(r: RepoRef, pulls: PrRef[], repoJson: Json): Json[] {
  const repo = { id: repoJson.id, url: repoJson.url, name: r.repo };
  return pulls.map((p) => ({
    id: 100000 + p.number,
    number: p.number,
    url: `https://api.github.com/repos/${r.owner}/${r.repo}/pulls/${p.number}`,
    head: { ref: p.headRef ?? `pr-${p.number}`, sha: p.headSha, repo },
    base: { ref: r.defaultBranch ?? 'main', sha: p.baseSha, repo },
  }));
}

export function pullRequestEvent(
  action: string,
  o: RepoRef & { number: number; headSha: string; baseSha?: string; headRef?: string; title: string; body: string; draft?: boolean; user?: string; beforeSha?: string; changes?: Json },
): Json {
  return build('pull_request', action, (payload) => {
    setRepo(payload, o);
    payload.number = o.number;
    if (action === 'edited') payload.changes = o.changes ?? payload.changes ?? {};
    if (action === 'synchronize') Object.assign(payload, { before: o.beforeSha ?? o.baseSha ?? '0'.repeat(40), after: o.headSha });
    const pr = obj(payload, 'pull_request');
    Object.assign(pr, { number: o.number, title: o.title, body: o.body, draft: o.draft ?? false, state: 'open' });
    pr.url = `https://api.github.com/repos/${o.owner}/${o.repo}/pulls/${o.number}`;
    pr.html_url = `https://github.com/${o.owner}/${o.repo}/pull/${o.number}`;
    if (o.user) obj(pr, 'user').login = o.user;
    const head = obj(pr, 'head');
    const base = obj(pr, 'base');
    Object.assign(head, { sha: o.headSha, ref: o.headRef ?? `pr-${o.number}`, label: `${o.owner}:${o.headRef ?? `pr-${o.number}`}` });
    Object.assign(base, { ref: o.defaultBranch ?? 'main', label: `${o.owner}:${o.defaultBranch ?? 'main'}` });
    if (o.baseSha) base.sha = o.baseSha;
    for (const side of [head, base]) if (side.repo && typeof side.repo === 'object') Object.assign(side.repo, { name: o.repo, full_name: `${o.owner}/${o.repo}`, has_discussions: (side.repo as Json).has_discussions ?? false });
  });
}

export function checkSuiteEvent(action: string, o: RepoRef & { headSha: string; headBranch?: string; pullRequests: PrRef[] }): Json {
  return build('check_suite', action, (payload) => {
    setRepo(payload, o);
    const suite = obj(payload, 'check_suite');
    suite.head_sha = o.headSha;
    suite.after = o.headSha;
    suite.head_branch = o.headBranch ?? o.pullRequests[0]?.headRef ?? (o.pullRequests[0] ? `pr-${o.pullRequests[0].number}` : null);
    suite.pull_requests = minimalPulls(o, o.pullRequests, obj(payload, 'repository'));
    setApp(obj(suite, 'app'), o);
    if (suite.head_commit && typeof suite.head_commit === 'object') Object.assign(suite.head_commit, { id: o.headSha, tree_id: o.headSha });
  });
}

export function checkRunEvent(action: string, o: RepoRef & { checkRunId: number; name: string; headSha: string; pullRequests: PrRef[] }): Json {
  return build('check_run', action, (payload) => {
    setRepo(payload, o);
    const run = obj(payload, 'check_run');
    Object.assign(run, { id: o.checkRunId, name: o.name, head_sha: o.headSha });
    run.url = `https://api.github.com/repos/${o.owner}/${o.repo}/check-runs/${o.checkRunId}`;
    const pulls = minimalPulls(o, o.pullRequests, obj(payload, 'repository'));
    run.pull_requests = pulls;
    setApp(obj(run, 'app'), o);
    const suite = obj(run, 'check_suite');
    Object.assign(suite, { head_sha: o.headSha, after: o.headSha, pull_requests: pulls });
    if (suite.app && typeof suite.app === 'object') setApp(suite.app as Json, o);
  });
}

export interface SignedDelivery {
  body: string;
  headers: Record<string, string>;
}

/** The delivery as GitHub sends it: JSON body, event and delivery id, HMAC-SHA256 of the body. */
export function signDelivery(payload: unknown, secret: string, o: { event?: string; delivery?: string } = {}): SignedDelivery {
  const body = JSON.stringify(payload);
  const event = o.event ?? guessEvent(payload);
  return {
    body,
    headers: {
      'x-github-event': event,
      'x-github-delivery': o.delivery ?? randomUUID(),
      'x-github-hook-id': '123456',
      'x-hub-signature-256': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      'content-type': 'application/json',
      'user-agent': 'GitHub-Hookshot/a1b2c3d',
    },
  };
}

function guessEvent(payload: unknown): string {
  const p = (payload ?? {}) as Json;
  if ('check_run' in p) return 'check_run';
  if ('check_suite' in p) return 'check_suite';
  if ('pull_request' in p) return 'pull_request';
  throw new Error('signDelivery: give o.event for this payload');
}

/** POSTs a delivery to the app's webhook URL; `signature: 'forged'` signs with a wrong secret. */
export async function postWebhook(
  url: string,
  event: string,
  payload: unknown,
  secret: string,
  o: { delivery?: string; signature?: 'forged' | 'none' } = {},
): Promise<{ status: number; body: string }> {
  const d = signDelivery(payload, o.signature === 'forged' ? `${secret}-forged` : secret, { event, ...(o.delivery ? { delivery: o.delivery } : {}) });
  const headers: Record<string, string> = { ...d.headers };
  if (o.signature === 'none') delete headers['x-hub-signature-256'];
  const res = await fetch(url, { method: 'POST', headers, body: d.body });
  return { status: res.status, body: await res.text() };
}
