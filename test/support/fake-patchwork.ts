/**
 * A fake patchwork that speaks the documented REST API v1.2 (docs/api/schemas/v1.2/
 * patchwork.yaml, docs/api/rest/index.rst) for what kvetch and git-pw use: the API index,
 * projects, people, series, patches (and PATCH of state/archived/commit_ref), cover letters,
 * events, checks (GET and POST), and the mbox downloads. Token auth as patchwork configures
 * Django REST framework: a bad token fails any request, writes need a good one, both with 403.
 */
import { type Fault, type FakeRequest, type FakeServer, formFields, json, type Reply, startFakeServer } from './fake-http.js';
import { API, checkJson, coverJson, eventJson, patchJson, personJson, projectJson, seriesJson, urlMsgid } from './fake-patchwork-json.js';
import { filterBy, filterDates, orderBy, type PageOptions, paginate } from './fake-patchwork-list.js';
import { PW_STATES, PwStore, type PwSeriesRow, type PwSubmission } from './fake-patchwork-store.js';
import { ctime, mboxrdQuote, withHeaders } from './mbox-series.js';

export interface FakePatchworkOptions {
  /** Default: one project, link name "kvm". */
  projects?: Array<{ linkName: string; name?: string; listId?: string; listEmail?: string }>;
  /** Series loaded at start (mbox text/bytes or a file path), into `project` or the first project. */
  series?: Array<{ mbox: string | Buffer | { path: string }; project?: string; at?: string | Date }>;
  /** The API token that may write; without one every write is refused. */
  token?: string;
  /** Page size (patchwork's REST_RESULTS_PER_PAGE, default 30); events always use it. */
  pageSize?: number;
  /** Largest per_page honoured (patchwork's MAX_REST_RESULTS_PER_PAGE, default 250). */
  maxPageSize?: number;
  /** Event clock (default: now); event dates never repeat unless `at` is given. */
  clock?: () => Date;
}

export interface FakePatchwork {
  /** `http://127.0.0.1:<port>`: the instance root (the API is under /api/1.2/). */
  base: string;
  store: PwStore;
  requests: FakeRequest[];
  addSeries(mbox: string | Buffer | { path: string }, opts?: { project?: string; at?: string | Date }): Promise<PwSeriesRow[]>;
  addPatches(seriesId: number, mbox: string | Buffer, opts?: { at?: string | Date }): Promise<PwSubmission[]>;
  setFault(f: Fault): void;
  clearFaults(): void;
  stop(): Promise<void>;
}

export async function startFakePatchwork(opts: FakePatchworkOptions = {}): Promise<FakePatchwork> {
  const store = new PwStore(opts.clock);
  for (const p of opts.projects ?? [{ linkName: 'kvm' }]) store.addProject(p);
  for (const s of opts.series ?? []) await store.addSeries(s.mbox, s);
  const page: PageOptions = { pageSize: opts.pageSize ?? 30, maxPageSize: opts.maxPageSize ?? 250, perPage: true };
  const server: FakeServer = await startFakeServer((req, url) => route(req, url, store, page, opts.token));
  return {
    base: server.base,
    store,
    requests: server.requests,
    addSeries: (mbox, o) => store.addSeries(mbox, o),
    addPatches: (id, mbox, o) => store.addPatches(id, mbox, o),
    setFault: (f) => server.setFault(f),
    clearFaults: () => server.clearFaults(),
    stop: () => server.stop(),
  };
}

const NOT_FOUND = json(404, { detail: 'Not found.' });

