/**
 * Declarations added to and removed from a header by a diff: non-static function prototypes,
 * extern variables, struct/union/enum/typedef types and macros. Matched later by name and
 * signature (whitespace-normalised), never by position.
 */
import type { FileDiff } from '../../diff/model.js';
import { stripLineComments } from './c-line.js';
import { forEachChange } from '../../diff/parse.js';

export type DeclKind = 'function' | 'variable' | 'type' | 'macro';

export interface Decl {
  name: string;
  kind: DeclKind;
  /** Normalised declaration text (whitespace collapsed, no trailing `;`/`{`). */
  signature: string;
  line: number;
}

export interface HeaderChanges {
  path: string;
  oldPath: string;
  status: string;
  similarity: number;
  added: Decl[];
  removed: Decl[];
  /**
   * Macros counted but not listed: a header whose diff adds (or removes) more than
   * GENERATED_MACROS macros is taken as generated (register maps); its macros are not matched
   * one by one, which keeps the facts of a 500 MB series small.
   */
  unlistedMacros: { added: number; removed: number };
}

export const GENERATED_MACROS = 300;

const HEADER_RE = /\.h$/;
const MACRO_RE = /^\s*#\s*define\s+([A-Za-z_]\w*)(\([^)]*\))?/;
const TYPE_RE = /^\s*(?:typedef\s+)?(struct|union|enum)\s+([A-Za-z_]\w*)\s*\{/;
const TYPEDEF_RE = /^\s*typedef\b[^;]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*;\s*$/;
const TYPEDEF_FN_RE = /^\s*typedef\b[^;]*\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(/;
const EXTERN_VAR_RE = /^\s*extern\s+[^;(]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*;\s*$/;
const FUNC_RE = /^\s*(?:extern\s+)?(?!static\b|return\b|typedef\b|if\b|while\b|for\b|switch\b|else\b|do\b)[A-Za-z_][\w\s*]*?[\s*]([A-Za-z_]\w*)\s*\(([^;{]*)\)\s*(?:__\w+(?:\([^)]*\))?\s*)*;\s*$/;

/** Both header analyzers read the same files: scan each FileDiff once. */
const scanned = new WeakMap<FileDiff, HeaderChanges | null>();

export function scanHeader(f: FileDiff): HeaderChanges | null {
  let h = scanned.get(f);
  if (h === undefined) {
    h = scan(f);
    scanned.set(f, h);
  }
  return h;
}

function scan(f: FileDiff): HeaderChanges | null {
  if (!HEADER_RE.test(f.path) && !HEADER_RE.test(f.oldPath ?? '') || f.binary) return null;
  const added: Decl[] = [];
  const removed: Decl[] = [];
  const pending: Record<'add' | 'del', { text: string; line: number } | null> = { add: null, del: null };
  const guard = includeGuard(f.path);
  // Declarations start at column 0 (or with `#`); indented lines matter only to finish a
  // prototype that spans lines. Everything else is never cut out of the text.
  const wants = (kind: 'add' | 'del', c: number): boolean => pending[kind] !== null || (c !== 32 && c !== 9 && c !== 42 && c !== 47 && c !== 125 && c === c);
  forEachChange(f, (kind, text, line) => {
    const out = kind === 'add' ? added : removed;
    const cont = pending[kind];
    const code = text.includes('/') ? stripLineComments(text) : text;
    if (cont) {
      // A prototype over several lines: join until the `;`.
      cont.text += ` ${code.trim()}`;
      if (code.includes(';') || cont.text.length > 600) {
        pending[kind] = null;
        const d = declOf(cont.text, cont.line, guard);
        if (d) out.push(d);
      }
      return;
    }
    if (!/^\s*#/.test(code) && /\(/.test(code) && !code.includes(';') && !/[{}]/.test(code) && /^\s*(extern\s+)?[A-Za-z_]/.test(code) && !/^\s*static\b/.test(code)) {
      pending[kind] = { text: code, line };
      return;
    }
    const d = declOf(code, line, guard);
    if (d) out.push(d);
  }, wants);
  if (added.length === 0 && removed.length === 0 && f.status !== 'renamed') return null;
  const [a, na] = unlist(added);
  const [r, nr] = unlist(removed);
  return { path: f.path, oldPath: f.oldPath ?? f.path, status: f.status, similarity: f.similarity ?? 0, added: a, removed: r, unlistedMacros: { added: na, removed: nr } };
}

function unlist(decls: Decl[]): [Decl[], number] {
  const macros = decls.reduce((n, d) => n + (d.kind === 'macro' ? 1 : 0), 0);
  return macros > GENERATED_MACROS ? [decls.filter((d) => d.kind !== 'macro'), macros] : [decls, 0];
}

export function declOf(code: string, line: number, guard = ''): Decl | null {
  // Cheap tests first: most header lines are macros, blank, or inside bodies.
  const first = code.search(/\S/);
  if (first < 0) return null;
  if (code.charCodeAt(first) === 35) {
    const m = MACRO_RE.exec(code);
    if (!m?.[1] || m[1] === guard || /^_+[A-Z0-9_]+_H_*$/.test(m[1])) return null;
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

/** `include/linux/foo-bar.h` → `_LINUX_FOO_BAR_H`-like guards are not API. */
function includeGuard(path: string): string {
  const base = path.split('/').pop() ?? '';
  return `_${base.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}
