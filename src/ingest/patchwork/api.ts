/**
 * patchwork REST client, read side: a series and its mbox, a patch and its mbox.
 * Network faults are retried by httpGet; a missing object is an HttpError saying which one.
 */
import { z } from 'zod';
import { type PwPatch, type PwSeries, pwPatch, pwSeries } from './model.js';
import { apiUrl, notFound, pwGet, pwGetJson, type PatchworkOptions } from './http.js';
import { HttpError } from '../http/client.js';
import { SourceError } from '../http/source-error.js';

export type { PatchworkOptions } from './http.js';
export { parsePatchworkRef, normalizeBase, PatchworkRefError, type PatchworkRef } from './ref.js';
export { pollEvents, type EventPoll, type PollEventsOptions } from './events.js';

/** `GET /api/<v>/series/<id>/`. */
export async function getSeries(base: string, id: number, opts: PatchworkOptions = {}): Promise<PwSeries> {
  const url = apiUrl(base, `series/${id}`, opts);
  try {
    return (await pwGetJson(base, url, pwSeries, opts)).data;
  } catch (e) {
    return notFound(e, `patchwork series ${id}`);
  }
}

export type PatchKey = number | { project: string; messageId: string };

/** `GET /api/<v>/patches/<id>/`, or by project and Message-ID through the `msgid` filter. */
export async function getPatch(base: string, patch: PatchKey, opts: PatchworkOptions = {}): Promise<PwPatch> {
  if (typeof patch === 'number') {
    const url = apiUrl(base, `patches/${patch}`, opts);
    try {
      return (await pwGetJson(base, url, pwPatch, opts)).data;
    } catch (e) {
      return notFound(e, `patchwork patch ${patch}`);
    }
  }
  const msgid = patch.messageId.replace(/^<|>$/g, '');
  const url = apiUrl(base, 'patches', opts, { project: patch.project, msgid });
  const { data } = await pwGetJson(base, url, z.array(pwPatch), opts);
  const found = data[0];
  if (!found) throw new HttpError(`patchwork patch <${msgid}> not found in project ${patch.project} (${url})`, url, 404);
  return found;
}

export interface SeriesMboxOptions extends PatchworkOptions {
  /**
   * Put the cover letter's mbox first (default true). patchwork's series mbox holds only the
   * patches; kvetch names a series after its cover letter, as it does for mail from lore.
   */
  withCover?: boolean;
}

/** The series as an mbox: its `mbox` URL (and its cover letter's, see withCover). */
export async function seriesMbox(base: string, series: number | PwSeries, opts: SeriesMboxOptions = {}): Promise<Buffer> {
  const s = typeof series === 'number' ? await getSeries(base, series, opts) : series;
  const parts: Buffer[] = [];
  if ((opts.withCover ?? true) && s.cover_letter) {
    parts.push(ensureTrailingNewline(await fetchMbox(base, s.cover_letter.mbox, `cover letter of patchwork series ${s.id}`, opts)));
    parts.push(Buffer.from('\n'));
  }
  parts.push(await fetchMbox(base, s.mbox, `patchwork series ${s.id}`, opts));
  return Buffer.concat(parts);
}

/** One patch as an mbox (its `mbox` URL). */
export async function patchMbox(base: string, patch: PatchKey | PwPatch, opts: PatchworkOptions = {}): Promise<Buffer> {
  const p = typeof patch === 'object' && 'mbox' in patch ? patch : await getPatch(base, patch, opts);
  return fetchMbox(base, p.mbox, `patchwork patch ${p.id}`, opts);
}

async function fetchMbox(base: string, url: string, what: string, opts: PatchworkOptions): Promise<Buffer> {
  let body: Buffer;
  try {
    body = (await pwGet(base, url, opts, 'text/plain, application/mbox, */*')).body;
  } catch (e) {
    return notFound(e, `mbox of ${what}`);
  }
  if (body.length === 0) throw new SourceError(`${url}: the mbox of ${what} is empty`, url);
  return body;
}

function ensureTrailingNewline(b: Buffer): Buffer {
  return b.length > 0 && b[b.length - 1] !== 0x0a ? Buffer.concat([b, Buffer.from('\n')]) : b;
}
