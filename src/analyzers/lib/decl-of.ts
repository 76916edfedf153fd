/**
 * What one line of a header declares: non-static function prototypes, extern variables,
 * struct/union/enum/typedef types and macros. `declOf` reads a line cut out of the diff with
 * its comments stripped (./macro-at.ts answers for most `#` lines without cutting them out).
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
export const GUARD_NAME_RE = /^_+[A-Z0-9_]+_H_*$/;
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
  let m = hasType ? TYPE_RE.exec(code) : null;
  if (m?.[2]) return { name: `${m[1]} ${m[2]}`, kind: 'type', signature: `${m[1]} ${m[2]}`, line };
  m = hasType ? (TYPEDEF_FN_RE.exec(code) ?? TYPEDEF_RE.exec(code)) : null;
  if (m?.[1]) return { name: m[1], kind: 'type', signature: signatureOf(code), line };
  if (!endsDecl) return null;
  m = EXTERN_VAR_RE.exec(code);
  if (m?.[1] && !code.includes('(')) return { name: m[1], kind: 'variable', signature: signatureOf(code), line };
  m = code.includes('(') ? FUNC_RE.exec(code) : null;
  if (m?.[1] && !/^\s*static\b/.test(code)) return { name: m[1], kind: 'function', signature: signatureOf(code).replace(/^extern\s+/, ''), line };
  return null;
}

/** Whitespace collapsed, no trailing `;`/`{`: made only for a line that declares something. */
function signatureOf(code: string): string {
  return code.replace(/\s+/g, ' ').trim().replace(/[;{]\s*$/, '').trim();
}
