/**
 * The GitHub fake's check runs, with GitHub's semantics: only a GitHub App may create or update
 * one (403 otherwise); `head_sha` must be a commit of the repository (422); a conclusion makes
 * the run `completed` (completed_at defaults to now); `completed` without a conclusion is 422;
 * an app may not set `waiting`/`requested`/`pending` (422). On PATCH, `output.annotations` are
 * appended to those the run has (the schema's 50-per-request limit and 65535-character summary
 * are enforced before this, as GitHub does, with 422), and title, summary and text are replaced.
 * Listing for a ref: `check_name`, `status`, `app_id`, `filter=latest` (default: the newest run
 * per name and app) or `all`, newest first; annotations are listed in the order received.
 */
import { type Answer, type Ctx, error, invalid, notFound, paginate, str } from './answer.js';
import { appJson } from './app.js';
import { pullMinimalJson } from './json-pull.js';
import { annotationJson, checkRunJson } from './json-review.js';
import { findRepo } from './routes-repo.js';
import { type GhAnnotation, type GhCheckRun, type GhRepo, now } from './store.js';

type Json = Record<string, unknown>;

export function checksRoute(id: string, c: Ctx): Answer | null {
  const r = findRepo(c);
  if (!r) return notFound();
  const run = (): GhCheckRun | undefined => c.store.checkRuns.find((k) => k.repo === r && String(k.id) === c.params.check_run_id);
  switch (id) {
    case 'checks/create':
      return write(c, r, null);
    case 'checks/update': {
      const k = run();
      return k ? write(c, r, k) : notFound();
    }
    case 'checks/get': {
      const k = run();
      return k ? { status: 200, json: render(c, k) } : notFound();
    }
    case 'checks/list-annotations': {
      const k = run();
      return k ? paginate(k.annotations, c, (a) => annotationJson(r, k, a, c.x)) : notFound();
    }
    case 'checks/list-for-ref':
      return listForRef(c, r);
    default:
      return null;
  }
}

function render(c: Ctx, k: GhCheckRun): Json {
  const pulls = c.store.pulls.filter((p) => p.repo === k.repo && p.state === 'open' && c.store.headSha(p) === k.headSha);
  return checkRunJson(k, appJson(c.app, c.x), pulls.map((p) => pullMinimalJson(p, k.headSha, c.x)), c.x);
}

function write(c: Ctx, r: GhRepo, existing: GhCheckRun | null): Answer {
  if (c.caller.appId === null) return error(403, 'You must authenticate via a GitHub App.');
  const b = c.body;
  if (existing && existing.appId !== c.caller.appId) return error(403, 'Resource not accessible by integration');
  const headSha = existing?.headSha ?? str(b.head_sha) ?? '';
  if (!existing && !r.commits.has(headSha) && ![...r.branches.values()].includes(headSha)) return invalid('CheckRun', 'head_sha', `No commit found for SHA: ${headSha}`);
  let status = str(b.status) ?? existing?.status ?? 'queued';
  const conclusion = str(b.conclusion) ?? (b.status === undefined ? (existing?.conclusion ?? null) : null);
  if (['waiting', 'requested', 'pending'].includes(status)) return invalid('CheckRun', 'status', `Only GitHub Actions can set a status of ${status}.`, 'invalid');
  if (conclusion !== null) status = 'completed';
  if (status === 'completed' && conclusion === null) return invalid('CheckRun', 'conclusion', 'Conclusion is required when status is completed', 'missing_field');
  const out = b.output as Json | undefined;
  const added = ((out?.annotations ?? []) as Json[]).map(
    (a): GhAnnotation => ({
      path: String(a.path),
      start_line: Number(a.start_line),
      end_line: Number(a.end_line),
      start_column: typeof a.start_column === 'number' ? a.start_column : null,
      end_column: typeof a.end_column === 'number' ? a.end_column : null,
      annotation_level: String(a.annotation_level),
      title: str(a.title) ?? null,
      message: String(a.message),
      raw_details: str(a.raw_details) ?? null,
    }),
  );
  const bad = added.findIndex((a) => a.end_line < a.start_line || ((a.start_column !== null || a.end_column !== null) && a.start_line !== a.end_line));
  if (bad >= 0) return invalid('CheckRun', `output.annotations[${bad}]`, 'start_column and end_column are only allowed when start_line equals end_line, and end_line may not be before start_line', 'invalid');
  const k: GhCheckRun = existing ?? {
    id: c.store.nextId('check'),
    repo: r,
    appId: c.caller.appId,
    suiteId: c.store.suiteId(r, headSha, c.caller.appId),
    name: '',
    headSha,
    status,
    conclusion: null,
    startedAt: now(),
    completedAt: null,
    detailsUrl: null,
    externalId: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
  };
  k.name = str(b.name) ?? k.name;
  k.status = status;
  k.conclusion = status === 'completed' ? conclusion : null;
  k.startedAt = str(b.started_at) ?? k.startedAt;
  k.completedAt = status === 'completed' ? (str(b.completed_at) ?? (existing?.status === 'completed' ? existing.completedAt : null) ?? now()) : null;
  k.detailsUrl = str(b.details_url) ?? k.detailsUrl;
  k.externalId = str(b.external_id) ?? k.externalId;
  if (out) k.output = { title: str(out.title) ?? null, summary: str(out.summary) ?? null, text: str(out.text) ?? (existing ? k.output.text : null) };
  k.annotations.push(...added);
  if (!existing) c.store.checkRuns.push(k);
  return { status: existing ? 200 : 201, json: render(c, k) };
}

function listForRef(c: Ctx, r: GhRepo): Answer {
  const ref = c.params.ref ?? '';
  const sha = r.branches.get(ref.replace(/^refs\/heads\//, '')) ?? ref;
  if (!r.commits.has(sha) && ![...r.branches.values()].includes(sha)) return error(422, `No commit found for SHA: ${ref}`);
  let runs = c.store.checkRuns.filter((k) => k.repo === r && k.headSha === sha);
  const name = c.query.get('check_name');
  if (name !== null) runs = runs.filter((k) => k.name === name);
  const status = c.query.get('status');
  if (status !== null) runs = runs.filter((k) => k.status === status);
  const appId = c.query.get('app_id');
  if (appId !== null) runs = runs.filter((k) => String(k.appId) === appId);
  runs = [...runs].sort((a, b) => b.id - a.id);
  if ((c.query.get('filter') ?? 'latest') === 'latest') {
    const seen = new Set<string>();
    runs = runs.filter((k) => {
      const key = `${k.appId}:${k.name}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const page = paginate(runs, c, (k) => render(c, k));
  return { ...page, json: { total_count: runs.length, check_runs: page.json } };
}
