/**
 * A pull request named on the command line: `gh:owner/repo#12`, `github:owner/repo#12`, or its
 * web URL (`https://github.com/owner/repo/pull/12`, any host for GitHub Enterprise). Pure.
 */
import { UserError } from '../../model/errors.js';
import type { PullRequestRef } from '../../model/pull-request.js';
import { httpUrl } from '../http/url.js';

export class GitHubRefError extends UserError {
  override name = 'GitHubRefError';
}

const NAME = /^[A-Za-z0-9_.-]+$/;
const SHORT = /^(?:gh|github):([^/\s]+)\/([^#\s]+)#(\d+)$/;

export function claimsGitHubRef(arg: string): boolean {
  if (/^(?:gh|github):/.test(arg)) return true;
  const u = httpUrl(arg);
  return u !== null && /^\/[^/]+\/[^/]+\/pull\/\d+/.test(u.pathname) && /github/i.test(u.hostname);
}

export interface ParsedPullRef extends PullRequestRef {
  /** The web host, when a URL named it (`github.com`, a GitHub Enterprise host). */
  host?: string;
}

export function parseGitHubRef(arg: string): ParsedPullRef {
  const text = arg.trim();
  const short = SHORT.exec(text);
  if (short) return checked(short[1] as string, short[2] as string, short[3] as string, text);
  const u = httpUrl(text);
  const m = u ? /^\/([^/]+)\/([^/]+)\/pull\/(\d+)/.exec(u.pathname) : null;
  if (u && m) return { ...checked(m[1] as string, m[2] as string, m[3] as string, text), host: u.host };
  throw new GitHubRefError(`"${text}" is not a pull request: expected gh:<owner>/<repo>#<number> or https://github.com/<owner>/<repo>/pull/<number>`);
}

function checked(owner: string, repo: string, n: string, text: string): PullRequestRef {
  if (!NAME.test(owner) || !NAME.test(repo)) throw new GitHubRefError(`"${text}": "${owner}/${repo}" is not a GitHub repository name`);
  const number = Number(n);
  if (!Number.isSafeInteger(number) || number < 1) throw new GitHubRefError(`"${text}": pull request numbers start at 1`);
  return { owner, repo, number };
}
