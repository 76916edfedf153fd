/**
 * The one HTTP client of kvetch (sources and channels alike). Every request says who is asking
 * (a `User-Agent` naming kvetch, its version and a contact, as kernel.org asks of bots), has a
 * timeout per attempt, and is retried with exponential backoff and jitter on network errors,
 * timeouts, 429, 5xx and bodies that fail `validate` (a cut gzip). A `Retry-After` on 429 or
 * 503 is honoured: the next attempt waits at least that long, and a server that asks for
 * longer than `maxRetryAfterMs` ends the request with an error saying when to come back.
 * Other 4xx fail at once. Never logs tokens.
 */
import { UserError } from '../../model/errors.js';
import { userAgent } from './user-agent.js';

export interface HttpOptions {
  headers?: Record<string, string>;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first (default 4). */
  retries?: number;
  /** Backoff before the first retry (default 500 ms), doubled each retry, with jitter. */
  backoffMs?: number;
  /** The longest `Retry-After` waited for (default 5 minutes); a longer one fails the request. */
  maxRetryAfterMs?: number;
  /** Told about every retry: what failed and how long until the next attempt. */
  onRetry?: (info: { url: string; attempt: number; error: string; delayMs: number }) => void;
  /** Follow redirects (default true). */
  redirect?: 'follow' | 'manual';
  /** Random numbers in [0, 1) for the jitter (tests make it predictable). */
  random?: () => number;
  /** How a retry waits (tests record it instead). */
  sleep?: (ms: number) => Promise<void>;
}

export interface HttpRequestOptions extends HttpOptions {
  /** Default GET. */
  method?: 'GET' | 'POST' | 'HEAD';
  body?: string | Buffer;
  /**
   * Checks a successful response; throwing makes the attempt fail and be retried like a network
   * error (a gzip body cut short while the HTTP framing looked complete).
   */
  validate?: (res: HttpResponse) => void;
}

export class HttpError extends UserError {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    /** The start of the response body of a failed request (4xx/5xx), for callers that tell 404s apart. */
    readonly body?: string,
    /** How long the server asked us to stay away (`Retry-After` of a 429 or 503), in ms: a daemon keeps it (daemon/not-before.ts). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
}

const DEFAULT_MAX_RETRY_AFTER_MS = 5 * 60_000;

/** GET `url`; the body is read whole (a cut body is an error and is retried). */
export async function httpGet(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  return httpRequest(url, opts);
}

/** Any method; see HttpRequestOptions. Errors are HttpError naming the URL. */
export async function httpRequest(url: string, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
  const retries = opts.retries ?? 4;
  const random = opts.random ?? Math.random;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const headers = { 'User-Agent': userAgent(), ...opts.headers };
  let backoff = opts.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    let askedWait: number | null = null;
    try {
      const init: RequestInit = { method: opts.method ?? 'GET', headers, redirect: opts.redirect ?? 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) };
      if (opts.body !== undefined) init.body = opts.body;
      const res = await fetch(url, init);
      const body = Buffer.from(await res.arrayBuffer());
      const snippet = (): string => body.toString('utf8', 0, Math.min(body.length, 512));
      if (res.status === 429 || res.status >= 500) {
        askedWait = res.status === 429 || res.status === 503 ? retryAfterMs(res.headers.get('retry-after'), Date.now()) : null;
        const limit = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
        if (askedWait !== null && askedWait > limit) {
          return failNow(new HttpError(`${url}: HTTP ${res.status}, and the server asks to come back ${comeBack(askedWait)}; try again then`, url, res.status, snippet(), askedWait));
        }
        throw new HttpError(`${url}: HTTP ${res.status}`, url, res.status, snippet(), askedWait ?? undefined);
      }
      if (res.status >= 400) return failNow(new HttpError(`${url}: HTTP ${res.status}`, url, res.status, snippet()));
      const out = { url: res.url || url, status: res.status, headers: res.headers, body };
      opts.validate?.(out);
      return out;
    } catch (e) {
      if (e instanceof FatalHttp) throw e.error;
      let msg = e instanceof Error ? (e.name === 'TimeoutError' ? `timed out after ${opts.timeoutMs ?? 30_000} ms` : causeOf(e)) : String(e);
      if (msg.startsWith(`${url}: `)) msg = msg.slice(url.length + 2);
      if (attempt >= retries) {
        const tries = attempt + 1 === 1 ? '' : ` (gave up after ${attempt + 1} attempts)`;
        const h = e instanceof HttpError ? e : undefined;
        throw new HttpError(`${url}: ${msg}${tries}`, url, h?.status, h?.body, h?.retryAfterMs);
      }
      const delay = Math.max(jittered(backoff, random), askedWait ?? 0);
      opts.onRetry?.({ url, attempt: attempt + 1, error: msg, delayMs: delay });
      await sleep(delay);
      backoff *= 2;
    }
  }
}

/** "Equal jitter": half the backoff for sure, the other half at random, so retrying clients spread out. */
export function jittered(backoff: number, random: () => number): number {
  return Math.round(backoff / 2 + random() * (backoff / 2));
}

/**
 * The three forms of an HTTP date (RFC 9110 §5.6.7): IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`,
 * the obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT` and asctime `Sun Nov  6 08:49:37 1994`.
 */
const HTTP_DATE = [
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-\d{2} \d{2}:\d{2}:\d{2} GMT$/,
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/,
];

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!HTTP_DATE.some((re) => re.test(v))) return null;
  // asctime carries no zone: it is GMT.
  const at = Date.parse(/GMT$/.test(v) ? v : `${v} GMT`);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** `after 3600 s (2026-12-06T09:00:00.000Z)`, the instant left out when it is past any date. */
function comeBack(ms: number): string {
  const at = Date.now() + ms;
  const when = Number.isFinite(at) && Math.abs(at) <= 8.64e15 ? ` (${new Date(at).toISOString()})` : '';
  return `after ${Math.ceil(ms / 1000)} s${when}`;
}

/** fetch() says "fetch failed"; the useful part (ECONNREFUSED, socket hang up) is its cause. */
function causeOf(e: Error): string {
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${e.message}: ${code && !cause.message.includes(code) ? `${code} ` : ''}${cause.message}`;
  }
  return e.message;
}

class FatalHttp extends Error {
  constructor(readonly error: HttpError) {
    super(error.message);
  }
}

function failNow(e: HttpError): never {
  throw new FatalHttp(e);
}
