/**
 * The GitHub fake's read routes for a repository: the repository, a pull request, its commits
 * (GitHub lists at most 250, whatever the count), a commit's history (`commits?sha=`), its files, one commit (JSON, or with
 * `Accept: application/vnd.github.patch` / `.v3.patch` the stored format-patch text, or `.diff`
 * its diff part) and a file's contents on a ref (branch, `refs/heads/…` or sha).
 *
 * Patch media type: sent as `Content-Type: text/plain; charset=utf-8` with
 * `X-GitHub-Media-Type: github.v3; param=patch`, which is what github.com answers as far as we
 * know (not checkable from here: the OpenAPI description only names the media type); Octokit
 * reads any `text/*` body as a string. The body is validated under the documented
 * `application/vnd.github.patch` response (a string).
 */
import { type Answer, type Ctx, error, notFound, paginate } from './answer.js';
import { repoJson } from './json.js';
import { commitJson, contentJson, diffEntryJson, pullJson } from './json-pull.js';
import type { GhPull, GhRepo } from './store.js';

export const PULL_COMMITS_LIMIT = 250;

export function findRepo(c: Ctx): GhRepo | undefined {
  return c.store.repo(c.params.owner ?? '', c.params.repo ?? '');
}

export function findPull(c: Ctx, r: GhRepo): GhPull | undefined {
  return c.store.pull(r, Number(c.params.pull_number));
}

export function repoRoute(id: string, c: Ctx): Answer | null {
  const r = findRepo(c);
  if (!r) return notFound();
  const owner = c.store.user(r.owner);
  switch (id) {
    case 'repos/get':
      return { status: 200, json: repoJson(r, owner, c.x) };
    case 'pulls/get':
    case 'pulls/list-commits':
    case 'pulls/list-files': {
      const p = findPull(c, r);
      if (!p) return notFound();
      const head = c.store.headSha(p);
      if (id === 'pulls/get') {
        if (/application\/vnd\.github(\.v3)?\.(patch|diff)/.test(c.accept)) return error(415, 'The fake serves pull requests as JSON only');
        return { status: 200, json: pullJson(p, head, owner, c.x) };
      }
      if (id === 'pulls/list-commits') {
        return paginate(p.commits.slice(0, PULL_COMMITS_LIMIT), c, (k) => commitJson(r, k, null, c.x, false));
      }
      return paginate(p.files, c, (f) => diffEntryJson(r, f, head, c.x));
    }
    case 'repos/get-commit':
      return commit(r, c);
    case 'repos/list-commits':
      return history(r, c);
    case 'repos/get-content':
      return content(r, c);
    default:
      return null;
  }
}

function commit(r: GhRepo, c: Ctx): Answer {
  const ref = c.params.ref ?? '';
  const sha = r.branches.get(ref.replace(/^refs\/heads\//, '')) ?? ref;
  const k = r.commits.get(sha) ?? [...r.commits.values()].find((x) => ref.length >= 7 && x.sha.startsWith(ref));
  if (!k) return error(422, `No commit found for SHA: ${ref}`);
  const media = /application\/vnd\.github(?:\.v3)?\.(patch|diff|sha)/.exec(c.accept)?.[1];
  if (media) {
    const text = media === 'sha' ? k.sha : media === 'diff' ? diffPart(k.patch) : k.patch;
    return { status: 200, text: { body: text, contentType: 'text/plain; charset=utf-8', mediaType: `application/vnd.github.${media}` }, headers: { 'X-GitHub-Media-Type': `github.v3; param=${media}` } };
  }
  return { status: 200, json: commitJson(r, k, null, c.x, true) };
}

/** `GET /repos/{owner}/{repo}/commits?sha=`: the history from that commit back, newest first (parents followed). */
function history(r: GhRepo, c: Ctx): Answer {
  const start = c.query.get('sha') ?? r.branches.get(r.defaultBranch) ?? '';
  const out = [];
  for (let k = r.commits.get(r.branches.get(start) ?? start); k; k = r.commits.get(k.parents[0] ?? '')) out.push(k);
  return paginate(out, c, (k) => commitJson(r, k, null, c.x, false));
}

function diffPart(patch: string): string {
  const i = patch.indexOf('\ndiff --git ');
  const d = i < 0 ? '' : patch.slice(i + 1);
  return d.replace(/\n-- \n[\s\S]*$/, '\n');
}

function content(r: GhRepo, c: Ctx): Answer {
  const ref = c.query.get('ref') ?? r.defaultBranch;
  const names = c.store.aliases(r, ref);
  if (!names) return error(404, `No commit found for the ref ${ref}`);
  const path = (c.params.path ?? '').replace(/^\/+/, '');
  for (const n of names) {
    const text = r.files.get(n)?.get(path);
    if (text !== undefined) return { status: 200, json: contentJson(r, path, text, ref, c.x) };
  }
  return notFound();
}
