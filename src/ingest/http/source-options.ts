/**
 * What every live-source function takes: a logger (pino or anything shaped like it) and the
 * HTTP policy (timeouts, retries, backoff).
 */
import type { Log } from '../../model/log.js';
import type { HttpOptions } from './client.js';

export interface SourceOptions {
  log?: Log;
  http?: HttpOptions;
}

/** HTTP options whose retries are also logged as warnings. */
export function httpWithLog(opts: SourceOptions): HttpOptions {
  const http = opts.http ?? {};
  const log = opts.log;
  if (!log) return http;
  return {
    ...http,
    onRetry: (info) => {
      log.warn(info, `retrying ${info.url} in ${info.delayMs} ms: ${info.error}`);
      http.onRetry?.(info);
    },
  };
}
