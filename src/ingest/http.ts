/**
 * HTTP GET for the live sources: a timeout per attempt, retries with exponential backoff on
 * network errors, timeouts, 429 and 5xx; 4xx other than 429 fail at once. Never logs tokens.
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

export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
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
  const retries = opts.retries ?? 4;
  let delay = opts.backoffMs ?? 500;
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { headers: opts.headers, redirect: opts.redirect ?? 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status === 429 || res.status >= 500) throw new HttpError(`${url}: HTTP ${res.status}`, url, res.status);
      if (res.status >= 400) return failNow(new HttpError(`${url}: HTTP ${res.status}`, url, res.status));
      return { url: res.url || url, status: res.status, headers: res.headers, body };
    } catch (e) {
      if (e instanceof FatalHttp) throw e.error;
      const msg = e instanceof Error ? (e.name === 'TimeoutError' ? `timed out after ${opts.timeoutMs ?? 30_000} ms` : e.message) : String(e);
      if (attempt >= retries) throw e instanceof HttpError ? e : new HttpError(`${url}: ${msg}`, url);
      opts.onRetry?.({ url, attempt: attempt + 1, error: msg, delayMs: delay });
      await new Promise((r) => setTimeout(r, delay));
      delay *= 2;
    }
  }
}

class FatalHttp extends Error {
  constructor(readonly error: HttpError) {
    super(error.message);
  }
}

function failNow(e: HttpError): never {
  throw new FatalHttp(e);
}
