/**
 * Plain-text layout for list mail: lines of at most 72 columns (tabs count to the next
 * multiple of 8, as a mail reader shows them). Prose is wrapped at spaces; quoted code is
 * clipped, never re-flowed.
 */

export const WIDTH = 72;

/** Display columns of a line: tabs advance to the next multiple of 8, every code point is one column. */
export function columns(line: string): number {
  let col = 0;
  for (const ch of line) col = ch === '\t' ? col + 8 - (col % 8) : col + 1;
  return col;
}

/**
 * Wrap one paragraph to `width` columns at spaces: `first` prefixes the first line, `rest`
 * the others. A word longer than a line (a URL) stays whole on a line of its own.
 */
export function wrap(text: string, opts: { width?: number; first?: string; rest?: string } = {}): string[] {
  const width = opts.width ?? WIDTH;
  const first = opts.first ?? '';
  const rest = opts.rest ?? first;
  const words = text.split(/\s+/).filter((w) => w !== '');
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const w of words) {
    const candidate = empty ? line + w : `${line} ${w}`;
    if (empty || columns(candidate) <= width) {
      line = candidate;
      empty = false;
      continue;
    }
    lines.push(line);
    line = rest + w;
  }
  if (!empty || lines.length === 0) lines.push(empty ? line.trimEnd() : line);
  return lines;
}

/** The line cut to `width` columns, ending in ` [...]` when something was cut. */
export function clip(line: string, width: number = WIDTH): string {
  if (columns(line) <= width) return line;
  const marker = ' [...]';
  const limit = width - marker.length;
  let out = '';
  let col = 0;
  for (const ch of line) {
    const next = ch === '\t' ? col + 8 - (col % 8) : col + 1;
    if (next > limit) break;
    out += ch;
    col = next;
  }
  return out.trimEnd() + marker;
}
