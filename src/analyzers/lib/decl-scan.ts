/**
 * Declarations added to and removed from a header by a diff (what counts: ./decl-of.ts).
 * Matched later by name and signature (whitespace-normalised), never by position.
 */
import type { FileDiff } from '../../diff/model.js';
import { forEachChange } from '../../diff/parse.js';
import { stripLineComments } from './c-line.js';
import { declOf, macroAt, type Decl } from './decl-of.js';
import { packDecls, type PackedDecls } from './decl-pack.js';

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

/** The declarations of one side (added or removed lines) of one header diff. */
class Side {
  readonly decls: Decl[] = [];
  /** Every macro seen, listed or not. */
  macros = 0;
  /** A prototype over several lines, joined until its `;`. */
  pending: { text: string; line: number } | null = null;

  constructor(private readonly guard: () => string) {}

  /** A line cut out of the diff: the general case. */
  line(text: string, line: number): void {
    const code = text.includes('/') ? stripLineComments(text) : text;
    const cont = this.pending;
    if (cont) {
      cont.text += ` ${code.trim()}`;
      if (code.includes(';') || cont.text.length > 600) {
        this.pending = null;
        this.add(declOf(cont.text, cont.line, this.guard()));
      }
      return;
    }
    if (!/^\s*#/.test(code) && /\(/.test(code) && !code.includes(';') && !/[{}]/.test(code) && /^\s*(extern\s+)?[A-Za-z_]/.test(code) && !/^\s*static\b/.test(code)) {
      this.pending = { text: code, line };
      return;
    }
    this.add(declOf(code, line, this.guard()));
  }

  add(d: Decl | null): void {
    if (!d) return;
    if (d.kind === 'macro') this.macro(d.name, d.signature, d.line);
    else this.decls.push(d);
  }

  /**
   * Past GENERATED_MACROS the header is generated: its macros are only counted, and no Decl
   * (nor signature string) is made for the hundreds of thousands that follow.
   */
  macro(name: string, signature: string, line: number): void {
    this.macros++;
    if (this.macros <= GENERATED_MACROS) this.decls.push({ name, kind: 'macro', signature, line });
    else if (this.macros === GENERATED_MACROS + 1) {
      const kept = this.decls.filter((d) => d.kind !== 'macro');
      this.decls.length = 0;
      this.decls.push(...kept);
    }
  }

  get empty(): boolean {
    return this.decls.length === 0 && this.macros === 0;
  }

  get unlisted(): number {
    return this.macros > GENERATED_MACROS ? this.macros : 0;
  }
}

function scan(f: FileDiff): HeaderChanges | null {
  if (!HEADER_RE.test(f.path) && !HEADER_RE.test(f.oldPath ?? '') || f.binary) return null;
  let guardName: string | undefined;
  const guard = (): string => (guardName ??= includeGuard(f.path));
  const sides = { add: new Side(guard), del: new Side(guard) };
  const slash = new NextSlash();
  forEachChange(f, (kind, text, start, end, line) => {
    const side = sides[kind];
    if (side.pending === null) {
      // Declarations start at column 0 (or with `#`); indented lines matter only to finish a
      // prototype that spans lines. Everything else is never cut out of the text.
      const c = start < end ? text.charCodeAt(start) : NaN;
      if (c === 32 || c === 9 || c === 42 || c === 47 || c === 125 || c !== c) return;
      if (c === 35) {
        const hit = macroAt(text, start, end, slash.in(text, start, end), guard);
        if (hit === null) return;
        if (hit) {
          side.macro(hit.name, `#define ${hit.name}${hit.params}`, line);
          return;
        }
      }
    }
    side.line(text.slice(start, end), line);
  });
  if (sides.add.empty && sides.del.empty && f.status !== 'renamed') return null;
  return {
    path: f.path,
    oldPath: f.oldPath ?? f.path,
    status: f.status,
    similarity: f.similarity ?? 0,
    added: packDecls(sides.add.decls),
    removed: packDecls(sides.del.decls),
    unlistedMacros: { added: sides.add.unlisted, removed: sides.del.unlisted },
  };
}

/**
 * The first `/` of a line, for lines visited in text order: one search serves every line up
 * to the `/` it found, so a header without comments is searched once, not once per line.
 */
export class NextSlash {
  private text = '';
  private at = -1;

  /** Offset of the first `/` in text[start, end), or end when there is none. */
  in(text: string, start: number, end: number): number {
    if (text !== this.text || this.at < start) {
      this.text = text;
      const i = text.indexOf('/', start);
      this.at = i < 0 ? Infinity : i;
    }
    return this.at < end ? this.at : end;
  }
}

/** `include/linux/foo-bar.h` → `_LINUX_FOO_BAR_H`-like guards are not API. */
function includeGuard(path: string): string {
  const base = path.split('/').pop() ?? '';
  return `_${base.replace(/[^A-Za-z0-9]/g, '_').toUpperCase()}`;
}
