/**
 * `#define EXPORT_…` lines: the definitions of export wrappers, read from a patch's lines or a
 * tree's file, with the `#if` conditions around them (include guards left out).
 */
import { stripLineComments } from './c-line.js';

export interface MacroDef {
  name: string;
  /** Parameter names of a function-like macro (`...` for a variadic tail); null for `#define A B`. */
  params: string[] | null;
  /** The replacement text, continuation lines joined, comments removed. */
  body: string;
  file: string;
  /** The `#if` conditions around the definition, joined with " and "; absent when none (or not visible). */
  condition?: string;
}

const DEFINE_RE = /^\s*#\s*define\s+(EXPORT_\w+)(\(([^)]*)\))?(.*)$/s;
const DIRECTIVE_RE = /^\s*#\s*(if|ifdef|ifndef|elif|else|endif)\b\s*(.*)$/;

/** Every `#define EXPORT_…` in `lines` (a file, or a run of a diff's new side). */
export function collectDefines(lines: readonly string[], file: string): MacroDef[] {
  const out: MacroDef[] = [];
  const conds: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.includes('#')) continue;
    const d = DIRECTIVE_RE.exec(line);
    if (d) {
      step(conds, d[1] as string, stripLineComments(d[2] as string).trim(), lines, i);
      continue;
    }
    if (!line.includes('EXPORT_')) continue;
    let text = line;
    for (let j = i; /\\\s*$/.test(lines[j] ?? '') && j + 1 < lines.length && j < i + 30; j++) text = `${text.replace(/\\\s*$/, '')} ${lines[j + 1] ?? ''}`;
    const m = DEFINE_RE.exec(stripLineComments(text));
    if (!m) continue;
    const def: MacroDef = {
      name: m[1] as string,
      params: m[2] === undefined ? null : (m[3] as string).split(',').map((p) => p.trim()).filter((p) => p.length > 0),
      body: (m[4] as string).replace(/\s+/g, ' ').trim(),
      file,
    };
    const live = conds.filter((c) => c.length > 0);
    if (live.length > 0) def.condition = live.join(' and ');
    out.push(def);
  }
  return out;
}

/** Track the `#if` stack; an `#ifndef X` directly followed by `#define X` is an include guard (no condition). */
function step(conds: string[], directive: string, arg: string, lines: readonly string[], i: number): void {
  switch (directive) {
    case 'if':
      conds.push(arg);
      return;
    case 'ifdef':
      conds.push(`defined(${arg})`);
      return;
    case 'ifndef': {
      const next = lines[i + 1] ?? '';
      const guard = new RegExp(`^\\s*#\\s*define\\s+${arg.replace(/[^\w]/g, '')}\\b`).test(next);
      conds.push(guard ? '' : `!defined(${arg})`);
      return;
    }
    case 'elif':
      if (conds.length > 0) conds[conds.length - 1] = arg;
      return;
    case 'else': {
      const top = conds[conds.length - 1];
      if (top !== undefined && top.length > 0) conds[conds.length - 1] = `!(${top})`;
      return;
    }
    default:
      conds.pop();
  }
}
