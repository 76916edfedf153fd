/**
 * Finds symbol exports on the old and new side of a file diff: every form the kernel has used
 * since v5.4 (see docs/analyzers/symbol-exports.md). Multi-line invocations are joined;
 * lines inside `#define … \` bodies define macros and export nothing.
 */
import type { FileDiff } from '../../diff/model.js';
import { stripLineComments } from './c-line.js';
import { diffMentions, linesNear } from '../../diff/parse.js';
import { knownMacro, type ExportKind } from './export-macros.js';
import { collectDefines, type MacroDef } from './export-defines.js';

export interface ExportSite {
  symbol: string;
  /** The macro as written: EXPORT_SYMBOL_NS_GPL, EXPORT_PER_CPU_SYMBOL, a subsystem wrapper… */
  macro: string;
  gpl: boolean;
  /** Namespace without quotes; '' when none. `module:<mods>` for module-restricted exports. */
  namespace: string;
  kind: ExportKind;
  /** Line on its side (new side for added and context lines, old side for removed ones). */
  line: number;
  /** The export exists only when this holds ("CONFIG_KUNIT is enabled"). */
  condition?: string;
  /** For a wrapper followed to its `#define`: the export macro it expands to. */
  via?: string;
  /** A wrapper whose `#define` kvetch has not (yet) seen: `gpl` and `namespace` say nothing; its arguments as written. */
  unknown?: { args: string[] };
}

export interface FileExports {
  path: string;
  oldPath: string;
  added: ExportSite[];
  removed: ExportSite[];
  /** A rename: exports on lines outside the hunks move too, which only the tree can tell. */
  renamed: boolean;
  /** `#define EXPORT_…(…)` wrappers on the new side of the diff (added or context lines). */
  defines?: MacroDef[];
}

