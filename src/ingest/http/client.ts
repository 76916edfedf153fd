/**
 * HTTP for the live sources: a timeout per attempt, retries with exponential backoff on
 * network errors, timeouts, 429, 5xx and bodies that fail `validate` (a cut gzip); 4xx other
 * than 429 fail at once. Never logs tokens.
 */
export interface HttpOptions {
  headers?: Record<string, string>;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Attempts after the first (default 4). */
  retries?: number;
  /** First backoff (default 500 ms), doubled each retry. */
  backoffMs?: number;
  /** Told about every retry: what failed and how long until the next attempt. */
  onRetry?: (info: { url: string; attempt: number; error: string; delayMs: number }) => void;
  /** Follow redirects (default true). */
  redirect?: 'follow' | 'manual';
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

export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    /** The start of the response body of a failed request (4xx/5xx), for callers that tell 404s apart. */
    readonly body?: string,
  ) {
    super(message);
  }
}

export interface HttpResponse {
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
}

/** GET `url`; the body is read whole (a cut body is an error and is retried). */
export async function httpGet(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  return httpRequest(url, opts);
}

/** Any method; see HttpRequestOptions. Errors are HttpError naming the URL. */
export async function httpRequest(url: string, opts: HttpRequestOptions = {}): Promise<HttpResponse> {
  const retries = opts.retries ?? 4;
  let delay = opts.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      const init: RequestInit = { method: opts.method ?? 'GET', headers: opts.headers, redirect: opts.redirect ?? 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) };
      if (opts.body !== undefined) init.body = opts.body;
      const res = await fetch(url, init);
      const body = Buffer.from(await res.arrayBuffer());
      const snippet = () => body.toString('utf8', 0, Math.min(body.length, 512));
      if (res.status === 429 || res.status >= 500) throw new HttpError(`${url}: HTTP ${res.status}`, url, res.status, snippet());
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
        throw new HttpError(`${url}: ${msg}${tries}`, url, e instanceof HttpError ? e.status : undefined, e instanceof HttpError ? e.body : undefined);
      }
      opts.onRetry?.({ url, attempt: attempt + 1, error: msg, delayMs: delay });
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
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
