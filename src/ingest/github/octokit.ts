/**
 * The octokit kvetch talks to GitHub with: @octokit/core with kvetch's retry plugin (5xx, with
 * backoff and jitter, ./jitter-retry.ts) and the throttling plugin (primary and secondary rate
 * limits, `Retry-After`), both retried a bounded number of times. `kvetch check gh:…` builds one from GITHUB_TOKEN; the app
 * gives Probot the same throttle policy.
 */
import { Octokit } from '@octokit/core';
import { throttling } from '@octokit/plugin-throttling';
import type { Log } from '../../model/log.js';
import type { RestApi, RestResponse } from '../../model/pull-request.js';
import { userAgent } from '../http/user-agent.js';
import { jitterRetry, type JitterRetryOptions } from './jitter-retry.js';

/** Rate-limited requests are retried this many times, then the error reaches the caller. */
export const RATE_LIMIT_RETRIES = 3;

interface Throttled {
  method: string;
  url: string;
  request: object;
}

/** The throttling plugin's policy: wait as told (`Retry-After`, reset time) and retry, a few times. */
export function throttlePolicy(log: Pick<Log, 'warn'>) {
  const onLimit = (kind: string) => (retryAfter: number, options: Throttled) => {
    const retryCount = (options.request as { retryCount?: number }).retryCount ?? 0;
    const retrying = retryCount < RATE_LIMIT_RETRIES;
    log.warn({ method: options.method, url: options.url, retryAfter, retrying }, `GitHub ${kind} rate limit`);
    return retrying;
  };
  return { onRateLimit: onLimit('primary'), onSecondaryRateLimit: onLimit('secondary') };
}

export const KvetchOctokit = Octokit.plugin(throttling, jitterRetry);

/** octokit as a RestApi (model/ knows no octokit type). */
export function restApi(octokit: { request: (route: string, params?: Record<string, unknown>) => Promise<unknown> }): RestApi {
  return { request: (route, params) => octokit.request(route, params) as Promise<RestResponse> };
}

/** The API root for a web host: github.com's, or GitHub Enterprise's `/api/v3`. */
export function apiBaseFor(host: string | undefined, env: NodeJS.ProcessEnv): string {
  if (env.KVETCH_GITHUB_API) return env.KVETCH_GITHUB_API.replace(/\/+$/, '');
  if (!host || host === 'github.com' || host === 'www.github.com') return 'https://api.github.com';
  return `https://${host}/api/v3`;
}

export function cliOctokit(o: { baseUrl: string; token?: string | undefined; log: Pick<Log, 'warn'>; retries?: number; retry?: JitterRetryOptions }): RestApi {
  const octokit = new KvetchOctokit({
    baseUrl: o.baseUrl,
    userAgent: userAgent(),
    ...(o.token ? { auth: o.token } : {}),
    throttle: throttlePolicy(o.log),
    jitterRetry: { ...o.retry, ...(o.retries !== undefined ? { retries: o.retries } : {}) },
  });
  return restApi(octokit);
}
