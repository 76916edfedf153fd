/**
 * The fake's reading of a commit's `git format-patch` text: From:, Date: and Subject: (the
 * `[PATCH…]` tag dropped, folded lines joined) and the body up to `---` for the commit JSON, and
 * the diff, file by file, for the PR's files: name, previous name, status, hunks, counts. Also
 * which lines of a file's hunks a review comment may be put on (GitHub's "part of the diff"):
 * RIGHT = new-file numbers of added and context lines, LEFT = old-file numbers of removed and
 * context lines.
 */
import { createHash } from 'node:crypto';

export interface PatchMeta {
  authorName: string;
  authorEmail: string;
  /** ISO 8601, UTC. */
  date: string;
  subject: string;
  /** Subject, blank line, body (the commit message as `git log` stores it). */
  message: string;
}

export interface FileDiff {
  filename: string;
  previousFilename?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed';
  /** Hunks, each from its `@@` line, without a trailing newline. */
  hunks: string[];
  additions: number;
  deletions: number;
}

export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

export function parsePatchMeta(patch: string): PatchMeta {
  const lines = patch.replace(/\r\n/g, '\n').split('\n');
  const headers: Record<string, string> = {};
  let i = lines[0]?.startsWith('From ') ? 1 : 0;
  let last = '';
  for (; i < lines.length; i++) {
    const l = lines[i] ?? '';
    if (l === '') break;
    if (/^[ \t]/.test(l) && last) headers[last] += ` ${l.trim()}`;
    else {
      const m = /^([\w-]+):\s*(.*)$/.exec(l);
      if (m) headers[(last = (m[1] ?? '').toLowerCase())] = m[2] ?? '';
    }
  }
  const body: string[] = [];
  for (i++; i < lines.length && lines[i] !== '---' && !lines[i]?.startsWith('diff --git '); i++) body.push(lines[i] ?? '');
  while (body.length > 0 && body[body.length - 1] === '') body.pop();
  const from = headers.from ?? 'Unknown <unknown@example.org>';
  const fm = /^\s*"?([^"<]*?)"?\s*<([^>]+)>/.exec(from);
  const when = new Date(headers.date ?? '2024-01-01T00:00:00Z');
  const subject = (headers.subject ?? '').replace(/^\[[^\]]*PATCH[^\]]*\]\s*/i, '');
  return {
    authorName: fm ? (fm[1] ?? '').trim() : from.trim(),
    authorEmail: fm ? (fm[2] ?? '') : from.trim(),
    date: (Number.isNaN(when.getTime()) ? new Date('2024-01-01T00:00:00Z') : when).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    subject,
    message: body.length > 0 ? `${subject}\n\n${body.join('\n')}` : subject,
  };
}

export function parseDiff(patch: string): FileDiff[] {
  const out: FileDiff[] = [];
  let cur: FileDiff | null = null;
  let hunk: string[] | null = null;
  const close = (): void => {
    if (cur && hunk) cur.hunks.push(hunk.join('\n'));
    hunk = null;
  };
  for (const l of patch.replace(/\r\n/g, '\n').split('\n')) {
    const g = /^diff --git a\/(.+) b\/(.+)$/.exec(l);
    if (g) {
      close();
      cur = { filename: g[2] ?? '', status: 'modified', hunks: [], additions: 0, deletions: 0 };
      out.push(cur);
      continue;
    }
    if (!cur) continue;
    if (hunk === null) {
      if (l.startsWith('new file mode')) cur.status = 'added';
      else if (l.startsWith('deleted file mode')) cur.status = 'removed';
      else if (l.startsWith('rename from ')) {
        cur.status = 'renamed';
        cur.previousFilename = l.slice('rename from '.length);
      } else if (l.startsWith('rename to ')) cur.filename = l.slice('rename to '.length);
    }
    if (l.startsWith('@@ ')) {
      close();
      hunk = [l];
      continue;
    }
    if (hunk === null) continue;
    if (l === '-- ' || !/^[-+ \\]/.test(l)) {
      close();
      if (l === '-- ') cur = null;
      continue;
    }
    hunk.push(l);
    if (l.startsWith('+')) cur.additions++;
    else if (l.startsWith('-')) cur.deletions++;
  }
  close();
  return out;
}

/** The files of several commits' diffs: each file's hunks concatenated in commit order. */
export function mergeDiffs(diffs: FileDiff[][]): FileDiff[] {
  const byName = new Map<string, FileDiff>();
  for (const files of diffs) {
    for (const f of files) {
      const prev = (f.previousFilename && byName.get(f.previousFilename)) || byName.get(f.filename);
      if (!prev) {
        byName.set(f.filename, { ...f, hunks: [...f.hunks] });
        continue;
      }
      byName.delete(prev.filename);
      const status = prev.status === 'added' && f.status !== 'removed' ? 'added' : f.status === 'modified' ? prev.status : f.status;
      const merged: FileDiff = { ...prev, filename: f.filename, status, hunks: [...prev.hunks, ...f.hunks], additions: prev.additions + f.additions, deletions: prev.deletions + f.deletions };
      if (f.previousFilename && !prev.previousFilename && prev.status !== 'added') merged.previousFilename = f.previousFilename;
      byName.set(f.filename, merged);
    }
  }
  return [...byName.values()];
}

export interface DiffLine {
  hunk: number;
  /** Index of the line inside its hunk (0 = the `@@` line). */
  index: number;
}

/** Where each commentable line of a file's hunks is, per side and line number. */
export function diffLines(hunks: string[]): { LEFT: Map<number, DiffLine>; RIGHT: Map<number, DiffLine> } {
  const left = new Map<number, DiffLine>();
  const right = new Map<number, DiffLine>();
  hunks.forEach((h, hi) => {
    const lines = h.split('\n');
    const m = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(lines[0] ?? '');
    if (!m) return;
    let oldNo = Number(m[1]);
    let newNo = Number(m[2]);
    lines.forEach((l, index) => {
      if (index === 0) return;
      const at = { hunk: hi, index };
      if (l.startsWith('+')) right.set(newNo++, at);
      else if (l.startsWith('-')) left.set(oldNo++, at);
      else if (l.startsWith(' ')) {
        left.set(oldNo++, at);
        right.set(newNo++, at);
      }
    });
  });
  return { LEFT: left, RIGHT: right };
}

/** `git format-patch`'s diffstat lines for a set of files. */
export function diffstat(files: FileDiff[]): string {
  const w = Math.max(0, ...files.map((f) => f.filename.length));
  const rows = files.map((f) => ` ${f.filename.padEnd(w)} | ${f.additions + f.deletions} ${'+'.repeat(f.additions)}${'-'.repeat(f.deletions)}`);
  const ins = files.reduce((n, f) => n + f.additions, 0);
  const del = files.reduce((n, f) => n + f.deletions, 0);
  return [...rows, ` ${files.length} file${files.length === 1 ? '' : 's'} changed, ${ins} insertion${ins === 1 ? '' : 's'}(+), ${del} deletion${del === 1 ? '' : 's'}(-)`].join('\n');
}
