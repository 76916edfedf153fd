/**
 * patchew REST client (API v1, patchew-project/patchew api/rest): a series by Message-ID and
 * its mbox. patchew serves a series mbox only once the series is complete (HTTP 404 before).
 */
import { z } from 'zod';
import { HttpError, httpGet, type HttpOptions, type HttpResponse } from './http.js';
import { msgidSegment, parsePatchewRef, patchewBase, PatchewRefError, type PatchewRef } from './patchew-ref.js';
import { parseJsonResponse } from './json-response.js';
import { SourceError } from './source-error.js';

export { parsePatchewRef, PatchewRefError, type PatchewRef };

export type PatchewOptions = Omit<HttpOptions, 'headers'>;

const address = z.looseObject({ name: z.string().optional(), address: z.string() });
const message = z.looseObject({
  resource_uri: z.string(),
  message_id: z.string(),
  subject: z.string(),
  date: z.string(),
  sender: address,
});
export const patchewSeries = message.extend({
  stripped_subject: z.string().optional(),
  num_patches: z.number().optional(),
  total_patches: z.number().optional(),
  is_complete: z.boolean(),
  mbox_uri: z.string(),
  patches: z.array(message.extend({ patch_num: z.number().nullable().optional() })).optional(),
  replies: z.array(message).optional(),
});
const seriesList = z.looseObject({ next: z.string().nullable().optional(), results: z.array(patchewSeries) });

export type PatchewSeries = z.infer<typeof patchewSeries>;

/** The series with its patches: by project id, by project name, else by a Message-ID search. */
export async function getPatchewSeries(ref: PatchewRef, opts: PatchewOptions = {}): Promise<PatchewSeries> {
  const base = patchewBase(ref.base);
  const id = msgidSegment(ref.messageId);
  let url: string;
  if (ref.projectId !== undefined) url = `${base}/api/v1/projects/${ref.projectId}/series/${id}/`;
  else if (ref.project) url = `${base}/api/v1/projects/by-name/${encodeURIComponent(ref.project)}/series/${id}/`;
  else {
    const search = `${base}/api/v1/series/?q=${encodeURIComponent(`id:${ref.messageId}`)}`;
    const list = parse(await get(search, `patchew series <${ref.messageId}>`, opts), seriesList);
    const hit = list.results.find((s) => s.message_id === ref.messageId) ?? list.results[0];
    if (!hit) throw new HttpError(`patchew series <${ref.messageId}> not found (${search} found nothing)`, search, 404);
    url = hit.resource_uri;
  }
  return parse(await get(url, `patchew series <${ref.messageId}>`, opts), patchewSeries);
}

/**
 * The series mbox: the API's `mbox_uri` when the series is at hand, else the web
 * `/<project>/<msgid>/mbox` when the project name is known, else looked up through the API.
 */
export async function patchewMbox(ref: PatchewRef | PatchewSeries, opts: PatchewOptions & { base?: string } = {}): Promise<Buffer> {
  let url: string;
  let what: string;
  if ('mbox_uri' in ref) {
    url = ref.mbox_uri;
    what = `patchew series <${ref.message_id}>`;
    if (!ref.is_complete) throw new SourceError(`${what} is incomplete (${ref.num_patches ?? '?'} of ${ref.total_patches ?? '?'} patches): patchew serves no mbox for it yet`, url);
  } else if (ref.project) {
    url = `${patchewBase(ref.base)}/${encodeURIComponent(ref.project)}/${msgidSegment(ref.messageId)}/mbox`;
    what = `patchew series <${ref.messageId}>`;
  } else {
    return patchewMbox(await getPatchewSeries(ref, opts), opts);
  }
  const res = await get(url, `mbox of ${what}`, opts, 'text/plain, */*', ' (patchew serves an mbox only for a complete series)');
  if (res.body.length === 0) throw new SourceError(`${url}: the mbox of ${what} is empty`, url);
  return res.body;
}

async function get(url: string, what: string, opts: PatchewOptions, accept = 'application/json', hint = ''): Promise<HttpResponse> {
  try {
    return await httpGet(url, { ...opts, headers: { Accept: accept } });
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) throw new HttpError(`${what} not found (${url}: HTTP 404)${hint}`, url, 404);
    throw e;
  }
}

function parse<T>(res: HttpResponse, schema: z.ZodType<T>): T {
  return parseJsonResponse(res, schema, 'patchew');
}
