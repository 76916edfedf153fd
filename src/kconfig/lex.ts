/** Kconfig text into statements: the part of parsing that does not depend on where a file is sourced. */

/** One statement of a Kconfig file: help text and comments gone, blanks collapsed. */
export interface Statement {
  no: number;
  line: string;
  word: string;
}

/** A file's statements: lines joined at `\\`, help text and comments dropped, blanks collapsed. */
export function lex(text: string): Statement[] {
  const out: Statement[] = [];
  let helpIndent = -1;
  let inHelp = false;
  for (const [no, raw] of joinContinuations(text.split('\n'))) {
    if (inHelp) {
      const indent = raw.length - raw.trimStart().length;
      if (raw.trim() === '') continue;
      if (helpIndent < 0) helpIndent = indent;
      if (indent >= helpIndent && indent > 0) continue;
      inHelp = false;
    }
    const line = stripComment(raw).trim().replace(/\s+/g, ' ');
    if (!line) continue;
    const word = line.split(/\s+/, 1)[0] ?? '';
    if (word === 'help' || word === '---help---') {
      inHelp = true;
      helpIndent = -1;
      continue;
    }
    out.push({ no, line, word });
  }
  return out;
}

function joinContinuations(lines: string[]): [number, string][] {
  const out: [number, string][] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i] as string;
    const no = i + 1;
    while (l.endsWith('\\') && i + 1 < lines.length) l = l.slice(0, -1) + (lines[++i] as string);
    out.push([no, l.replace(/\r$/, '')]);
  }
  return out;
}

function stripComment(l: string): string {
  let inStr = false;
  for (let i = 0; i < l.length; i++) {
    const c = l[i];
    if (c === '"') inStr = !inStr;
    else if (c === '#' && !inStr) return l.slice(0, i);
  }
  return l;
}

export function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

export function normalise(path: string, dir: string): string {
  const parts = (dir ? `${dir}/${path}` : path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}
