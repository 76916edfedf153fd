/**
 * Declarations added to and removed from a header by a diff (what counts: ./decl-of.ts).
 * Matched later by name and signature (whitespace-normalised), never by position.
 */
import type { FileDiff } from '../../diff/model.js';
import { ChangeCursor } from '../../diff/parse.js';
import { stripLineComments } from './c-line.js';
import { declOf, type Decl } from './decl-of.js';
import { packRow, packRows, type PackedDecls } from './decl-pack.js';
import { macroAt, plainMacroAt, type MacroHit } from './macro-at.js';

export type { Decl, DeclKind } from './decl-of.js';

export interface HeaderChanges {
  path: string;
  oldPath: string;
  status: string;
  similarity: number;
  /** Declarations on added lines, packed (./decl-pack.ts: facts cross threads as strings). */
  added: PackedDecls;
  removed: PackedDecls;
  /**
   * Macros counted but not listed: a header whose diff adds (or removes) more than
   * GENERATED_MACROS macros is taken as generated (register maps); its macros are not matched
   * one by one, which keeps the facts of a 500 MB series small.
   */
  unlistedMacros: { added: number; removed: number };
}

export const GENERATED_MACROS = 300;

const HEADER_RE = /\.h$/;
/** A `(`, `;` or `{` further on the line. */
const DECL_CHAR_AT = /[^(;{\n]*[(;{]/y;

/** Both header analyzers read the same files: scan each FileDiff once. */
const scanned = new WeakMap<FileDiff, HeaderChanges | null>();

export function scanHeader(f: FileDiff): HeaderChanges | null {
  // Most files are not headers: answered before the cache (a WeakMap entry per file costs more).
  if ((!HEADER_RE.test(f.path) && !HEADER_RE.test(f.oldPath ?? '')) || f.binary) return null;
  let h = scanned.get(f);
  if (h === undefined) {
    h = scan(f);
    scanned.set(f, h);
  }
  return h;
}

/** The declarations of one side (added or removed lines) of one header diff, as packed rows. */
class Side {
  rows: string[] = [];
  /** Every macro seen, listed or not. */
  macros = 0;
  /** A prototype over several lines, joined until its `;`. */
  pending: { text: string; line: number } | null = null;
  private path = '';
  private guardName: string | undefined = undefined;

  /** Starts on another file. */
  reset(path: string): void {
    this.rows = [];
    this.macros = 0;
    this.pending = null;
    this.path = path;
    this.guardName = undefined;
  }

  /** The file's include guard, worked out when first needed. */
  guard(): string {
    return (this.guardName ??= includeGuard(this.path));
  }

  /** The guard for declOf, which reads it only on a `#` line. */
  private guardFor(code: string): string {
    return code.includes('#') ? this.guard() : '';
  }

  /** A line cut out of the diff: the general case. */
  line(text: string, line: number): void {
    const code = text.includes('/') ? stripLineComments(text) : text;
    const cont = this.pending;
    if (cont) {
      cont.text += ` ${code.trim()}`;
      if (code.includes(';') || cont.text.length > 600) {
        this.pending = null;
        this.add(declOf(cont.text, cont.line, this.guardFor(cont.text)));
      }
      return;
    }
    if (!/^\s*#/.test(code) && /\(/.test(code) && !code.includes(';') && !/[{}]/.test(code) && /^\s*(extern\s+)?[A-Za-z_]/.test(code) && !/^\s*static\b/.test(code)) {
      this.pending = { text: code, line };
      return;
    }
    this.add(declOf(code, line, this.guardFor(code)));
  }

  add(d: Decl | null): void {
    if (!d) return;
    if (d.kind !== 'macro') this.rows.push(packRow(d));
    else if (this.countMacro()) this.rows.push(packRow(d));
  }

  /** A macro found by macroAt; the include guard is not one. */
  macro(m: MacroHit, line: number): void {
    if (m.name.charCodeAt(0) === 95 && m.name === this.guard()) return;
    if (this.countMacro()) this.rows.push(packRow({ kind: 'macro', name: m.name, line, signature: `#define ${m.name}${m.params}` }));
  }

  /** Past GENERATED_MACROS the macros of this side are only counted. */
  get counting(): boolean {
    return this.macros > GENERATED_MACROS;
  }

  /**
   * Counts a macro; false once there are more than GENERATED_MACROS: the header is generated,
   * its macros are only counted (the ones listed so far are dropped), and no row is made for
   * the hundreds of thousands that follow.
   */
  countMacro(): boolean {
    this.macros++;
    if (this.macros <= GENERATED_MACROS) return true;
    if (this.macros === GENERATED_MACROS + 1) this.rows = this.rows.filter((r) => !r.startsWith('macro '));
    return false;
  }

  get empty(): boolean {
    return this.rows.length === 0 && this.macros === 0;
  }

  get unlisted(): number {
    return this.macros > GENERATED_MACROS ? this.macros : 0;
  }
}

/**
 * One cursor and one pair of sides for every header, reset per file (scan never runs inside
 * itself): their hidden classes stay alive between files, and so does the optimized scan.
 */
const cursor = new ChangeCursor();
const add = new Side();
const del = new Side();

function scan(f: FileDiff): HeaderChanges | null {
  add.reset(f.path);
  del.reset(f.path);
  for (const c = cursor.reset(f); c.next(); ) {
    const side = c.kind === 'add' ? add : del;
    const { text, start, end } = c;
    if (side.pending === null) {
      // Declarations start at column 0 (or with `#`); indented lines matter only to finish a
      // prototype that spans lines. Everything else is never cut out of the text.
      const ch = start < end ? text.charCodeAt(start) : NaN;
      if (ch === 32 || ch === 9 || ch === 42 || ch === 47 || ch === 125 || ch !== ch) continue;
      // Every declaration declOf knows holds a `(`, `;` or `{`, and so does the first line of
      // a prototype; stripping comments only takes characters away. Enum members of generated
      // headers (`FOO_BAR = 0x1,`) end here without being cut out.
      if (ch !== 35) {
        DECL_CHAR_AT.lastIndex = start;
        if (!DECL_CHAR_AT.test(text)) continue;
      } else {
        if (side.counting && plainMacroAt(text, start)) {
          side.countMacro();
          continue;
        }
        const m = macroAt(text, start, end);
        if (m === null) continue;
        if (m) {
          side.macro(m, c.line);
          continue;
        }
      }
    }
    side.line(text.slice(start, end), c.line);
  }
  if (add.empty && del.empty && f.status !== 'renamed') return null;
  return {
    path: f.path,
    oldPath: f.oldPath ?? f.path,
    status: f.status,
    similarity: f.similarity ?? 0,
    added: packRows(add.rows),
    removed: packRows(del.rows),
    unlistedMacros: { added: add.unlisted, removed: del.unlisted },
  };
}

/** `include/linux/foo-bar.h` → `_LINUX_FOO_BAR_H`-like guards are not API. */
function includeGuard(path: string): string {
  const base = path.split('/').pop() ?? '';
  return `_${base.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}
