/**
 * Where a finding goes on the pull request's diff: the right side when its line is a line of
 * the new file in the diff (added lines first), the left side when it is a removed line of the
 * old file (a removed export), nowhere when the diff does not show it (then it stays in the
 * check's summary and annotations). Pure.
 */
import { SEVERITY_RANK, type Finding } from '../../model/finding.js';
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

export interface Placed {
  f: Finding;
  at: Placement;
}

/**
 * The findings that get a line comment: each fingerprint once, those on the diff, the most
 * severe first, at most `max` (0: no limit) so that a mechanical series does not bury the pull
 * request in comments; the rest are in the check run. In the findings' order.
 */
export function commentable(findings: readonly Finding[], d: DiffLines, max: number, notAtHead: ReadonlySet<string> = new Set()): Placed[] {
  const seen = new Set<string>(notAtHead);
  const placed: Placed[] = [];
  for (const f of findings) {
    if (seen.has(f.fingerprint)) continue;
    const at = place(f, d);
    if (!at) continue;
    seen.add(f.fingerprint);
    placed.push({ f, at });
  }
  if (max <= 0 || placed.length <= max) return placed;
  const keep = new Set([...placed].sort((a, b) => SEVERITY_RANK[b.f.severity] - SEVERITY_RANK[a.f.severity]).slice(0, max));
  return placed.filter((p) => keep.has(p));
}
