/**
 * GitHub's official REST description (`@octokit/openapi`, generated/api.github.com.json, OpenAPI
 * 3.0.3), loaded once per process on first use, and ajv validators compiled lazily per operation
 * and cached: request path → operation (template match, literal segments win over parameters),
 * required path and query parameters, query values against their schemas, the JSON request body
 * against `requestBody`, and a response body against the schema for its status and media type.
 *
 * Ajv and OpenAPI 3.0: on load every `$ref: '#/…'` is rewritten to `gh#/…` (the document is
 * registered under that id, so any sub-schema can be compiled on its own); `nullable: true`
 * without a `type` (135 places, beside `allOf`/`oneOf`) becomes `anyOf: [{type: null}, …]`,
 * which ajv otherwise refuses; a nullable `enum` gets `null` added (ajv checks enum before
 * nullable). `discriminator`, `example`, `readOnly`, `x-github` are ignored (strict: false).
 * Formats come from ajv-formats; GitHub's own `repo.nwo` and `timestamp` are not checked.
 * Error statuses the operation does not document are checked against `basic-error` (422:
 * `validation-error` or `validation-error-simple`), since GitHub answers those for any route.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { githubAjv, rewriteRefs } from './ajv.js';

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;
interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema?: Json;
}
export interface Operation {
  id: string;
  method: string;
  template: string;
  node: Json;
}
export interface Match {
  op: Operation;
  params: Record<string, string>;
}

interface Spec {
  doc: { paths: Record<string, Record<string, Json>>; components: Json };
  routes: Array<{ template: string; re: RegExp; names: string[]; literal: number[] }>;
  ajv: { compile(s: unknown): ValidateFunction; addSchema(s: unknown, key: string): unknown };
  cache: Map<string, ValidateFunction>;
  loadMs: number;
}

let spec: Spec | null = null;

/** Milliseconds the description took to read, parse and prepare (0 until loaded). */
export function specLoadMs(): number {
  return spec?.loadMs ?? 0;
}

/** OpenAPI 3.0's nullability in the form ajv takes (see the header). */
function nullableForAjv(o: Json): void {
  if (o.nullable === true && Array.isArray(o.enum) && !o.enum.includes(null)) o.enum.push(null);
  if (o.nullable !== undefined && o.type === undefined) {
    const nullable = o.nullable === true;
    delete o.nullable;
    if (nullable) {
      const rest = { ...o };
      for (const k of Object.keys(o)) if (k !== 'description') delete o[k];
      o.anyOf = [{ type: 'null' }, rest];
    }
  }
}

function load(): Spec {
  if (spec) return spec;
  const t0 = performance.now();
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const doc = JSON.parse(readFileSync(file, 'utf8')) as Spec['doc'];
  rewriteRefs(doc, 'gh', nullableForAjv);
  const ajv = githubAjv();
  ajv.addFormat('repo.nwo', true);
  ajv.addFormat('timestamp', true);
  ajv.addSchema({ components: doc.components }, 'gh');
  const routes = Object.keys(doc.paths).map((template) => {
    const names: string[] = [];
    const segs = template.split('/').slice(1);
    const literal = segs.map((s) => (s.includes('{') ? 0 : 1));
    const body = segs
      .map((s, i) =>
        s.replace(/[.*+?^$()|[\]\\]|\{([^}]+)\}/g, (m, name: string | undefined) => {
          if (!name) return `\\${m}`;
          names.push(name);
          return i === segs.length - 1 && name === 'path' ? '(.+)' : '([^/]+)';
        }),
      )
      .join('/');
    return { template, re: new RegExp(`^/${body}$`), names, literal };
  });
  spec = { doc, routes, ajv, cache: new Map(), loadMs: Math.round(performance.now() - t0) };
  return spec;
}

/** The operation for a method and an API path (without `/api/v3`), or null. */
export function matchOperation(method: string, path: string): Match | null {
  const s = load();
  const m = method.toLowerCase();
  let best: { r: Spec['routes'][number]; groups: string[] } | null = null;
  for (const r of s.routes) {
    const hit = r.re.exec(path);
    if (!hit || !s.doc.paths[r.template]?.[m]) continue;
    if (best && !literalFirst(r.literal, best.r.literal)) continue;
    best = { r, groups: hit.slice(1) };
  }
  if (!best) return null;
  const node = s.doc.paths[best.r.template]?.[m] as Json;
  const params: Record<string, string> = {};
  best.r.names.forEach((n, i) => (params[n] = decodeURIComponent(best.groups[i] ?? '')));
  return { op: { id: String(node.operationId), method: m, template: best.r.template, node }, params };
}

