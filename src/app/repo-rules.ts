/** The repository's `.github/kvetch.yml`, read from its default branch (never from the pull request). */
import { ANALYZERS } from '../analyzers/index.js';
import { parseRepoConfig, REPO_CONFIG_PATH, type RepoConfigResult } from '../config/repo-config.js';
import type { RestApi } from '../model/pull-request.js';
import { statusOf } from '../report/github/writer.js';

export async function loadRepoRules(api: RestApi, owner: string, repo: string, defaultBranch: string): Promise<RepoConfigResult> {
  let text: string | null = null;
  try {
    const { data } = await api.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: REPO_CONFIG_PATH, ref: defaultBranch });
    const d = data as { content?: string; encoding?: string; type?: string };
    if (d.type !== undefined && d.type !== 'file') return { ok: false, error: `${REPO_CONFIG_PATH}: is a ${d.type}, not a file` };
    text = d.encoding === 'base64' ? Buffer.from(d.content ?? '', 'base64').toString('utf8') : (d.content ?? '');
  } catch (e) {
    if (statusOf(e) !== 404) throw e;
  }
  return parseRepoConfig(text, ANALYZERS.map((a) => a.meta.id));
}
