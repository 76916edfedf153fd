/**
 * Requests to one patchwork instance: the API root for a version, token auth sent only to the
 * instance's own origin (never logged, never in an error message), JSON checked against the
 * documented schema with errors that name the URL.
 */
import type { z } from 'zod';
import { HttpError, httpGet, type HttpOptions, type HttpResponse } from '../http/client.js';
import { normalizeBase } from './ref.js';
import { parseJsonResponse } from '../http/json-response.js';

export interface PatchworkOptions extends Omit<HttpOptions, 'headers'> {
  /** API token (`Authorization: Token <t>`); reads work without one on public instances. */
  token?: string;
  /** REST API version in URLs (default "1.2"). */
  apiVersion?: string;
}

export const DEFAULT_API_VERSION = '1.2';

/** `<base>/api/<version>/<path>` with a trailing slash, as patchwork's routes want. */
export function apiUrl(base: string, path: string, opts: PatchworkOptions = {}, query?: Record<string, string>): string {
  const root = `${normalizeBase(base)}/api/${opts.apiVersion ?? DEFAULT_API_VERSION}/`;
  const u = new URL(path.replace(/^\/+/, '').replace(/\/*$/, '/'), root);
  for (const [k, v] of Object.entries(query ?? {})) u.searchParams.set(k, v);
  return u.toString();
}

/** GET with the token attached when `url` is on the instance's origin. */
export async function pwGet(base: string, url: string, opts: PatchworkOptions = {}, accept = 'application/json'): Promise<HttpResponse> {
  const { token, apiVersion: _v, ...http } = opts;
  const headers: Record<string, string> = { Accept: accept };
  const withToken = Boolean(token) && sameOrigin(base, url);
  if (withToken) headers.Authorization = `Token ${token}`;
  try {
    return await httpGet(url, { ...http, headers });
  } catch (e) {
    // patchwork answers 401/403 to every request carrying a token it does not know.
    if (withToken && e instanceof HttpError && (e.status === 401 || e.status === 403)) {
      throw new HttpError(`${e.message}: patchwork refused the API token; check it`, e.url, e.status);
    }
    throw e;
  }
}

export async function pwGetJson<T>(base: string, url: string, schema: z.ZodType<T>, opts: PatchworkOptions = {}): Promise<{ data: T; res: HttpResponse }> {
  const res = await pwGet(base, url, opts);
  return { data: parseJson(res, schema), res };
}

export function parseJson<T>(res: HttpResponse, schema: z.ZodType<T>): T {
  return parseJsonResponse(res, schema, 'patchwork');
}

/** Say which object was missing instead of a bare 404. */
export function notFound(e: unknown, what: string): never {
  if (e instanceof HttpError && e.status === 404) throw new HttpError(`${what} not found (${e.url}: HTTP 404)`, e.url, 404);
  throw e;
}

function sameOrigin(base: string, url: string): boolean {
  try {
    return new URL(normalizeBase(base)).origin === new URL(url).origin;
  } catch {
    return false;
  }
}
