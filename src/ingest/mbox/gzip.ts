/**
 * Downloaded archives (lore's t.mbox.gz, search results, pipermail months) checked whole: a gzip
 * that ends early or is corrupt is an error naming the URL (the HTTP layer retries it), never
 * partial mail used silently.
 */
import { UserError } from '../../model/errors.js';
import { constants } from 'node:buffer';
import { gunzipSync } from 'node:zlib';
import { DEFAULT_GZIP_RATIO, GZIP_RATIO_FLOOR } from './read-stream.js';

const MAX_LENGTH = constants.MAX_LENGTH;

export class BadArchiveError extends UserError {}

/** Is `body` gzip data (by its magic bytes)? */
export function isGzip(body: Buffer): boolean {
  return body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b;
}

/**
 * The mbox inside `body`. A server may have sent it already decoded (Content-Encoding: gzip is
 * undone by fetch): plain mail text is returned as is. Anything else throws BadArchiveError.
 */
export function gunzipMbox(body: Buffer, url: string): Buffer {
  if (!isGzip(body)) {
    if (looksLikeMail(body)) return body;
    throw new BadArchiveError(`${url}: expected a gzipped mbox, got ${body.length} bytes starting ${JSON.stringify(body.toString('latin1', 0, Math.min(body.length, 40)))}`);
  }
  // A download is gunzipped in memory: a bomb must fail here, not exhaust the heap.
  const limit = Math.min(MAX_LENGTH, Math.max(GZIP_RATIO_FLOOR, DEFAULT_GZIP_RATIO * body.length));
  try {
    return gunzipSync(body, { maxOutputLength: limit });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new BadArchiveError(`${url}: ${body.length} bytes of gzip grow past ${limit} bytes, over ${DEFAULT_GZIP_RATIO} times their size (a gzip bomb?); not read`);
    }
    const cut = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
    throw new BadArchiveError(
      cut
        ? `${url}: gzip data ends early after ${body.length} bytes (truncated download)`
        : `${url}: corrupt gzip data (${err.code ?? err.message})`,
    );
  }
}

/** An mbox `From ` line or a mail header line at the start. */
export function looksLikeMail(body: Buffer): boolean {
  const head = body.toString('latin1', 0, Math.min(body.length, 200));
  return /^From \S/.test(head) || /^[!-9;-~]+:[ \t]/.test(head);
}
