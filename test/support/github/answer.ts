/**
 * What a route of the GitHub fake gets (the caller, parameters, query, parsed body) and gives
 * back (status, JSON or text, headers), plus GitHub's list paging: `per_page` (default 30, at
 * most 100) and `page`, with a `Link` header of next/last/first/prev as GitHub writes it.
 */
import type { GhStore, GhUser } from './store.js';
import { errorJson, type Urls } from './json.js';

export interface Answer {
  status: number;
  /** JSON body (sent as application/json; charset=utf-8). */
  json?: unknown;
  /** Text body with its media type, e.g. a patch. */
  text?: { body: string; contentType: string; mediaType: string };
  headers?: Record<string, string>;
}

export interface Caller {
  user: GhUser;
  /** The app whose installation token this is (null: a human's token). */
  appId: number | null;
}

export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  owner: GhUser;
  bot: GhUser;
  permissions: Record<string, string>;
  events: string[];
  createdAt: string;
}

export interface Ctx {
  store: GhStore;
  x: Urls;
  app: AppInfo;
  caller: Caller;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  accept: string;
  /** The request URL (for Link headers). */
  url: URL;
}

export const notFound = (): Answer => ({ status: 404, json: errorJson('Not Found', 404) });

export function error(status: number, message: string, extra: Record<string, unknown> = {}): Answer {
  return { status, json: errorJson(message, status, extra) };
}

/** 422 in `validation-error` form, one error with a field. */
export function invalid(resource: string, field: string, message: string, code = 'custom'): Answer {
  return { status: 422, json: errorJson('Validation Failed', 422, { errors: [{ resource, code, field, message }] }) };
}

export function paginate<T>(items: T[], c: Ctx, render: (t: T) => unknown): Answer {
  const perPage = Math.min(100, Math.max(1, Number(c.query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(c.query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string): string => {
    const u = new URL(c.url.href);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(n));
    return `<${u.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { status: 200, json: slice.map(render), headers: links.length > 0 ? { Link: links.join(', ') } : {} };
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
