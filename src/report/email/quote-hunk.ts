/**
 * The patch lines a finding is about, quoted the way a reviewer quotes them: the hunk header,
 * a little context before, the line itself (through endLine), each `> `-prefixed and clipped
 * to 72 columns. Only lines the patch text really has are quoted.
 */
import { parseDiff } from '../../diff/parse.js';
import type { DiffLine, FileDiff } from '../../diff/model.js';
import type { Location } from '../../model/finding.js';
import { clip } from './wrap.js';

export interface QuoteOptions {
  /** Lines of the hunk quoted before the finding's line (default 2). */
  before?: number;
  /** At most this many lines of the hunk (default 8). */
  max?: number;
}

const SIGN: Record<DiffLine['kind'], string> = { add: '+', del: '-', context: ' ' };

function fileOf(files: readonly FileDiff[], path: string): FileDiff | undefined {
  return files.find((f) => f.path === path) ?? files.find((f) => f.newPath === path || f.oldPath === path);
}

/** Index of the line numbered `n`: new-side numbers first (added and context lines), else a deleted line's old number. */
function lineIndex(lines: readonly DiffLine[], n: number): number {
  const i = lines.findIndex((l) => l.kind !== 'del' && l.newLine === n);
  return i >= 0 ? i : lines.findIndex((l) => l.kind === 'del' && l.oldLine === n);
}

/** The quoted lines for `loc` in `patchText`, or null when the location has no line or the patch does not show it. */
export function quoteLocation(patchText: string, loc: Location, opts: QuoteOptions = {}): string[] | null {
  if (loc.line === undefined) return null;
  const file = fileOf(parseDiff(patchText).files, loc.path);
  if (!file) return null;
  const before = opts.before ?? 2;
  const max = Math.max(1, opts.max ?? 8);
  for (const hunk of file.hunks) {
    const at = lineIndex(hunk.lines, loc.line);
    if (at < 0) continue;
    const endAt = loc.endLine !== undefined ? lineIndex(hunk.lines, loc.endLine) : -1;
    const last = endAt >= at ? endAt : at;
    const first = Math.max(0, at - Math.min(before, max - 1));
    const picked = hunk.lines.slice(first, Math.min(last + 1, first + max));
    return [`> ${hunk.header}`, ...picked.map((l) => `> ${SIGN[l.kind]}${l.text}`)].map((l) => clip(l.trimEnd()));
  }
  return null;
}
