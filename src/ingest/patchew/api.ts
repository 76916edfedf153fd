/**
 * patchew REST client (API v1, patchew-project/patchew api/rest): a series by Message-ID and
 * its mbox. patchew serves a series mbox only once the series is complete (HTTP 404 before).
 */
import { z } from 'zod';
import { HttpError, httpGet, type HttpOptions, type HttpResponse } from '../http/client.js';
import { msgidSegment, parsePatchewRef, patchewBase, PatchewRefError, type PatchewRef } from './ref.js';
import { parseJsonResponse } from '../http/json-response.js';
import { SourceError } from '../http/source-error.js';

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
  /** The head message (cover letter or lone patch) in the messages API. */
  message: z.string().optional(),
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

export interface PatchewMboxOptions extends PatchewOptions {
  /**
   * Put the cover letter first (default true), fetched as a message mbox: patchew's series
   * mbox holds only the patches, and kvetch names a series after its cover letter.
   */
  withCover?: boolean;
}

/**
 * The series mbox: the API's `mbox_uri` (and the cover letter's message mbox, see withCover).
 * Without the cover and with the project name known, the web `/<project>/<msgid>/mbox` is
 * fetched directly, saving the series lookup.
 */
export async function patchewMbox(ref: PatchewRef | PatchewSeries, opts: PatchewMboxOptions = {}): Promise<Buffer> {
  const withCover = opts.withCover ?? true;
  if (!('mbox_uri' in ref)) {
    if (withCover || !ref.project) return patchewMbox(await getPatchewSeries(ref, opts), opts);
    const url = `${patchewBase(ref.base)}/${encodeURIComponent(ref.project)}/${msgidSegment(ref.messageId)}/mbox`;
    return fetchMbox(url, `patchew series <${ref.messageId}>`, opts);
  }
  const what = `patchew series <${ref.message_id}>`;
  if (!ref.is_complete) throw new SourceError(`${what} is incomplete (${ref.num_patches ?? '?'} of ${ref.total_patches ?? '?'} patches): patchew serves no mbox for it yet`, ref.mbox_uri);
  const parts: Buffer[] = [];
  const headIsCover = !(ref.patches ?? []).some((p) => p.message_id === ref.message_id);
  if (withCover && headIsCover && ref.message) {
    const cover = await fetchMbox(`${ref.message.replace(/\/?$/, '/')}mbox/`, `cover letter of ${what}`, opts);
    parts.push(cover, Buffer.from(cover[cover.length - 1] === 0x0a ? '\n' : '\n\n'));
  }
  parts.push(await fetchMbox(ref.mbox_uri, what, opts));
  return Buffer.concat(parts);
}

async function fetchMbox(url: string, what: string, opts: PatchewOptions): Promise<Buffer> {
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
