/**
 * Reading a public-inbox (lore.kernel.org) over HTTP the way b4 does: whole threads as
 * t.mbox.gz, one raw message, and search results as a gzipped mbox.
 */
import { HttpError, httpRequest, type HttpResponse } from '../http/client.js';
import { gunzipMbox } from '../mbox/gzip.js';
import { splitMbox } from '../mbox/read-stream.js';
import { messageUrl, midEscape, searchUrl, trimSlash } from './url.js';
import { httpWithLog, type SourceOptions } from '../http/source-options.js';

export interface FetchThreadOptions extends SourceOptions {
  /** The inbox to try when `/all/` does not know the message (from a `/<list>/<id>/` URL or config). */
  list?: string;
}

/**
 * The whole thread of `messageId` as mbox bytes (mboxrd, decompressed). Tries
 * `<base>/all/<id>/t.mbox.gz` (lore's index of every list; redirects are followed); when that
 * 404s, `<base>/<list>/<id>/t.mbox.gz` if a list is known, else public-inbox's `<base>/<id>`
 * redirector to the owning inbox (what b4 does with a `/r/` midmask). A truncated or corrupt
 * gzip is retried, then an HttpError. An unknown Message-ID is an HttpError with status 404.
 */
export async function fetchThread(base: string, messageId: string, opts: FetchThreadOptions = {}): Promise<Buffer> {
  const tried: string[] = [];
  const attempt = async (url: string): Promise<Buffer | null> => {
    tried.push(url);
    try {
      return (await getMbox(url, opts)).mbox;
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return null;
      throw e;
    }
  };
  const all = await attempt(messageUrl(base, 'all', messageId, 't.mbox.gz'));
  if (all) return all;
  if (opts.list) {
    const listed = await attempt(messageUrl(base, opts.list, messageId, 't.mbox.gz'));
    if (listed) return listed;
  }
  const owner = await ownerUrl(base, messageId, opts);
  if (owner) {
    tried.push(owner);
    const found = await attempt(`${trimSlash(owner)}/t.mbox.gz`);
    if (found) return found;
  }
  const where = `${trimSlash(base)}/${midEscape(messageId)}`;
  throw new HttpError(`Message-ID <${messageId}> not found at ${trimSlash(base)} (tried ${tried.join(', ')}; ${where} redirects nowhere)`, where, 404);
}

/** Where public-inbox's top-level `/<id>` redirect points (`<inbox url>/<id>/`), or null. */
async function ownerUrl(base: string, messageId: string, opts: SourceOptions): Promise<string | null> {
  const url = `${trimSlash(base)}/${midEscape(messageId)}`;
  let res: HttpResponse;
  try {
    res = await httpRequest(url, { ...httpWithLog(opts), redirect: 'manual' });
  } catch (e) {
    if (e instanceof HttpError && e.status === 404) return null;
    throw e;
  }
  const location = res.headers.get('location');
  if (res.status < 300 || res.status >= 400 || !location) return null;
  const target = new URL(location, url).toString();
  opts.log?.debug({ url, location: target }, 'message lives in another inbox');
  return target;
}

/** One message from `<base>/<list>/<id>/raw` (list `all` by default): the mail, without mbox framing. */
export async function fetchRaw(base: string, list: string | undefined, messageId: string, opts: SourceOptions = {}): Promise<Buffer> {
  const url = messageUrl(base, list ?? 'all', messageId, 'raw');
  const res = await httpRequest(url, httpWithLog(opts));
  const mails = await splitMbox(res.body, url);
  const first = mails[0];
  if (!first) throw new HttpError(`${url}: no message in the response`, url, res.status);
  return first;
}

export interface SearchOptions extends SourceOptions {
  /** Whole threads of every hit (public-inbox's `t=1`), e.g. every reply to every version. */
  threads?: boolean;
}

/**
 * Messages matching a public-inbox search query (`s:"subject words"`, `dfn:path`, `f:author`,
 * `m:msgid`…) in `list` (`all` for every list) as mbox bytes; empty when nothing matches.
 * public-inbox serves the mbox only to POST (a GET returns the HTML result page).
 */
export async function search(base: string, list: string, query: string, opts: SearchOptions = {}): Promise<Buffer> {
  const url = searchUrl(base, list, query);
  try {
    const { mbox } = await getMbox(url, opts, { method: 'POST', body: opts.threads ? 'x=full' : '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    return mbox;
  } catch (e) {
    if (e instanceof HttpError && e.status === 404 && /No results found/i.test(e.body ?? '')) return Buffer.alloc(0);
    throw e;
  }
}

async function getMbox(url: string, opts: SourceOptions, req: { method?: 'POST'; body?: string; headers?: Record<string, string> } = {}): Promise<{ mbox: Buffer }> {
  const got: { mbox?: Buffer } = {};
  const http = httpWithLog(opts);
  opts.log?.debug({ url }, 'fetching mbox');
  await httpRequest(url, {
    ...http,
    ...req,
    headers: { ...http.headers, ...req.headers },
    validate: (res) => {
      got.mbox = gunzipMbox(res.body, url);
    },
  });
  if (!got.mbox) throw new HttpError(`${url}: no body`, url);
  return { mbox: got.mbox };
}