const SOURCE_RE = /\.(c|h|S|s|cc)$/;
const CALL_RE = /\b(EXPORT_[A-Z0-9_]*SYMBOL[A-Z0-9_]*)\s*\(/g;
const DEFINE_RE = /^\s*#\s*define\b/;
/** A line continued on the next by a trailing backslash. */
const CONTINUED_RE = /\\\s*$/;

/** Export changes of one file: exports on added lines and on removed lines. */
export function scanFileExports(f: FileDiff): FileExports | null {
  if (!SOURCE_RE.test(f.path) || f.binary) return null;
  const renamed = f.status === 'renamed' && f.oldPath !== null && f.oldPath !== f.path;
  if (!diffMentions(f, 'EXPORT_')) return renamed ? { path: f.path, oldPath: f.oldPath ?? f.path, added: [], removed: [], renamed } : null;
  const added: ExportSite[] = [];
  const removed: ExportSite[] = [];
  const defines: MacroDef[] = [];
  // Only the lines near an EXPORT_ token: 30 lines ahead to see a `#define … \` body it may
  // sit in, 8 behind for an invocation spread over lines.
  for (const run of linesNear(f, 'EXPORT_', 30, 8)) {
    for (const side of ['new', 'old'] as const) {
      const lines = run.filter((l) => (side === 'new' ? l.kind !== 'del' : l.kind !== 'add'));
      const texts = lines.map((x) => x.text);
      if (side === 'new') defines.push(...collectDefines(texts, f.path));
      for (let i = 0; i < lines.length; i++) {
        const l = lines[i];
        if (!l || !l.text.includes('EXPORT_')) continue;
        // In a renamed file an unchanged export still moves from the old path to the new one.
        const changed = side === 'new' ? l.kind === 'add' : l.kind === 'del';
        if (!changed && !(renamed && l.kind === 'context')) continue;
        if (inDefine(texts, i)) continue;
        const joined = joinInvocation(texts, i);
        const lineNo = (side === 'new' ? l.newLine : l.oldLine) ?? 0;
        for (const site of parseExports(stripLineComments(joined), lineNo)) (side === 'new' ? added : removed).push(site);
      }
    }
  }
  if (added.length === 0 && removed.length === 0 && defines.length === 0 && !renamed) return null;
  const out: FileExports = { path: f.path, oldPath: f.oldPath ?? f.path, added, removed, renamed };
  if (defines.length > 0) out.defines = defines;
  return out;
}

/**
 * Is line i part of a `#define`, counting from the run's first line: a `#define` line, or a
 * line after one whose lines up to it all end in `\`? (Looked back from the few EXPORT_
 * lines rather than tracked over every line of the run.)
 */
function inDefine(texts: readonly string[], i: number): boolean {
  if (DEFINE_RE.test(texts[i] as string)) return true;
  for (let k = i - 1; k >= 0 && CONTINUED_RE.test(texts[k] as string); k--) if (DEFINE_RE.test(texts[k] as string)) return true;
  return false;
}

/** Every export of a whole file (the tree's copy of a renamed file). */
export function scanTextExports(text: string): ExportSite[] {
  // Most files a series renames export nothing: blanking their comments was most of the
  // garbage of a --tree run's series phase.
  if (!text.includes('EXPORT_')) return [];
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/^[ \t]*#[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*/gm, (m) => m.replace(/[^\n]/g, ' '));
  const lines = code.split('\n');
  const out: ExportSite[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    if (!l.includes('EXPORT_')) continue;
    out.push(...parseExports(stripLineComments(joinInvocation(lines, i)), i + 1));
  }
  return out;
}

/** Every export invocation in one (joined) line of code. */
export function parseExports(code: string, line: number): ExportSite[] {
  const out: ExportSite[] = [];
  CALL_RE.lastIndex = 0;
  for (let m = CALL_RE.exec(code); m; m = CALL_RE.exec(code)) {
    const macro = m[1] as string;
    const args = argsAt(code, m.index + m[0].length);
    if (!args) continue;
    const symbol = (args[0] ?? '').trim();
    if (!/^[A-Za-z_]\w*$/.test(symbol)) continue;
    const site = classify(macro, symbol, args.slice(1), line);
    if (site) out.push(site);
  }
  return out;
}

function classify(macro: string, symbol: string, rest: string[], line: number): ExportSite | null {
  const facts = knownMacro(macro);
  if (!facts) return { symbol, macro, gpl: false, namespace: '', kind: 'symbol', line, unknown: { args: [symbol, ...rest.map((a) => a.trim())] } };
  const arg = unquote(rest.join(',').trim());
  const site: ExportSite = { symbol, macro, gpl: facts.gpl, namespace: '', kind: facts.kind, line };
  if (facts.modules) site.namespace = `module:${facts.modules === 'arg' ? arg : facts.modules.fixed}`;
  else if (facts.namespace) site.namespace = facts.namespace === 'arg' ? arg : facts.namespace.fixed;
  if (facts.condition) site.condition = facts.condition;
  return site;
}

/** Comma-separated arguments of the call whose `(` ends at `from`, or null if unbalanced. */
function argsAt(code: string, from: number): string[] | null {
  let d = 1;
  let cur = '';
  const args: string[] = [];
  let inStr = false;
  for (let i = from; i < code.length; i++) {
    const c = code[i] as string;
    if (inStr) {
      cur += c;
      if (c === '\\') cur += code[++i] ?? '';
      else if (c === '"') inStr = false;
      continue;
    }
    if (c === '"') inStr = true;
    if (c === '(') d++;
    if (c === ')' && --d === 0) {
      args.push(cur);
      return args;
    }
    if (c === ',' && d === 1) {
      args.push(cur);
      cur = '';
      continue;
    }
    cur += c;
  }
  return null;
}

/** Line i and as many following lines (at most 7) as it takes for the parentheses to balance. */
function joinInvocation(lines: readonly string[], i: number): string {
  let joined = lines[i] ?? '';
  for (let j = i + 1; j < lines.length && depth(joined) > 0 && j < i + 8; j++) joined += ` ${lines[j] ?? ''}`;
  return joined;
}

function depth(s: string): number {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')') d--;
  }
  return d;
}

/** `"CXL"` → `CXL`; adjacent literals (`"kvm," "kvm-intel"`) are joined. */
function unquote(s: string): string {
  if (!s.includes('"')) return s.trim();
  const parts = [...s.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] ?? '');
  const bare = s.replace(/"((?:[^"\\]|\\.)*)"/g, '').trim();
  return parts.join('') + (bare ? bare : '');
}
