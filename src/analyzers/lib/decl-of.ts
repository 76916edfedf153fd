/**
 * What one line of a header declares: non-static function prototypes, extern variables,
 * struct/union/enum/typedef types and macros. `declOf` reads a line cut out of the diff with
 * its comments stripped; `macroAt` answers for most `#` lines straight from the diff text,
 * without cutting the line out (a generated header has hundreds of thousands of them).
 */
export type DeclKind = 'function' | 'variable' | 'type' | 'macro';

export interface Decl {
  name: string;
  kind: DeclKind;
  /** Normalised declaration text (whitespace collapsed, no trailing `;`/`{`). */
  signature: string;
  line: number;
}

const MACRO_RE = /^\s*#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?/;
/** Include guards (`_LINUX_FOO_H`, `__FOO_H__`) are not API. */
const GUARD_NAME_RE = /^_+[A-Z0-9_]+_H_*$/;
const TYPE_RE = /^\s*(?:typedef\s+)?(struct|union|enum)\s+([A-Za-z_]\w*)\s*\{/;
const TYPEDEF_RE = /^\s*typedef\b[^;]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*;\s*$/;
const TYPEDEF_FN_RE = /^\s*typedef\b[^;]*\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(/;
const EXTERN_VAR_RE = /^\s*extern\s+[^;(]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*;\s*$/;
const FUNC_RE = /^\s*(?:extern\s+)?(?!static\b|return\b|typedef\b|if\b|while\b|for\b|switch\b|else\b|do\b)[A-Za-z_][\w\s*]*?[\s*]([A-Za-z_]\w*)\s*\(([^;{]*)\)\s*(?:__\w+(?:\([^)]*\))?\s*)*;\s*$/;

export function declOf(code: string, line: number, guard = ''): Decl | null {
  // Cheap tests first: most header lines are macros, blank, or inside bodies.
  const first = code.search(/\S/);
  if (first < 0) return null;
  if (code.charCodeAt(first) === 35) {
    const m = MACRO_RE.exec(code);
    if (!m?.[1] || m[1] === guard || GUARD_NAME_RE.test(m[1])) return null;
    return { name: m[1], kind: 'macro', signature: `#define ${m[1]}${m[2] ?? ''}`, line };
  }
  const hasType = /\b(struct|union|enum|typedef)\b/.test(code);
  const endsDecl = /;\s*$/.test(code);
  if (!hasType && !(endsDecl && (code.includes('(') || code.includes('extern')))) return null;
  const sig = code.replace(/\s+/g, ' ').trim().replace(/[;{]\s*$/, '').trim();
  let m = hasType ? TYPE_RE.exec(code) : null;
  if (m?.[2]) return { name: `${m[1]} ${m[2]}`, kind: 'type', signature: `${m[1]} ${m[2]}`, line };
  m = hasType ? (TYPEDEF_FN_RE.exec(code) ?? TYPEDEF_RE.exec(code)) : null;
  if (m?.[1]) return { name: m[1], kind: 'type', signature: sig, line };
  if (!endsDecl) return null;
  m = EXTERN_VAR_RE.exec(code);
  if (m?.[1] && !code.includes('(')) return { name: m[1], kind: 'variable', signature: sig, line };
  m = code.includes('(') ? FUNC_RE.exec(code) : null;
  if (m?.[1] && !/^\s*static\b/.test(code)) return { name: m[1], kind: 'function', signature: sig.replace(/^extern\s+/, ''), line };
  return null;
}

/**
 * MACRO_RE run on the diff text itself at a `#` that starts a line: `[^\S\n]` for `\s` and
 * `[^)\n]` for `[^)]` keep it on the line (a trailing CR can only make it fail where the line
 * without it fails too).
 */
const MACRO_AT = /#[^\S\n]*define[^\S\n]+([A-Za-z_]\w*)(\([^)\n]*\))?/y;
/** The directive word after `#`. */
const DIRECTIVE_AT = /#[^\S\n]*(\w+)/y;

/** A macro definition found on a `#` line: its name and its parameter list (or ''). */
export interface MacroHit {
  name: string;
  params: string;
}

/**
 * What declOf would say of the `#` line text[start, end) once its comments are stripped
 * (`slash`: the first `/` in the line, or end; `guard`: the file's include guard, asked for
 * only when a macro is found): a macro, null for no declaration, or undefined
 * when only cutting the line out can tell (a comment inside the part MACRO_RE reads).
 * Comments are stripped from the first `/` on, so what the regex reads before it is the same
 * with or without them.
 */
export function macroAt(text: string, start: number, end: number, slash: number, guard: () => string): MacroHit | null | undefined {
  // `#include`, `#if`, `#endif`…: a word right after `#` and its blanks that does not begin
  // with `define` is another directive (a comment can only start later in the line, at a `/`).
  let p = start + 1;
  while (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9) p++;
  if (isWordChar(text.charCodeAt(p)) && !text.startsWith('define', p)) return null;
  MACRO_AT.lastIndex = start;
  const m = MACRO_AT.exec(text);
  if (m && MACRO_AT.lastIndex <= slash) {
    const name = m[1] as string;
    return GUARD_NAME_RE.test(name) || name === guard() ? null : { name, params: m[2] ?? '' };
  }
  if (slash >= end) return null;
  // `#include <linux/…>`, `#endif /* … */`: another directive, whatever the comments say.
  DIRECTIVE_AT.lastIndex = start;
  const d = DIRECTIVE_AT.exec(text);
  return d && DIRECTIVE_AT.lastIndex <= slash && d[1] !== 'define' ? null : undefined;
}

/** [A-Za-z0-9_], what `\w` matches. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
