/**
 * Commits as GitHub serves them (`application/vnd.github.patch`: one `git format-patch` per
 * commit, `[PATCH]` subject, no threading headers), cut from the patch mails of an mbox:
 * the PRs of the GitHub tests are made of the examples, the seeds and corpus series.
 */
import { createHash } from 'node:crypto';

export interface FormatPatch {
  sha: string;
  patch: string;
  title: string;
}

/** The patch mails of `mbox` (those with a diff, and the subject filter's), each as a format-patch of its own. */
export function formatPatches(mbox: string, keep: (subject: string) => boolean = () => true): FormatPatch[] {
  const mails = mbox.split(/^(?=From \S+ \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}$)/m).filter((m) => m.trim());
  return mails.map((m) => formatPatchOf(m.replace(/^From .*\n/, ''), keep)).filter((p): p is FormatPatch => p !== null);
}

/** One patch mail (headers and body, no mbox From line) as GitHub's format-patch of its commit; null for a mail without a diff. */
export function formatPatchOf(text: string, keep: (subject: string) => boolean = () => true): FormatPatch | null {
  const split = text.indexOf('\n\n');
  if (split < 0 || !/^diff --git /m.test(text)) return null;
  const headers = text.slice(0, split).replace(/\n[ \t]+/g, ' ').split('\n');
  const subject = (headers.find((h) => /^subject:/i.test(h)) ?? 'Subject: ').replace(/^subject:\s*/i, '');
  if (!keep(subject)) return null;
  const title = subject.replace(/^(\[[^\]]*\]\s*)+/, '');
  const kept = headers.filter((h) => /^(from|date|mime-version|content-type|content-transfer-encoding):/i.test(h));
  const sha = createHash('sha1').update(text).digest('hex');
  return { sha, title, patch: [`From ${sha} Mon Sep 17 00:00:00 2001`, ...kept, `Subject: [PATCH] ${title}`, text.slice(split)].join('\n').replace(/\n\n\n/, '\n\n') };
}