function route(req: FakeRequest, url: URL, store: PwStore, page: PageOptions, token: string | undefined): Reply {
  const o = url.origin;
  const path = url.pathname;
  const auth = authenticate(req, token);
  if (auth === 'invalid') return json(403, { detail: 'Invalid token.' });
  const write = req.method !== 'GET' && req.method !== 'HEAD';
  const mbox = serveMbox(path, store, o);
  if (mbox) return write ? json(405, { detail: `Method "${req.method}" not allowed.` }) : mbox;
  if (path === '/api' || path === '/api/' || path === `${API}/`) {
    const names = ['bundles', 'covers', 'events', 'patches', 'people', 'projects', 'users', 'series'];
    return json(200, Object.fromEntries(names.map((n) => [n, `${o}${API}/${n}/`])));
  }
  const m = new RegExp(`^${API.replace(/\./g, '\\.')}/([a-z]+)/(?:([^/]+)/)?(?:(checks)/(?:(\\d+)/)?)?$`).exec(path);
  if (!m) return /^\/api\/\d+\.\d+\//.test(path) ? json(404, { detail: 'Invalid version in URL path.' }) : NOT_FOUND;
  const [, kind, id, checks, checkId] = m;
  if (write && !(kind === 'patches' && id && (checks ? !checkId && req.method === 'POST' : req.method === 'PATCH' || req.method === 'PUT'))) {
    return json(405, { detail: `Method "${req.method}" not allowed.` });
  }
  if (write && auth !== 'ok') return json(403, { detail: 'Authentication credentials were not provided.' });
  const one = <T>(rows: T[], pick: (r: T) => boolean, render: (r: T) => unknown): Reply => {
    const row = rows.find(pick);
    return row ? json(200, render(row)) : NOT_FOUND;
  };
  switch (kind) {
    case 'projects':
      if (id) return one(store.projects, (p) => String(p.id) === id || p.linkName === id, (p) => projectJson(p, o, true));
      return paginate(orderBy(store.projects, url, { id: (p) => p.id, name: (p) => p.name }, 'id'), url, page, (p) => projectJson(p, o, true));
    case 'people': {
      if (id) return one(store.people, (p) => String(p.id) === id, (p) => personJson(p, o));
      const q = (url.searchParams.get('q') ?? '').toLowerCase();
      const rows = store.people.filter((p) => !q || p.email.toLowerCase().includes(q) || (p.name ?? '').toLowerCase().includes(q));
      return paginate(orderBy(rows, url, { id: (p) => p.id, name: (p) => p.name ?? '', email: (p) => p.email }, 'id'), url, page, (p) => personJson(p, o));
    }
    case 'series': {
      if (id) return one(store.series, (s) => String(s.id) === id, (s) => seriesJson(s, o));
      let rows = filterBy(store.series, url, 'project', (s) => [s.project.id, s.project.linkName]);
      rows = filterBy(rows, url, 'submitter', (s) => [s.submitter.id, s.submitter.email]);
      rows = search(filterDates(rows, url, (s) => s.date), url, (s) => s.name ?? '');
      const fields = { id: (s: PwSeriesRow) => s.id, name: (s: PwSeriesRow) => s.name ?? '', date: (s: PwSeriesRow) => s.date };
      return paginate(orderBy(rows, url, fields, 'id'), url, page, (s) => seriesJson(s, o));
    }
    case 'covers': {
      if (id) return one(store.covers, (c) => String(c.id) === id, (c) => coverJson(c, o, true));
      return paginate(submissions(store.covers, url), url, page, (c) => coverJson(c, o, false));
    }
    case 'patches': {
      const patch = id ? store.patches.find((p) => String(p.id) === id) : undefined;
      if (id && !patch) return NOT_FOUND;
      if (patch && checks) return routeChecks(req, url, patch, checkId, store, page);
      if (patch && write) return updatePatch(req, patch, o);
      if (patch) return json(200, patchJson(patch, o, true));
      let rows = filterBy(store.patches, url, 'state', (p) => [p.state]);
      rows = filterBy(rows, url, 'hash', (p) => [p.hash]);
      const archived = url.searchParams.get('archived');
      if (archived === 'true' || archived === 'false') rows = rows.filter((p) => p.archived === (archived === 'true'));
      return paginate(submissions(rows, url), url, page, (p) => patchJson(p, o, false));
    }
    case 'events': {
      let rows = filterBy(store.events, url, 'project', (e) => [e.project.id, e.project.linkName]);
      rows = filterBy(rows, url, 'category', (e) => [e.category]);
      rows = filterBy(rows, url, 'series', (e) => [e.series?.id ?? null]);
      rows = filterBy(rows, url, 'patch', (e) => [e.patch?.id ?? null]);
      rows = filterBy(rows, url, 'cover', (e) => [e.cover?.id ?? null]);
      rows = filterDates(rows, url, (e) => e.date);
      return paginate(orderBy(rows, url, { date: (e) => e.date }, '-date'), url, { ...page, perPage: false }, (e) => eventJson(e, o));
    }
    default:
      return NOT_FOUND;
  }
}

