/**
 * List endpoints of the fake patchwork as Django REST framework serves them for patchwork:
 * filters with repeatable keys, `since` (>=) and `before` (<) on dates, `order=<field>|-<field>`,
 * page-number pagination (`page`, `per_page` up to a maximum) and the `Link` header patchwork's
 * LinkHeaderPagination writes: next, prev, first, last, query keys sorted as DRF rewrites them.
 */
import { json, type Reply } from './fake-http.js';

export interface PageOptions {
  pageSize: number;
  maxPageSize: number;
  /** false for endpoints with a fixed page size (events). */
  perPage: boolean;
}

/** Values of a repeatable query key, empty strings dropped. */
export function values(url: URL, key: string): string[] {
  return url.searchParams.getAll(key).filter((v) => v !== '');
}

/** Keep items whose `get(item)` matches one of the key's values (when the key is given). */
export function filterBy<T>(items: T[], url: URL, key: string, get: (item: T) => Array<string | number | null>): T[] {
  const wanted = values(url, key).map((v) => v.toLowerCase());
  if (wanted.length === 0) return items;
  return items.filter((it) => get(it).some((v) => v !== null && wanted.includes(String(v).toLowerCase())));
}

/** `since` keeps date >= since, `before` keeps date < before; unparsable values are ignored. */
export function filterDates<T>(items: T[], url: URL, date: (item: T) => string): T[] {
  const since = dateKey(url.searchParams.get('since'));
  const before = dateKey(url.searchParams.get('before'));
  return items.filter((it) => {
    const d = dateKey(date(it)) as string;
    return (since === null || d >= since) && (before === null || d < before);
  });
}

/** Sort by `order` when it names an allowed field, else by `fallback`; ties by id. */
export function orderBy<T extends { id: number }>(items: T[], url: URL, fields: Record<string, (item: T) => string | number>, fallback: string): T[] {
  const asked = url.searchParams.get('order') ?? '';
  const spec = fields[asked.replace(/^-/, '')] ? asked : fallback;
  const desc = spec.startsWith('-');
  const key = fields[spec.replace(/^-/, '')] as (item: T) => string | number;
  const sorted = [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return (ka < kb ? -1 : ka > kb ? 1 : 0) || a.id - b.id;
  });
  return desc ? sorted.reverse() : sorted;
}

/** One page and its Link header, or 404 "Invalid page." like DRF. */
export function paginate<T>(items: T[], url: URL, opts: PageOptions, render: (item: T) => unknown): Reply {
  let size = opts.pageSize;
  const pp = Number(url.searchParams.get('per_page'));
  if (opts.perPage && Number.isInteger(pp) && pp > 0) size = Math.min(pp, opts.maxPageSize);
  const pages = Math.max(1, Math.ceil(items.length / size));
  const raw = url.searchParams.get('page') ?? '1';
  const page = raw === 'last' ? pages : Number(raw);
  if (!Number.isInteger(page) || page < 1 || page > pages) return json(404, { detail: 'Invalid page.' });
  const links: string[] = [];
  if (page < pages) links.push(`<${withPage(url, page + 1)}>; rel="next"`);
  if (page > 1) links.push(`<${withPage(url, page - 1 === 1 ? null : page - 1)}>; rel="prev"`);
  links.push(`<${withPage(url, 1)}>; rel="first"`);
  links.push(`<${withPage(url, pages)}>; rel="last"`);
  const slice = items.slice((page - 1) * size, page * size);
  return json(200, slice.map(render), { Link: links.join(', '), Allow: 'GET, HEAD, OPTIONS' });
}

/** DRF's replace_query_param / remove_query_param: keys sorted, form-encoded. */
function withPage(url: URL, page: number | null): string {
  const params = new Map<string, string[]>();
  for (const [k, v] of url.searchParams) params.set(k, [...(params.get(k) ?? []), v]);
  if (page === null) params.delete('page');
  else params.set('page', [String(page)]);
  const q = new URLSearchParams();
  for (const k of [...params.keys()].sort()) for (const v of params.get(k) ?? []) q.append(k, v);
  const qs = q.toString();
  return `${url.origin}${url.pathname}${qs ? `?${qs}` : ''}`;
}

/** A comparable string for patchwork dates (naive UTC, optional micros) and query values. */
export function dateKey(s: string | null): string | null {
  if (!s) return null;
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d)?)(?:\.(\d{1,6}))?(Z|[+-]\d\d:?\d\d)?$/i.exec(s.trim());
  if (!m) return null;
  let whole = (m[1] as string).length === 16 ? `${m[1]}:00` : (m[1] as string);
  if (m[3] && m[3].toUpperCase() !== 'Z') {
    const ms = Date.parse(`${whole}${m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3]}`);
    if (Number.isNaN(ms)) return null;
    whole = new Date(ms).toISOString().slice(0, 19);
  }
  return `${whole}.${((m[2] ?? '') + '000000').slice(0, 6)}`;
}
