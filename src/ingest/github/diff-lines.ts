/**
 * Which lines of a pull request's diff a review comment may sit on, from the files endpoint's
 * per-file hunks (read through our diff parser): RIGHT = new-file numbers of added and
 * context lines, LEFT = old-file numbers of removed and context lines. Pure.
 */
import { parseDiff } from '../../diff/parse.js';
import type { DiffLines } from '../../model/pull-request.js';

export interface PullFile {
  filename: string;
  previousFilename?: string;
  /** The hunks (`@@ … @@` and their lines); absent when GitHub leaves a large diff out. */
  patch?: string;
}

export function diffLines(files: readonly PullFile[]): DiffLines {
  const right = new Map<string, Set<number>>();
  const left = new Map<string, Set<number>>();
  const added = new Map<string, Set<number>>();
  const removed = new Map<string, Set<number>>();
  const add = (m: Map<string, Set<number>>, path: string, n: number | undefined) => {
    if (n === undefined) return;
    let s = m.get(path);
    if (!s) m.set(path, (s = new Set()));
    s.add(n);
  };
  for (const f of files) {
    if (!f.patch) continue;
    const oldPath = f.previousFilename ?? f.filename;
    const text = `diff --git a/${oldPath} b/${f.filename}\n--- a/${oldPath}\n+++ b/${f.filename}\n${f.patch.endsWith('\n') ? f.patch : `${f.patch}\n`}`;
    for (const file of parseDiff(text).files) {
      for (const h of file.hunks) {
        for (const l of h.lines) {
          if (l.kind !== 'del') add(right, f.filename, l.newLine);
          if (l.kind !== 'add') add(left, oldPath, l.oldLine);
          if (l.kind === 'add') add(added, f.filename, l.newLine);
          if (l.kind === 'del') add(removed, oldPath, l.oldLine);
        }
      }
    }
  }
  return { right, left, added, removed };
}

export const NO_DIFF_LINES: DiffLines = { right: new Map(), left: new Map(), added: new Map(), removed: new Map() };
