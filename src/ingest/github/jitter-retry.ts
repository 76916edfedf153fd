/**
 * An Octokit plugin: a request that fails with a 5xx (a network error is a 500 to Octokit) is
 * retried a few times with exponential backoff and "equal jitter" (http/client.ts `jittered`),
 * so clients that failed together (GitHub down for everyone, several app replicas) come back
 * spread out. It replaces @octokit/plugin-retry, whose waits are fixed (1 s, 4 s, 9 s). Rate
 * limits (403/429 with `Retry-After`) are the throttling plugin's: not retried here.
 */
import type { Octokit } from '@octokit/core';
import { jittered } from '../http/client.js';

export interface JitterRetryOptions {
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** Backoff before the first retry (default 1000 ms), doubled each retry. */
  baseMs?: number;
  /** Random numbers in [0, 1) (tests make them predictable). */
  random?: () => number;
  /** How a retry waits (tests record it instead). */
  sleep?: (ms: number) => Promise<void>;
  /** Told about every retry. */
  onRetry?: (info: { method: string; url: string; status: number; attempt: number; delayMs: number }) => void;
}

const retried = (status: number): boolean => status >= 500 && status !== 501;
const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function jitterRetry(octokit: Octokit, options: object): void {
  const o = (options as { jitterRetry?: JitterRetryOptions }).jitterRetry ?? {};
  const retries = o.retries ?? 3;
  const base = o.baseMs ?? 1000;
  const random = o.random ?? Math.random;
  const sleep = o.sleep ?? wait;
  octokit.hook.wrap('request', async (request, opts) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(opts);
      } catch (e) {
        const status = (e as { status?: unknown }).status;
        if (typeof status !== 'number' || !retried(status) || attempt >= retries) throw e;
        const delayMs = jittered(base * 2 ** attempt, random);
        o.onRetry?.({ method: String(opts.method), url: String(opts.url), status, attempt: attempt + 1, delayMs });
        await sleep(delayMs);
      }
    }
  });
}
