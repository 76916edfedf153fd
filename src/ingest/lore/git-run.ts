/**
 * Running git for the v2 inbox follower: one command, its output, a hard time limit, and errors
 * that say which command failed on which URL. Network commands are retried with exponential
 * backoff and full jitter.
 */
import { UserError } from '../../model/errors.js';
import { spawn } from 'node:child_process';
import { userAgent } from '../http/user-agent.js';

export class GitError extends UserError {
  constructor(
    message: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(message);
  }
}

export interface GitRunOptions {
  /** Repository (`--git-dir`); absent for commands such as ls-remote. */
  gitDir?: string;
  input?: string;
  /** Kill the command after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Exit codes that are answers, not failures (`merge-base --is-ancestor` exits 1 for "no"). */
  okCodes?: number[];
}

/** Run git; resolves with stdout and the exit code, rejects with GitError. */
export function runGit(args: string[], opts: GitRunOptions = {}): Promise<{ stdout: Buffer; code: number }> {
  const full = opts.gitDir ? ['--git-dir', opts.gitDir, ...args] : args;
  const shown = `git ${args.join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn('git', full, {
      stdio: ['pipe', 'pipe', 'pipe'],
      // git's requests name kvetch as the HTTP client's do.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C', GIT_ASKPASS: 'true', GIT_HTTP_USER_AGENT: userAgent() },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const limit = opts.timeoutMs ?? 600_000;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limit);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.stdin.on('error', () => {
      // the command exited before reading its input: its exit status says why
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(
        e.code === 'ENOENT'
          ? new GitError('git not found: following a public-inbox needs git (Debian package git)', null, '')
          : new GitError(`${shown}: ${e.message}`, null, ''),
      );
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (timedOut) return reject(new GitError(`${shown}: timed out after ${limit} ms`, null, stderr));
      if (code === 0 || (code !== null && opts.okCodes?.includes(code))) return resolve({ stdout: Buffer.concat(out), code });
      const why = stderr.split('\n').filter((l) => l.trim() !== '').slice(-2).join('; ') || `exit code ${code}`;
      reject(new GitError(`${shown}: ${why}`, code, stderr));
    });
    child.stdin.end(opts.input ?? '');
  });
}

export interface RetryPolicy {
  retries?: number;
  /** The cap of the first retry's wait (default 500 ms), doubled each retry; the wait is drawn below it (full jitter). */
  backoffMs?: number;
  onRetry?: (info: { url: string; attempt: number; error: string; delayMs: number }) => void;
  /** Random numbers in [0, 1) for the jitter (tests make it predictable). */
  random?: () => number;
  /** How a retry waits (tests record it instead). */
  sleep?: (ms: number) => Promise<void>;
}

/** A repository that does not exist is an answer, not a transient fault: no retry. */
export function isNotFound(e: unknown): boolean {
  return e instanceof GitError && /not found|returned error: 404|does not appear to be a git repository/i.test(e.stderr || e.message);
}

/** Run a network git command (`url` is for messages) with HttpOptions-style retries. */
export async function runGitWithRetries(url: string, args: string[], opts: GitRunOptions, policy: RetryPolicy): Promise<{ stdout: Buffer; code: number }> {
  const retries = policy.retries ?? 4;
  let cap = policy.backoffMs ?? 500;
  const random = policy.random ?? Math.random;
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 0; ; attempt++) {
    try {
      return await runGit(args, opts);
    } catch (e) {
      const missingGit = e instanceof GitError && e.code === null && /git not found/.test(e.message);
      if (missingGit || isNotFound(e) || attempt >= retries) {
        if (e instanceof GitError && attempt > 0) e.message += ` (gave up after ${attempt + 1} attempts)`;
        throw e;
      }
      // Full jitter: anywhere below the doubling cap, so followers that failed together (a
      // mirror restarting) do not come back at the same instant.
      const delay = Math.round(random() * cap);
      policy.onRetry?.({ url, attempt: attempt + 1, error: e instanceof Error ? e.message : String(e), delayMs: delay });
      await sleep(delay);
      cap *= 2;
    }
  }
}