/** Filters shared by patches and cover letters. */
function submissions(rows: PwSubmission[], url: URL): PwSubmission[] {
  let out = filterBy(rows, url, 'project', (s) => [s.project.id, s.project.linkName]);
  out = filterBy(out, url, 'series', (s) => [s.series.id]);
  out = filterBy(out, url, 'submitter', (s) => [s.submitter.id, s.submitter.email]);
  const msgid = url.searchParams.get('msgid');
  if (msgid) out = out.filter((s) => s.msgid === `<${msgid}>`);
  out = search(filterDates(out, url, (s) => s.date), url, (s) => s.name);
  return orderBy(out, url, { id: (s) => s.id, name: (s) => s.name, date: (s) => s.date }, 'id');
}

function search<T>(rows: T[], url: URL, text: (r: T) => string): T[] {
  const q = (url.searchParams.get('q') ?? '').toLowerCase();
  return q ? rows.filter((r) => text(r).toLowerCase().includes(q)) : rows;
}

function authenticate(req: FakeRequest, token: string | undefined): 'none' | 'ok' | 'invalid' {
  const h = req.headers.authorization;
  if (!h) return 'none';
  const m = /^Token\s+(\S+)\s*$/i.exec(h);
  return m && token !== undefined && m[1] === token ? 'ok' : 'invalid';
}

/** A form or JSON field as text: strings, numbers and booleans as String() gives them, JSON objects and lists as JSON. */
function fieldText(v: unknown): string {
  return typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}

function routeChecks(req: FakeRequest, url: URL, patch: PwSubmission, checkId: string | undefined, store: PwStore, page: PageOptions): Reply {
  const o = url.origin;
  if (checkId) {
    const c = patch.checks.find((x) => String(x.id) === checkId);
    return c ? json(200, checkJson(c, o)) : NOT_FOUND;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    let rows = filterBy(patch.checks, url, 'state', (c) => [c.state]);
    rows = filterBy(rows, url, 'context', (c) => [c.context]);
    rows = filterBy(rows, url, 'user', (c) => [c.user.id, c.user.username]);
    rows = filterDates(rows, url, (c) => c.date);
    return paginate(orderBy(rows, url, { id: (c) => c.id, date: (c) => c.date }, 'id'), url, page, (c) => checkJson(c, o));
  }
  let f: Record<string, unknown>;
  try {
    f = formFields(req);
  } catch {
    return json(400, { detail: 'JSON parse error' });
  }
  const errors: Record<string, string[]> = {};
  const state = typeof f.state === 'string' ? f.state : '';
  if (!state) errors.state = ['A check must have a state.'];
  else if (!['pending', 'success', 'warning', 'fail'].includes(state)) errors.state = [`"${state}" is not a valid choice.`];
  const context = f.context === undefined ? 'default' : fieldText(f.context);
  if (!/^[-a-zA-Z0-9_]+$/.test(context) || context.length > 255) errors.context = ['Enter a valid "slug" consisting of letters, numbers, underscores or hyphens.'];
  const target = f.target_url === undefined || f.target_url === null || f.target_url === '' ? null : fieldText(f.target_url);
  if (target !== null && (!/^https?:\/\/[^\s/]+/.test(target) || target.length > 200)) errors.target_url = ['Enter a valid URL.'];
  const description = f.description === undefined || f.description === null ? null : fieldText(f.description);
  if (Object.keys(errors).length > 0) return json(400, errors);
  const row = store.addCheck(patch, { state, context, targetUrl: target, description });
  const body = checkJson(row, o);
  return json(201, body, { Location: String(body.url) });
}

