/**
 * GitHub pull requests: `kvetch check gh:owner/repo#12` or the pull request's URL reads its
 * commits as a patch series (the title and body are the cover letter). GITHUB_TOKEN, when set,
 * authenticates (public repositories need none, but the anonymous rate limit is 60 an hour);
 * KVETCH_GITHUB_API or `--github-base` names another API root. The app reads pull requests
 * the same way, through its installation's client (src/app/).
 */
import type { Source } from '../../model/source.js';
import { apiBaseFor, cliOctokit } from './octokit.js';
import { readPullSeries } from './pull-series.js';
import { claimsGitHubRef, parseGitHubRef } from './ref.js';

export const githubSource: Source = {
  type: 'github',
  summary: 'a GitHub pull request: gh:<owner>/<repo>#<n> or its URL (GITHUB_TOKEN authenticates)',
  claims: claimsGitHubRef,
  open(arg, ctx) {
    const ref = parseGitHubRef(arg);
    const baseUrl = ctx.bases.github ?? apiBaseFor(ref.host, ctx.env);
    const name = `gh:${ref.owner}/${ref.repo}#${ref.number}`;
    return {
      name,
      local: false,
      async *items() {
        ctx.onFetch?.(name);
        const warn = (o: object | string, msg?: string) => {
          const i = (typeof o === 'object' ? o : {}) as { url?: string; retryAfter?: number };
          ctx.onRetry?.({ url: i.url ?? name, attempt: 1, error: msg ?? (typeof o === 'string' ? o : 'rate limited'), delayMs: (i.retryAfter ?? 0) * 1000 });
        };
        const api = cliOctokit({ baseUrl, token: ctx.env.GITHUB_TOKEN, log: { warn }, ...(ctx.http?.retries !== undefined ? { retries: ctx.http.retries } : {}) });
        const s = await readPullSeries(api, ref);
        yield* s.items;
      },
    };
  },
};
