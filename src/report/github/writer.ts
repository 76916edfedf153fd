/**
 * The GitHub channels' writes, in one place: sent when live, or, in dry run (the default),
 * logged with the method, the path and the body they would have sent, and not sent. Reads
 * always go out (a dry run is told what is there). Counts what it wrote, for the outcome.
 */
import type { Log } from '../../model/log.js';
import type { RestApi, RestResponse } from '../../model/pull-request.js';

export interface Writer {
  live: boolean;
  /** A write: done when live, logged otherwise (then null). */
  write(route: string, params: Record<string, unknown>, what: string): Promise<RestResponse | null>;
  read(route: string, params: Record<string, unknown>): Promise<RestResponse>;
  /** Writes done (or, in dry run, logged). */
  writes: number;
}

export function createWriter(api: RestApi, live: boolean, log: Log): Writer {
  const w: Writer = {
    live,
    writes: 0,
    read: (route, params) => api.request(route, params),
    async write(route, params, what) {
      w.writes++;
      if (live) return api.request(route, params);
      log.info({ request: expand(route, params), body: bodyOf(route, params) }, `dry-run: would ${what}`);
      return null;
    },
  };
  return w;
}

/** `PATCH /repos/o/r/check-runs/7` from the route and its parameters. */
export function expand(route: string, params: Record<string, unknown>): string {
  return route.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    return typeof v === 'string' || typeof v === 'number' ? encodeURIComponent(String(v)) : `{${k}}`;
  });
}

/** The parameters that are no part of the path: the JSON body. */
export function bodyOf(route: string, params: Record<string, unknown>): Record<string, unknown> {
  const inPath = new Set([...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
  return Object.fromEntries(Object.entries(params).filter(([k]) => !inPath.has(k) && k !== 'headers'));
}

/** The HTTP status of an octokit error (RequestError), or null. */
export function statusOf(e: unknown): number | null {
  const s = (e as { status?: unknown } | null)?.status;
  return typeof s === 'number' ? s : null;
}