function updatePatch(req: FakeRequest, patch: PwSubmission, o: string): Reply {
  let f: Record<string, unknown>;
  try {
    f = formFields(req);
  } catch {
    return json(400, { detail: 'JSON parse error' });
  }
  if (f.state !== undefined) {
    if (!PW_STATES.includes(fieldText(f.state))) return json(400, { state: [`Expected one of: ${PW_STATES.join(', ')}.`] });
    patch.state = fieldText(f.state);
  }
  if (f.archived !== undefined) patch.archived = f.archived === true || /^(true|1|yes)$/i.test(fieldText(f.archived));
  if (f.commit_ref !== undefined) patch.commitRef = f.commit_ref === null ? null : fieldText(f.commit_ref);
  return json(200, patchJson(patch, o, true));
}

/** The web mbox downloads; the id forms redirect to the Message-ID ones, as patchwork does. */
function serveMbox(path: string, store: PwStore, o: string): Reply | null {
  const series = /^\/series\/(\d+)\/mbox\/$/.exec(path);
  if (series) {
    const s = store.series.find((x) => String(x.id) === series[1]);
    if (!s) return NOT_FOUND;
    return mboxReply(Buffer.concat(s.patches.flatMap((p, i) => (i > 0 ? [Buffer.from('\n'), submissionMbox(p)] : [submissionMbox(p)]))), `${fileName(s.name ?? `series-${s.id}`)}.patch`);
  }
  const byId = /^\/(patch|cover)\/(\d+)\/mbox\/$/.exec(path);
  if (byId) {
    const rows = byId[1] === 'patch' ? store.patches : store.covers;
    const s = rows.find((x) => String(x.id) === byId[2]);
    return s ? { status: 302, headers: { Location: `${o}/project/${s.project.linkName}/${s.kind}/${urlMsgid(s.msgid)}/mbox/` } } : NOT_FOUND;
  }
  const byMsgid = /^\/project\/([^/]+)\/(patch|cover)\/(.+)\/mbox\/$/.exec(path);
  if (byMsgid) {
    const rows = byMsgid[2] === 'patch' ? store.patches : store.covers;
    const msgid = `<${decodeURIComponent((byMsgid[3] ?? '').replace(/%2F/gi, '/'))}>`;
    const s = rows.find((x) => x.project.linkName === byMsgid[1] && x.msgid === msgid);
    return s ? mboxReply(submissionMbox(s), `${fileName(s.name)}.${s.kind === 'patch' ? 'patch' : 'mbox'}`) : NOT_FOUND;
  }
  return null;
}

/** One submission as patchwork's mbox: `From patchwork <ctime>`, X-Patchwork headers, the mail. */
export function submissionMbox(s: PwSubmission): Buffer {
  const from = Buffer.from(`From patchwork ${ctime(new Date(`${s.date}Z`))}\n`);
  const mail = withHeaders(mboxrdQuote(s.raw), [`X-Patchwork-Submitter: ${s.submitter.name ? `${s.submitter.name} <${s.submitter.email}>` : s.submitter.email}`, `X-Patchwork-Id: ${s.id}`]);
  const end = mail.length > 0 && mail[mail.length - 1] === 0x0a ? Buffer.alloc(0) : Buffer.from('\n');
  return Buffer.concat([from, mail, end]);
}

function mboxReply(body: Buffer, file: string): Reply {
  return { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Disposition': `attachment; filename=${file}` }, body };
}

function fileName(name: string): string {
  return name.replace(/^\[[^\]]*\]\s*/, '').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'patch';
}
