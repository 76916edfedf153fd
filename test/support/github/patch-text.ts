/**
 * `git format-patch` text for the GitHub fake's commits, made up for the tests: the mbox
 * `From <sha> Mon Sep 17 00:00:00 2001` line, From:, Date:, `Subject: [PATCH] …`, the body,
 * `---`, the diffstat, one `diff --git` per hunk spec (hunk counts right) and the `-- ` trailer.
 */
import { diffstat, parseDiff, sha1 } from './patch.js';

export interface HunkSpec {
  path: string;
  /** First line of the hunk, old and new file (default 1). */
  start?: number;
  before?: string[];
  removed?: string[];
  added?: string[];
  after?: string[];
  /** A new file (`--- /dev/null`); only `added` lines. */
  newFile?: boolean;
}

export interface PatchSpec {
  subject: string;
  body?: string;
  author?: string;
  date?: Date;
  hunks: HunkSpec[];
}

export function formatPatch(o: PatchSpec): string {
  const diffs = o.hunks.map((h) => {
    const before = h.newFile ? [] : (h.before ?? []);
    const after = h.newFile ? [] : (h.after ?? []);
    const removed = h.newFile ? [] : (h.removed ?? []);
    const added = h.added ?? [];
    const start = h.start ?? 1;
    const oldN = before.length + removed.length + after.length;
    const newN = before.length + added.length + after.length;
    const head = h.newFile
      ? [`diff --git a/${h.path} b/${h.path}`, 'new file mode 100644', 'index 0000000..1111111', '--- /dev/null', `+++ b/${h.path}`, `@@ -0,0 +1,${newN} @@`]
      : [`diff --git a/${h.path} b/${h.path}`, 'index 1111111..2222222 100644', `--- a/${h.path}`, `+++ b/${h.path}`, `@@ -${start},${oldN} +${start},${newN} @@`];
    return [...head, ...before.map((l) => ` ${l}`), ...removed.map((l) => `-${l}`), ...added.map((l) => `+${l}`), ...after.map((l) => ` ${l}`)].join('\n');
  });
  const diff = `${diffs.join('\n')}\n`;
  const date = (o.date ?? new Date('2024-03-04T10:00:00Z')).toUTCString().replace('GMT', '+0000');
  return [
    `From ${sha1(o.subject + diff)} Mon Sep 17 00:00:00 2001`,
    `From: ${o.author ?? 'Jane Hacker <jane@example.org>'}`,
    `Date: ${date}`,
    `Subject: [PATCH] ${o.subject}`,
    '',
    ...(o.body ? [o.body, ''] : []),
    'Signed-off-by: Jane Hacker <jane@example.org>',
    '---',
    diffstat(parseDiff(diff)),
    '',
    `${diff}-- `,
    '2.45.0',
    '',
  ].join('\n');
}
