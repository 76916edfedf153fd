/**
 * What both of GitHub's descriptions need to be checked with ajv (openapi.ts for the REST API,
 * webhook-schema.ts for webhook payloads): one ajv set up the same way, and the document's local
 * `$ref: '#/…'` rewritten to `<id>#/…`, so that any sub-schema compiles on its own once the
 * components are registered under that id.
 */
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';

const require = createRequire(import.meta.url);

type Json = Record<string, unknown>;

export interface GitHubAjv {
  compile(s: unknown): ValidateFunction;
  addSchema(s: unknown, key: string): unknown;
  addFormat(name: string, f: boolean): unknown;
}

/** ajv with ajv-formats, lenient about OpenAPI's own keywords (strict: false), every error kept. */
export function githubAjv(): GitHubAjv {
  type AjvCtor = new (opts: Json) => GitHubAjv;
  const ajvMod = require('ajv') as AjvCtor & { default?: AjvCtor };
  const formatsMod = require('ajv-formats') as ((a: unknown) => void) & { default?: (a: unknown) => void };
  const ajv = new (ajvMod.default ?? ajvMod)({ strict: false, allErrors: true, validateSchema: false, logger: false });
  (formatsMod.default ?? formatsMod)(ajv);
  return ajv;
}

/**
 * Every object of the document (examples left alone), children first: a local `$ref` is
 * rewritten to `<id>#/…`, then `visit` may adjust the object further.
 */
export function rewriteRefs(node: unknown, id: string, visit?: (o: Json) => void): void {
  if (Array.isArray(node)) {
    for (const x of node) rewriteRefs(x, id, visit);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  for (const [k, v] of Object.entries(o)) if (k !== 'example' && k !== 'examples') rewriteRefs(v, id, visit);
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/')) o.$ref = `${id}${o.$ref}`;
  visit?.(o);
}
