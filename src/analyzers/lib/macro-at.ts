/**
 * declOf (./decl-of.ts) for `#` lines, answered from the diff text without cutting the line
 * out: a generated header has hundreds of thousands of `#define` lines.
 *
 * declOf strips comments first. They start at a `/`, and the parts of a line the regexes
 * below read hold no `/` except inside a macro's parameter list; so, that case aside, what
 * they read is the same with or without comments.
 */
import { GUARD_NAME_RE } from './decl-of.js';

/**
 * declOf's MACRO_RE on the diff text at a `#` that starts a line: `[^\S\n]` for `\s` and
 * `[^)\n]` for `[^)]` keep it on the line (a trailing CR can only make it fail where the line
 * without it fails too).
 */
const MACRO_AT = /#[^\S\n]*define[^\S\n]+([A-Za-z_]\w*)(\([^)\n]*\))?/y;
/**
 * MACRO_AT for names that do not begin with `_` (never an include guard), without captures:
 * the name ends where MACRO_AT's does (`(?!\w)`), and is followed by a parameter list without
 * `/` or by none at all (MACRO_AT would not take one there).
 */
const PLAIN_MACRO_AT = /#[^\S\n]*define[^\S\n]+[A-Za-z]\w*(?!\w)(?:\([^)\n/]*\)|(?!\([^)\n]*\)))/y;
/** The directive word after `#`. */
const DIRECTIVE_AT = /#[^\S\n]*(\w+)/y;

/** A macro definition found on a `#` line: its name and its parameter list (or ''). */
export interface MacroHit {
  name: string;
  params: string;
}

/**
 * What declOf says of the `#` line text[start, end): a macro, null for no declaration, or
 * undefined when only the line with its comments stripped can tell. The file's own include
 * guard is left to the caller (declOf's `guard`): a name beginning with `_` may be it.
 */
export function macroAt(text: string, start: number, end: number): MacroHit | null | undefined {
  // `#include`, `#if`, `#endif`…: a word right after `#` and its blanks that does not begin
  // with `define` is another directive.
  let p = start + 1;
  while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
  if (isWordChar(text.charCodeAt(p)) && !text.startsWith('define', p)) return null;
  MACRO_AT.lastIndex = start;
  const m = MACRO_AT.exec(text);
  if (m) {
    const name = m[1] as string;
    const params = m[2] ?? '';
    // A comment in the parameter list: stripping it changes what MACRO_RE reads.
    if (params.includes('/')) return undefined;
    return GUARD_NAME_RE.test(name) ? null : { name, params };
  }
  // Another directive whatever the comments say, or no macro in a line without comments.
  DIRECTIVE_AT.lastIndex = start;
  const d = DIRECTIVE_AT.exec(text);
  if (d && d[1] !== 'define') return null;
  return text.slice(start, end).includes('/') ? undefined : null;
}

/**
 * True when macroAt would find a macro whose name does not begin with `_`: a test that
 * allocates nothing, for headers whose macros are only counted. False says nothing (ask macroAt).
 */
export function plainMacroAt(text: string, start: number): boolean {
  PLAIN_MACRO_AT.lastIndex = start;
  return PLAIN_MACRO_AT.test(text);
}

/** [A-Za-z0-9_], what `\w` matches. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
