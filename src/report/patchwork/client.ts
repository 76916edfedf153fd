/**
 * The write side of patchwork's REST API for checks: find a patch by Message-ID, read the
 * newest check of a context, post a check. Reads are retried (safe to repeat); a POST is tried
 * once, since a retry after a lost response could post the check twice: the caller records the
 * failure and, next time, reads the newest check before posting again.
 */
import { z } from 'zod';
import { HttpError, httpRequest, type HttpOptions } from '../../ingest/http/client.js';
import { nextLink } from '../../ingest/http/link-header.js';
import { comparePwDates } from '../../ingest/patchwork/date.js';
import { apiUrl, parseJson, pwGet, type PatchworkOptions } from '../../ingest/patchwork/http.js';
import { pwCheck, pwPatch, type PwCheck } from '../../ingest/patchwork/model.js';
import type { CheckBody } from './plan.js';

export type ClientHttp = Pick<HttpOptions, 'timeoutMs' | 'retries' | 'backoffMs' | 'onRetry'>;

export interface PatchworkCheckClient {
  base: string;
  token: string;
  http?: ClientHttp;
}

const MAX_PAGES = 20;

export class PatchLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchLookupError';
  }
}

/** The patch id of `messageId` (in `project` when given): `GET /api/1.2/patches/?project=&msgid=`. */
export async function findPatchId(c: PatchworkCheckClient, messageId: string, project?: string): Promise<number> {
  const msgid = bareMessageId(messageId);
  const url = apiUrl(c.base, 'patches', {}, { ...(project ? { project } : {}), msgid });
  const rows = await getAll(c, url, pwPatch);
  const where = project ? `project ${project} of ${c.base}` : c.base;
  if (rows.length === 0) throw new PatchLookupError(`patch <${msgid}> is not in ${where} (yet?): ${url}`);
  if (rows.length > 1) {
    const projects = [...new Set(rows.map((r) => r.project.link_name))].join(', ');
    throw new PatchLookupError(`patch <${msgid}> is in several patchwork projects (${projects}): set the channel's project (${url})`);
  }
  return (rows[0] as { id: number }).id;
}

/** The newest check of `context` on the patch (by date, then id), or null. */
export async function latestCheck(c: PatchworkCheckClient, patchId: number, context: string): Promise<PwCheck | null> {
  const url = apiUrl(c.base, `patches/${patchId}/checks`, {}, { context });
  const rows = (await getAll(c, url, pwCheck)).filter((r) => r.context === context);
  let newest: PwCheck | null = null;
  for (const r of rows) if (!newest || comparePwDates(r.date, newest.date) > 0 || (comparePwDates(r.date, newest.date) === 0 && r.id > newest.id)) newest = r;
  return newest;
}

export function checksUrl(base: string, patchId: number): string {
  return apiUrl(base, `patches/${patchId}/checks`);
}

/** `POST /api/1.2/patches/<id>/checks/` with the token; the created check. */
export async function postCheck(c: PatchworkCheckClient, patchId: number, body: CheckBody): Promise<PwCheck> {
  const url = checksUrl(c.base, patchId);
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Token ${c.token}` };
  try {
    const res = await httpRequest(url, { ...c.http, retries: 0, method: 'POST', headers, body: JSON.stringify(body) });
    return parseJson(res, pwCheck);
  } catch (e) {
    if (e instanceof HttpError && (e.status === 401 || e.status === 403)) throw new HttpError(`${e.message}: ${refusal(e.body)}`, e.url, e.status, e.body);
    if (e instanceof HttpError && e.status === 400) throw new HttpError(`${e.message}: patchwork rejected the check: ${e.body ?? ''}`, e.url, 400, e.body);
    throw e;
  }
}

/** A bad token, or a good one whose user may not post checks on this project (patchwork's `is_editable`). */
function refusal(body: string | undefined): string {
  const detail = /"detail"\s*:\s*"([^"]*)"/.exec(body ?? '')?.[1];
  if (detail && /permission/i.test(detail)) return `patchwork refused the check: the token's user may not post checks on this patch's project (${detail})`;
  return `patchwork refused the API token (${detail ?? 'check it'})`;
}

/** Every page of a list endpoint (Link: rel="next"), checked against `schema`. */
async function getAll<T>(c: PatchworkCheckClient, first: string, schema: z.ZodType<T>): Promise<T[]> {
  const opts: PatchworkOptions = { ...c.http, ...(c.token ? { token: c.token } : {}) };
  const out: T[] = [];
  let url: string | null = first;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const res = await pwGet(c.base, url, opts);
    out.push(...parseJson(res, z.array(schema)));
    url = nextLink(res.headers.get('link'), res.url);
  }
  return out;
}

/** `<id@host>` and `id@host` alike → `id@host` (patchwork's `msgid` filter takes it bare). */
export function bareMessageId(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}
