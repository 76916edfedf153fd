/**
 * A pull request as patch mail, the way its author would have sent it to the list: the title
 * and body are the cover letter (`[PATCH vN 0/M]`), each commit's format-patch (as GitHub
 * serves it) is patch i/M in reply to the cover. Message-IDs are derived from the pull request,
 * the revision and the commit, so the same push always gives the same mails; the cover's
 * `change-id:` footer keys the series to the pull request across pushes. Pure.
 */
import { parseSubject } from '../../mail/subject.js';

export interface PullInfo {
  owner: string;
  repo: string;
  number: number;
  title: string;
  body: string;
  /** The author's login. */
  author: string;
  /** ISO date of the pull request (the cover letter's Date). */
  createdAt: string;
  headSha: string;
  baseSha: string;
}

export interface CommitPatch {
  sha: string;
  /** `git format-patch` text of the commit (GitHub's `application/vnd.github.patch`). */
  patch: string;
}

/** The series key of a pull request's mails (the cover's `change-id:`), the same for every push. */
export function pullChangeId(pr: Pick<PullInfo, 'owner' | 'repo' | 'number'>): string {
  return `github+${pr.owner}+${pr.repo}+${pr.number}`;
}

/** The revision the title names (`[PATCH bpf-next v3 0/5]`), or null when it names none. */
export function titleRevision(title: string): number | null {
  const s = parseSubject(title);
  return s.versionInferred ? null : s.version;
}

export function pullRequestMails(pr: PullInfo, commits: readonly CommitPatch[], revision: number): Buffer[] {
  const s = parseSubject(pr.title);
  const words = [s.rfc ? 'RFC' : '', 'PATCH', ...s.tags, revision > 1 ? `v${revision}` : ''].filter(Boolean).join(' ');
  const n = commits.length;
  const id = (i: number, sha: string) => `<pr${pr.number}-v${revision}-${i}-${sha.slice(0, 12)}@${pr.owner}.${pr.repo}.github>`;
  const coverId = id(0, pr.headSha);
  const title = (s.title || pr.title).replace(/[\r\n]+/g, ' ');
  const cover = [
    `From: ${pr.author} <${pr.author}@users.noreply.github.com>`,
    `Date: ${new Date(pr.createdAt).toUTCString().replace('GMT', '+0000')}`,
    `Subject: [${words} 0/${n}] ${title}`,
    `Message-ID: ${coverId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=UTF-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    coverBody(pr.body),
    '',
    `base-commit: ${pr.baseSha}`,
    `change-id: ${pullChangeId(pr)}`,
    '',
  ].join('\n');
  const out = [Buffer.from(cover, 'utf8')];
  commits.forEach((c, k) => {
    out.push(Buffer.from(patchMail(c.patch, { subjectPrefix: `[${words} ${k + 1}/${n}]`, messageId: id(k + 1, c.sha), inReplyTo: coverId }), 'utf8'));
  });
  return out;
}

/** The body as the cover's text: a line that would read as a diff is indented, so a pasted diff is never analysed. */
function coverBody(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => (/^(diff |--- |\+\+\+ |@@ |Index: |index [0-9a-f]|-- ?$|---$)/.test(l) ? `  ${l}` : l))
    .join('\n')
    .trimEnd();
}

interface PatchHeaders {
  subjectPrefix: string;
  messageId: string;
  inReplyTo: string;
}

/** GitHub's format-patch of one commit, with the series' subject prefix and threading headers. */
export function patchMail(patch: string, h: PatchHeaders): string {
  let text = patch.replace(/\r\n/g, '\n');
  if (/^From [0-9a-f]{7,64} /.test(text)) text = text.slice(text.indexOf('\n') + 1);
  const split = text.indexOf('\n\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split);
  const headers = head.split('\n').reduce<string[]>((acc, line) => {
    if (/^[ \t]/.test(line) && acc.length > 0) acc[acc.length - 1] += `\n${line}`;
    else if (line !== '') acc.push(line);
    return acc;
  }, []);
  const kept = headers.filter((l) => !/^(message-id|in-reply-to|references):/i.test(l));
  const at = kept.findIndex((l) => /^subject:/i.test(l));
  const subjectLine = at >= 0 ? (kept[at] as string) : 'Subject: (no subject)';
  const value = subjectLine.slice(subjectLine.indexOf(':') + 1).replace(/^\s*\[[^\]]*\]\s*/, '').trimStart();
  const subject = `Subject: ${h.subjectPrefix} ${value}`;
  if (at >= 0) kept[at] = subject;
  else kept.push(subject);
  kept.push(`Message-ID: ${h.messageId}`, `In-Reply-To: ${h.inReplyTo}`, `References: ${h.inReplyTo}`);
  return `${kept.join('\n')}${body}`;
}
