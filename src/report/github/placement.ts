/**
 * Where a finding goes on the pull request's diff: the right side when its line is a line of
 * the new file in the diff (added lines first), the left side when it is a removed line of the
 * old file (a removed export), nowhere when the diff does not show it (then it stays in the
 * check's summary and annotations). Pure.
 */
import type { Finding } from '../../model/finding.js';
import type { DiffLines } from '../../model/pull-request.js';

export interface Placement {
  path: string;
  line: number;
  side: 'RIGHT' | 'LEFT';
}

export function place(f: Finding, d: DiffLines): Placement | null {
  if (f.versions?.status === 'fixed') return null;
  const loc = f.location;
  if (!loc?.path || loc.line === undefined) return null;
  const { path, line } = loc;
  const old = loc.oldPath ?? path;
  // A removal's line is a line of the old file (symbol-exports' `removed`).
  if (/^removed/.test(f.messageId) && d.removed.get(path)?.has(line)) return { path, line, side: 'LEFT' };
  if (d.added.get(path)?.has(line)) return { path, line, side: 'RIGHT' };
  if (d.removed.get(path)?.has(line)) return { path, line, side: 'LEFT' };
  if (d.removed.get(old)?.has(line) && !d.right.get(path)?.has(line)) return { path: old, line, side: 'LEFT' };
  if (d.right.get(path)?.has(line)) return { path, line, side: 'RIGHT' };
  return null;
}
