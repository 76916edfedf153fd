/**
 * Apply a file's hunks to its text, like `patch` without fuzz: each hunk's old lines must match
 * exactly, at the stated line or shifted (offsets are searched outward, as patch does, since
 * earlier patches of a series may have moved the file). Returns null when a hunk does not apply.
 */
export interface TextHunk {
  oldStart: number;
  /** Lines with their diff prefix: ' ' context, '-' removed, '+' added. */
  lines: readonly string[];
}

export function applyHunks(text: string, hunks: readonly TextHunk[]): string | null {
  const lines = text === '' ? [] : text.split('\n');
  const trailingNewline = lines.length > 0 && lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  let delta = 0; // how far earlier hunks moved the file
  let floor = 0; // hunks apply in order: never before the end of the previous one
  for (const h of hunks) {
    const old = h.lines.filter((l) => !l.startsWith('+')).map((l) => l.slice(1));
    const neu = h.lines.filter((l) => !l.startsWith('-')).map((l) => l.slice(1));
    // `@@ -N,0` inserts after line N; otherwise the hunk's first old line is line N.
    const want = Math.max(0, (old.length === 0 ? h.oldStart : h.oldStart - 1) + delta);
    const at = findBlock(lines, old, want, floor);
    if (at < 0) return null;
    lines.splice(at, old.length, ...neu);
    delta += neu.length - old.length + (at - want);
    floor = at + neu.length;
  }
  return lines.join('\n') + (trailingNewline || lines.length > 0 ? '\n' : '');
}

function findBlock(lines: readonly string[], block: readonly string[], want: number, floor: number): number {
  const matches = (at: number): boolean => at >= floor && at + block.length <= lines.length && block.every((l, i) => lines[at + i] === l);
  for (let d = 0; d <= Math.max(want, lines.length); d++) {
    if (matches(want + d)) return want + d;
    if (d > 0 && matches(want - d)) return want - d;
  }
  return -1;
}