/** True when `a` has a literal segment where `b` first has a parameter. */
function literalFirst(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return false;
}

function validator(key: string, schema: unknown): ValidateFunction {
  const s = load();
  let v = s.cache.get(key);
  if (!v) {
    v = s.ajv.compile(schema);
    s.cache.set(key, v);
  }
  return v;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .slice(0, 8)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}${e.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}`)
    .join('; ');
}

function parameters(op: Operation): Param[] {
  return ((op.node.parameters ?? []) as Array<Param | { $ref: string }>).map((p) => {
    if ('$ref' in p) {
      const name = p.$ref.replace(/^gh#\/components\/parameters\//, '');
      return (load().doc.components.parameters as Record<string, Param>)[name] as Param;
    }
    return p;
  });
}

/** Violations of the operation's request rules: parameters, then the JSON body. */
export function checkRequest(m: Match, query: URLSearchParams, body: unknown, hasBody: boolean): string[] {
  const out: string[] = [];
  const tag = `${m.op.method.toUpperCase()} ${m.op.template}`;
  const queryValues: Json = {};
  const querySchema: Json = { type: 'object', properties: {}, required: [] };
  for (const p of parameters(m.op)) {
    if (p.in === 'path' && !m.params[p.name]) out.push(`${tag}: path parameter ${p.name} missing`);
    if (p.in !== 'query') continue;
    (querySchema.properties as Json)[p.name] = p.schema ?? {};
    if (p.required) (querySchema.required as string[]).push(p.name);
    const v = query.get(p.name);
    if (v !== null) queryValues[p.name] = p.schema?.type === 'integer' && /^-?\d+$/.test(v) ? Number(v) : p.schema?.type === 'boolean' ? v === 'true' : v;
  }
  const vq = validator(`${m.op.id}:query`, querySchema);
  if (!vq(queryValues)) out.push(`${tag}: query ${describe(vq.errors)}`);
  const rb = m.op.node.requestBody as { required?: boolean; content?: Record<string, { schema?: unknown }> } | undefined;
  const schema = rb?.content?.['application/json']?.schema;
  if (!rb) {
    if (hasBody && body !== undefined && !(typeof body === 'object' && body && Object.keys(body).length === 0)) out.push(`${tag}: takes no request body`);
  } else if (!hasBody) {
    if (rb.required) out.push(`${tag}: request body required`);
  } else if (schema) {
    const vb = validator(`${m.op.id}:body`, schema);
    if (!vb(body)) out.push(`${tag}: request body ${describe(vb.errors)}`);
  }
  return out;
}

/** The first violation of the request body schema as GitHub words it, for a 422 message. */
export function bodyErrorMessage(m: Match, body: unknown): string {
  const vb = load().cache.get(`${m.op.id}:body`);
  if (!vb || vb(body)) return 'Invalid request.';
  const e = vb.errors?.[0];
  if (e?.keyword === 'required') return `Invalid request.\n\n"${String(e.params.missingProperty)}" wasn't supplied.`;
  return `Invalid request.\n\n${e?.instancePath ?? ''} ${e?.message ?? ''}`.trimEnd();
}

/** Violations of the response schema for `status` and `mediaType` (JSON bodies parsed). */
export function checkResponse(m: Match, status: number, mediaType: string, body: unknown): string[] {
  const tag = `${m.op.method.toUpperCase()} ${m.op.template} → ${status}`;
  const responses = m.op.node.responses as Record<string, Json | undefined>;
  let r = responses[String(status)];
  if (r && typeof r.$ref === 'string') r = (load().doc.components.responses as Record<string, Json>)[r.$ref.replace(/^gh#\/components\/responses\//, '')];
  let schema: unknown;
  let key = `${m.op.id}:${status}:${mediaType}`;
  if (r) {
    const content = r.content as Record<string, { schema?: unknown }> | undefined;
    if (!content) return body === undefined ? [] : [`${tag}: documented without a body`];
    schema = content[mediaType]?.schema;
    if (schema === undefined) return [`${tag}: media type ${mediaType} not documented (${Object.keys(content).join(', ')})`];
  } else if (status >= 400) {
    const name = status === 422 && body && typeof body === 'object' && Array.isArray((body as Json).errors) && typeof ((body as Json).errors as unknown[])[0] === 'string' ? 'validation-error-simple' : status === 422 ? 'validation-error' : 'basic-error';
    schema = { $ref: `gh#/components/schemas/${name}` };
    key = `fallback:${name}`;
  } else {
    return [`${tag}: status not documented (${Object.keys(responses).join(', ')})`];
  }
  const v = validator(key, schema);
  return v(body) ? [] : [`${tag}: response ${describe(v.errors)}`];
}
