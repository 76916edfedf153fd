/**
 * A local bare mirror of one public-inbox v2 epoch (`<list>/git/<N>.git`), fetched over smart
 * HTTP: only new commits travel. Each commit holds one message in blob `m` (or `d` when a
 * message was deleted), in the order the inbox received them.
 */
import { access, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isNotFound, runGit, runGitWithRetries, type RetryPolicy } from './git-run.js';

export interface EpochRepo {
  /** The bare repository on disk. */
  gitDir: string;
  /** `<base>/<list>/git/<N>.git`. */
  url: string;
  policy: RetryPolicy;
  /** Per git command (ms). */
  timeoutMs: number;
  /** Seconds without data before git gives up on the HTTP transfer. */
  lowSpeedSeconds: number;
}

const REF = 'refs/remotes/origin/master';

export async function openEpochRepo(cacheDir: string, key: string, epoch: number, url: string, policy: RetryPolicy, timeoutMs: number, lowSpeedSeconds: number): Promise<EpochRepo> {
  const gitDir = join(cacheDir, key, `${epoch}.git`);
  const repo = { gitDir, url, policy, timeoutMs, lowSpeedSeconds };
  try {
    await access(join(gitDir, 'HEAD'));
  } catch {
    await mkdir(gitDir, { recursive: true });
    await runGit(['init', '--bare', '--quiet', gitDir], { timeoutMs });
  }
  return repo;
}

function netArgs(repo: EpochRepo): string[] {
  return ['-c', 'http.lowSpeedLimit=1', '-c', `http.lowSpeedTime=${repo.lowSpeedSeconds}`];
}

/**
 * The epoch's newest commit on the server: a sha, null when the epoch has no commit yet, or
 * `missing` when the server has no such epoch.
 */
export async function remoteHead(url: string, policy: RetryPolicy, timeoutMs: number, lowSpeedSeconds: number): Promise<string | null> {
  let stdout: Buffer;
  try {
    ({ stdout } = await runGitWithRetries(url, ['-c', 'http.lowSpeedLimit=1', '-c', `http.lowSpeedTime=${lowSpeedSeconds}`, 'ls-remote', url, 'refs/heads/master'], { timeoutMs }, policy));
  } catch (e) {
    if (isNotFound(e)) return 'missing';
    throw e;
  }
  const m = /^([0-9a-f]{40,64})\s+refs\/heads\/master$/m.exec(stdout.toString('utf8'));
  return m?.[1] ?? null;
}

/** Fetch the server's master; `depth`/`since` limit history for a mirror that starts late. */
export async function fetchMaster(repo: EpochRepo, limit: { depth?: number; sinceUnix?: number; unshallow?: boolean } = {}): Promise<string> {
  const args = [...netArgs(repo), 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head'];
  if (limit.depth) args.push(`--depth=${limit.depth}`);
  if (limit.sinceUnix !== undefined) args.push(`--shallow-since=${limit.sinceUnix}`);
  if (limit.unshallow) args.push('--unshallow');
  args.push(repo.url, `+refs/heads/master:${REF}`);
  await runGitWithRetries(repo.url, args, { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs }, repo.policy);
  const { stdout } = await runGit(['rev-parse', '--verify', REF], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs });
  return stdout.toString('utf8').trim();
}

export async function hasCommit(repo: EpochRepo, commit: string): Promise<boolean> {
  const { code } = await runGit(['cat-file', '-e', `${commit}^{commit}`], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs, okCodes: [1, 128] });
  return code === 0;
}

export async function isShallow(repo: EpochRepo): Promise<boolean> {
  const { stdout } = await runGit(['rev-parse', '--is-shallow-repository'], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs });
  return stdout.toString('utf8').trim() === 'true';
}

export async function isAncestor(repo: EpochRepo, older: string, newer: string): Promise<boolean> {
  const { code } = await runGit(['merge-base', '--is-ancestor', older, newer], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs, okCodes: [1] });
  return code === 0;
}

/** Commits after `from` (all when null) up to `head`, oldest first, with their committer times. */
export async function commitsAfter(repo: EpochRepo, from: string | null, head: string): Promise<{ commit: string; time: number }[]> {
  const range = from ? `${from}..${head}` : head;
  const { stdout } = await runGit(['log', '--reverse', '--first-parent', '--format=%H %ct', range], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs });
  const out: { commit: string; time: number }[] = [];
  for (const line of stdout.toString('utf8').split('\n')) {
    const m = /^([0-9a-f]{40,64}) (\d+)$/.exec(line);
    if (m) out.push({ commit: m[1] as string, time: Number(m[2]) });
  }
  return out;
}

/** Committer time of one commit (unix seconds). */
export async function commitTime(repo: EpochRepo, commit: string): Promise<number> {
  const { stdout } = await runGit(['log', '-1', '--format=%ct', commit], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs });
  return Number(stdout.toString('utf8').trim()) || 0;
}

/** The message of each commit (blob `m`), or null for a deletion commit (`d`), in order. */
export async function readMessages(repo: EpochRepo, commits: string[]): Promise<(Buffer | null)[]> {
  if (commits.length === 0) return [];
  const { stdout } = await runGit(['cat-file', '--batch'], { gitDir: repo.gitDir, timeoutMs: repo.timeoutMs, input: commits.map((c) => `${c}:m\n`).join('') });
  const out: (Buffer | null)[] = [];
  let pos = 0;
  for (const commit of commits) {
    const nl = stdout.indexOf(0x0a, pos);
    if (nl < 0) throw new Error(`${repo.gitDir}: git cat-file output ends early at ${commit}`);
    const header = stdout.toString('utf8', pos, nl);
    pos = nl + 1;
    if (header.endsWith(' missing')) {
      out.push(null);
      continue;
    }
    const m = /^[0-9a-f]+ blob (\d+)$/.exec(header);
    if (!m) throw new Error(`${repo.gitDir}: unexpected git cat-file output for ${commit}: ${header}`);
    const size = Number(m[1]);
    out.push(Buffer.from(stdout.subarray(pos, pos + size)));
    pos += size + 1;
  }
  return out;
}
