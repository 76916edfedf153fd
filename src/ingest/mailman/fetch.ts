/**
 * Mailman 2 (pipermail) archives over HTTP: one monthly `YYYY-Month.txt.gz`, checked whole.
 * Hand the bytes to `readBytes` (read-source.ts), which reads them like a local archive file.
 */
import { HttpError, httpRequest } from '../http/client.js';
import { gunzipMbox, isGzip, looksLikeMail } from '../mbox/gzip.js';
import { trimSlash } from '../lore/url.js';
import { httpWithLog, type SourceOptions } from '../http/source-options.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `<archive>/2023-March.txt.gz` for a list's pipermail directory (`…/pipermail/kvm-devel`). */
export function mailmanMonthUrl(archiveUrl: string, year: number, month: number): string {
  const name = MONTHS[month - 1];
  if (!name || !Number.isInteger(year)) throw new RangeError(`no such month: ${year}-${month}`);
  return `${trimSlash(archiveUrl)}/${year}-${name}.txt.gz`;
}

/**
 * The bytes of a monthly archive: gzip as served, or plain text when the server sent it decoded
 * (`Content-Encoding: gzip`, or the current month's `.txt`). A gzip that ends early is retried,
 * then an HttpError naming the URL; a missing month is an HttpError with status 404.
 */
export async function fetchMailmanMonth(url: string, opts: SourceOptions = {}): Promise<Buffer> {
  opts.log?.debug({ url }, 'fetching pipermail month');
  const res = await httpRequest(url, {
    ...httpWithLog(opts),
    validate: (r) => {
      // Decompress once to prove the download whole; the caller gets the bytes as sent.
      if (isGzip(r.body)) gunzipMbox(r.body, url);
    },
  });
  if (!isGzip(res.body) && res.body.length > 0 && !looksLikeMail(res.body)) {
    throw new HttpError(`${url}: not a pipermail archive (got ${res.headers.get('content-type') ?? 'no content type'}, ${res.body.length} bytes)`, url, res.status);
  }
  return res.body;
}
