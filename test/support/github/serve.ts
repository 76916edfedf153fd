/**
 * One request through the GitHub fake: strip `/api/v3`, find the OpenAPI operation (none: 404
 * and a violation), authenticate (app JWT for `/app…`, a token the fake issued or a test's human
 * token for the rest: 401 otherwise), check the request against the operation (a body that
 * breaks its schema is answered 422, as GitHub does), run the route, then check the answer
 * against the operation's response schema and add GitHub's headers (content type, request id,
 * rate limit, media type). Violations are collected, never thrown.
 */
import { randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import type { FakeRequest, Reply } from '../fake-http.js';
import { type Answer, type AppInfo, type Caller, type Ctx, error } from './answer.js';
import { appRoute } from './app.js';
import { checkAppJwt, readAuthorization } from './auth.js';
import type { Urls } from './json.js';
import { bodyErrorMessage, checkRequest, checkResponse, type Match, matchOperation } from './openapi.js';
import { route } from './routes.js';
import type { GhStore } from './store.js';

export const API_PREFIX = '/api/v3';

export interface ServeState {
  store: GhStore;
  app: AppInfo;
  publicKey: KeyObject;
  urls: (url: URL) => Urls;
  violations: string[];
  /** Operation id per request, for the request log. */
  operations: WeakMap<FakeRequest, string>;
  rate: { used: number; reset: number };
}

const JWT_OPS = new Set(['apps/get-authenticated', 'apps/create-installation-access-token']);

export function githubHeaders(s: ServeState, extra: Record<string, string> = {}): Record<string, string> {
  s.rate.used++;
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'X-GitHub-Request-Id': `${randomBytes(2).toString('hex').toUpperCase()}:${randomBytes(3).toString('hex').toUpperCase()}:${randomBytes(4).toString('hex').toUpperCase()}`,
    'X-GitHub-Media-Type': 'github.v3; format=json',
    'X-GitHub-Api-Version-Selected': '2022-11-28',
    'X-GitHub-Enterprise-Version': '3.19.0',
    'X-RateLimit-Limit': '5000',
    'X-RateLimit-Remaining': String(Math.max(0, 5000 - s.rate.used)),
    'X-RateLimit-Reset': String(s.rate.reset),
    'X-RateLimit-Used': String(s.rate.used),
    'X-RateLimit-Resource': 'core',
    ...extra,
  };
}

export function serve(s: ServeState, req: FakeRequest, url: URL): Reply {
  const path = url.pathname;
  const tag = `${req.method} ${path}`;
  if (!path.startsWith(`${API_PREFIX}/`)) {
    s.violations.push(`${tag}: not under ${API_PREFIX}`);
    return send(s, null, { status: 404, json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
  }
  const m = matchOperation(req.method, path.slice(API_PREFIX.length));
  if (!m) {
    s.violations.push(`${tag}: no such operation in GitHub's OpenAPI description`);
    return send(s, null, { status: 404, json: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' } });
  }
  s.operations.set(req, m.op.id);
  const text = req.body.toString('utf8');
  let body: unknown;
  if (text.trim() !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      s.violations.push(`${tag}: request body is not JSON`);
      return send(s, m, error(400, 'Problems parsing JSON'));
    }
  }
  const caller = authenticate(s, m, req);
  if ('status' in caller) return send(s, m, caller);
  let problems = checkRequest(m, url.searchParams, body, text.trim() !== '');
  if (m.op.id === 'pulls/create-review-comment' && body && typeof (body as Record<string, unknown>).in_reply_to === 'number') {
    // GitHub ignores everything but `body` in a reply; the description still requires commit_id and path.
    problems = problems.filter((p) => !/required property '(commit_id|path)'/.test(p));
  }
  s.violations.push(...problems);
  if (problems.some((p) => p.includes(': request body'))) return send(s, m, error(422, bodyErrorMessage(m, body)));
  const ctx: Ctx = {
    store: s.store,
    x: s.urls(url),
    app: s.app,
    caller,
    params: m.params,
    query: url.searchParams,
    body: (body && typeof body === 'object' ? body : {}) as Record<string, unknown>,
    accept: String(req.headers.accept ?? 'application/json'),
    url,
  };
  const answer = appRoute(m.op.id, ctx) ?? route(m.op.id, ctx);
  if (!answer) {
    s.violations.push(`${tag}: ${m.op.id} is not implemented by the GitHub fake`);
    return send(s, m, error(404, 'Not Found'));
  }
  return send(s, m, answer);
}

function authenticate(s: ServeState, m: Match, req: FakeRequest): Caller | Answer {
  const cred = readAuthorization(req.headers.authorization);
  if (JWT_OPS.has(m.op.id)) {
    if (cred.kind !== 'jwt') return error(401, 'A JSON web token could not be decoded');
    const why = checkAppJwt(cred.jwt, s.app.id, s.publicKey);
    return why ? error(401, why) : { user: s.app.bot, appId: s.app.id };
  }
  if (cred.kind !== 'token') return error(401, cred.kind === 'jwt' ? 'A JSON web token could not be decoded' : 'Requires authentication');
  const t = s.store.tokens.get(cred.token);
  if (!t || t.expiresAt < new Date().toISOString()) return error(401, 'Bad credentials');
  return { user: t.user, appId: t.appId };
}

function send(s: ServeState, m: Match | null, a: Answer): Reply {
  if (a.text) {
    if (m) s.violations.push(...checkResponse(m, a.status, a.text.mediaType, a.text.body));
    return { status: a.status, headers: githubHeaders(s, { ...a.headers, 'Content-Type': a.text.contentType }), body: a.text.body };
  }
  if (m) s.violations.push(...checkResponse(m, a.status, 'application/json', a.json));
  const headers = githubHeaders(s, a.headers);
  if (a.json === undefined) {
    delete headers['Content-Type'];
    return { status: a.status, headers, body: '' };
  }
  return { status: a.status, headers, body: JSON.stringify(a.json) };
}
