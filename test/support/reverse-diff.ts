/** `git apply -R` in text: swap the sides of every hunk header and line (file names stay). */
export function reverseDiff(diff: string): string {
  return diff
    .split('\n')
    .map((l) => {
      const h = /^@@ -(\d+(?:,\d+)?) \+(\d+(?:,\d+)?) @@(.*)$/.exec(l);
      if (h) return `@@ -${h[2]} +${h[1]} @@${h[3]}`;
      if (l.startsWith('+++ ') || l.startsWith('--- ')) return l;
      if (l.startsWith('+')) return `-${l.slice(1)}`;
      if (l.startsWith('-')) return `+${l.slice(1)}`;
      return l;
    })
    .join('\n');
}

/** The diff's `diff --git` sections whose path is not dropped. */
export function withoutFiles(diff: string, drop: (path: string) => boolean): string {
  return diff
    .split(/^(?=diff --git )/m)
    .filter((s) => {
      const m = /^diff --git a\/(\S+) b\//.exec(s);
      return !m || !drop(m[1] as string);
    })
    .join('');
}

/** A commit as GitHub's format-patch: From line, headers, body, `---`, the diff. */
export function asFormatPatch(o: { subject: string; body: string; diff: string; author?: string; date?: string }): string {
  return [
    'From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001',
    `From: ${o.author ?? 'Ada Example <ada@example.org>'}`,
    `Date: ${o.date ?? 'Wed, 20 Sep 2023 18:18:00 +0000'}`,
    `Subject: [PATCH] ${o.subject}`,
    '',
    o.body.trimEnd(),
    '---',
    // Not trimmed: a hunk may end with a blank context line (one space).
    o.diff.endsWith('\n') ? o.diff.slice(0, -1) : o.diff,
    '-- ',
    '2.39.5',
    '',
  ].join('\n');
}
