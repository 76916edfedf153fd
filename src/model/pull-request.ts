/**
 * A GitHub pull request as the GitHub source reads it and the GitHub channels answer it. The
 * REST client is whatever speaks `request(route, params)` the way octokit does (the app hands
 * in Probot's installation client, `kvetch check` its own): model/ names no octokit type.
 */

export interface RestResponse {
  status: number;
  data: unknown;
  headers: Readonly<Record<string, string | number | undefined>>;
}

/** `request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { owner, repo, pull_number })`. */
export interface RestApi {
  request(route: string, params?: Record<string, unknown>): Promise<RestResponse>;
}

export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

/** The lines of the pull request's diff (base…head) a review comment may be put on, per file. */
export interface DiffLines {
  /** New-file line numbers of added and context lines (side RIGHT). */
  right: ReadonlyMap<string, ReadonlySet<number>>;
  /** Old-file line numbers of removed and context lines (side LEFT), by the file's old path. */
  left: ReadonlyMap<string, ReadonlySet<number>>;
  /** Lines that are added (not context), new-file numbers: a finding there is the change itself. */
  added: ReadonlyMap<string, ReadonlySet<number>>;
  /** Lines that are removed, old-file numbers. */
  removed: ReadonlyMap<string, ReadonlySet<number>>;
}

/** The policy of the repository's `.github/kvetch.yml` that the channels apply. */
export type FailLevel = 'error' | 'warning' | 'info' | 'none';

/** What the GitHub channels answer: the pull request at one head commit, and how to reach it. */
export interface PullRequestTarget extends PullRequestRef {
  headSha: string;
  /** Its web page. */
  url: string;
  /** The REST client, authenticated as the app's installation. */
  api: RestApi;
  /** The app's bot login (`kvetch[bot]`): only its own comments are ever edited or deleted. */
  botLogin: string;
  /** The app's slug: only its own check runs are reused. */
  appSlug: string;
  diffLines: DiffLines;
  /** Findings whose line a later commit of the pull request changed: no line comment for them. */
  notAtHead: ReadonlySet<string>;
  failLevel: FailLevel;
  /** Line comments at most per run (the most severe first; 0: no limit); the rest stay in the check run. */
  maxComments: number;
  /**
   * Which check run this is: `head` (the first for the head commit) or a re-run's delivery id
   * (the "Re-run" button asks for a new check run).
   */
  run: string;
  /** Lore, patchwork or patchew links found in the pull request's body. */
  links: readonly string[];
  /** Said at the top of the summary (commits listed beyond the pulls endpoint's 250, …). */
  notes: readonly string[];
}
