/**
 * GitHub's webhook payload schemas (`@octokit/openapi-webhooks`, generated/api.github.com.json,
 * OpenAPI 3.1: nullability as type arrays, which ajv takes as they are) and the example payloads
 * (`@octokit/webhooks-examples`), loaded once per process on first use. `$ref: '#/…'` is rewritten
 * to `wh#/…` so each event's schema compiles on its own; validators are cached per event+action.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { githubAjv, rewriteRefs } from './ajv.js';

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;
interface Loaded {
  doc: { webhooks: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: unknown }> } } }> };
  ajv: { compile(s: unknown): ValidateFunction };
  cache: Map<string, ValidateFunction>;
  examples: Array<{ name: string; examples: Json[] }>;
}
let loaded: Loaded | null = null;

function load(): Loaded {
  if (loaded) return loaded;
  const doc = JSON.parse(readFileSync(require.resolve('@octokit/openapi-webhooks/generated/api.github.com.json'), 'utf8')) as Loaded['doc'] & { components: Json };
  rewriteRefs(doc, 'wh');
  const ajv = githubAjv();
  ajv.addSchema({ components: doc.components }, 'wh');
  const examples = JSON.parse(readFileSync(require.resolve('@octokit/webhooks-examples'), 'utf8')) as Loaded['examples'];
  loaded = { doc, ajv, cache: new Map(), examples };
  return loaded;
}

/** The schema's complaints about a payload for `event` (`pull_request`) and `action`, as `path message`. */
export function webhookErrors(event: string, action: string, payload: unknown): string[] {
  const l = load();
  const key = `${event}-${action}`.replace(/_/g, '-');
  let v = l.cache.get(key);
  if (!v) {
    const schema = l.doc.webhooks[key]?.post?.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [`no webhook schema for ${event}.${action}`];
    v = l.ajv.compile(schema);
    l.cache.set(key, v);
  }
  if (v(payload)) return [];
  return (v.errors ?? []).slice(0, 10).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`);
}

/**
 * Deep copies of the real example payloads for the event: the action's own first (those with
 * `installation` first), then the event's other examples with `action` set to this one.
 */
export function examplePayloads(event: string, action: string): Json[] {
  const all = load().examples.find((e) => e.name === event)?.examples ?? [];
  if (all.length === 0) throw new Error(`@octokit/webhooks-examples has no ${event} example`);
  const rank = (x: Json): number => (x.action === action ? 0 : 2) + ('installation' in x ? 0 : 1);
  return [...all].sort((a, b) => rank(a) - rank(b)).map((x) => ({ ...structuredClone(x), action }));
}
