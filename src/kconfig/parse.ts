/**
 * A Kconfig reader: enough of the language to know, for every symbol, its type, its direct
 * dependencies (its own `depends on` plus those of enclosing `if`, `menu` and `choice` blocks)
 * and its `select`s and `imply`s. Pure: file contents come from the caller.
 */

export interface KconfigSelect {
  symbol: string;
  /** `select X if COND`: COND, '' when none. */
  cond: string;
  file: string;
  line: number;
  weak: boolean;
}

export interface KconfigEntry {
  symbol: string;
  file: string;
  line: number;
  type: string;
  /** The entry's own `depends on` expressions. */
  depends: string[];
  /** Conditions of enclosing `if`/`menu`/`choice` blocks, outermost first. */
  inherited: string[];
  /**
   * For a choice member: the conditions of the choice itself and the blocks around it, which
   * `inherited` stands for with `<choice>` (as kconfiglib writes it). A member is only ever
   * on when its choice is visible, so these hold too.
   */
  choiceDeps?: string[];
  selects: KconfigSelect[];
  /** The entry has a prompt (`bool "…"` or `prompt`): a user can change it. */
  prompt: boolean;
  /** `default V [if C]` and `def_bool V [if C]`, in order (the first whose C holds applies). */
  defaults: { value: string; cond: string }[];
}

export interface KconfigDb {
  arch: string;
  entries: Map<string, KconfigEntry[]>;
  files: string[];
  /** `source` lines whose file could not be read (osource excluded). */
  missing: string[];
  /** The `if`/`menu`/`choice` blocks open where each file was sourced (to re-read one file alone). */
  contexts: Map<string, readonly Block[]>;
  /** For a tree made by reparseKconfig: the tree it came from, and the symbols whose definitions may differ from that tree's. */
  reparsed?: { from: KconfigDb; symbols: ReadonlySet<string> };
}

import { dirname, lex, normalise, type Statement } from './lex.js';

export interface KconfigSource {
  /** Contents of a tree-relative path, or null when it does not exist. */
  read(path: string): string | null;
  /**
   * Files already split into statements, by their text: a tree parsed for several
   * architectures reads most files again, and splitting them was most of each parse.
   */
  lexed?: Map<string, readonly Statement[]>;
}


export interface Block {
  kind: 'if' | 'menu' | 'choice';
  cond: string[];
}

const ENTRY_RE = /^(menuconfig|config)\s+([A-Za-z0-9_]+)\s*$/;
const TYPE_RE = /^(bool|tristate|string|int|hex|def_bool|def_tristate)\b/;

/** Parse the Kconfig tree of one architecture (`$(SRCARCH)` = arch). */
export function parseKconfig(src: KconfigSource, arch: string, root = 'Kconfig'): KconfigDb {
  const db: KconfigDb = { arch, entries: new Map(), files: [], missing: [], contexts: new Map() };
  reader(src, db, [])(root, '', false);
  return db;
}

/** A reader of files into `db`, starting inside `blocks`; `seen` files are not read again. */
export function reader(src: KconfigSource, db: KconfigDb, blocks: Block[], seen = new Set<string>()): (path: string, dir: string, optional: boolean) => void {
  const arch = db.arch;
  const readFile = (path: string, dir: string, optional: boolean): void => {
    const full = normalise(path.replace(/\$\(SRCARCH\)|\$SRCARCH/g, arch), dir);
    if (seen.has(full)) return;
    const text = src.read(full);
    if (text === null) {
      if (!optional) db.missing.push(full);
      return;
    }
    seen.add(full);
    db.files.push(full);
    db.contexts.set(full, blocks.map((b) => ({ kind: b.kind, cond: [...b.cond] })));
    // Blocks stay in their file (Kconfig requires it): a stray `endif` cannot close the
    // blocks of the file that sourced this one, and a block left open ends with the file.
    const floor = blocks.length;
    parseFile(full, text, floor);
    blocks.length = floor;
  };

  const parseFile = (file: string, text: string, floor: number): void => {
    let statements = src.lexed?.get(text);
    if (!statements) {
      statements = lex(text);
      src.lexed?.set(text, statements);
    }
    let entry: KconfigEntry | null = null;
    let fresh: Block | null = null; // a menu/choice that may still take `depends on`
    for (const { no, line, word } of statements) {
      const m = ENTRY_RE.exec(line);
      if (m) {
        entry = { symbol: m[2] as string, file, line: no, type: '', depends: [], inherited: inheritedConditions(blocks), selects: [], prompt: false, defaults: [] };
        const around = choiceConditions(blocks);
        if (around) entry.choiceDeps = around;
        const list = db.entries.get(entry.symbol) ?? [];
        list.push(entry);
        db.entries.set(entry.symbol, list);
        fresh = null;
        continue;
      }
      switch (word) {
        case 'if':
          blocks.push({ kind: 'if', cond: [line.slice(2).trim()] });
          entry = null;
          fresh = null;
          continue;
        case 'endif':
        case 'endmenu':
        case 'endchoice':
          if (blocks.length > floor) blocks.pop();
          entry = null;
          fresh = null;
          continue;
        case 'menu':
        case 'choice':
          fresh = { kind: word, cond: [] };
          blocks.push(fresh);
          entry = null;
          continue;
        case 'source':
        case 'rsource':
        case 'osource':
        case 'orsource': {
          const path = /"([^"]+)"/.exec(line)?.[1] ?? line.split(/\s+/)[1] ?? '';
          const rel = word === 'rsource' || word === 'orsource';
          readFile(path, rel ? dirname(file) : '', word.startsWith('o'));
          entry = null;
          fresh = null;
          continue;
        }
        case 'comment':
        case 'mainmenu':
          entry = null;
          fresh = null;
          continue;
      }
      if (line.startsWith('depends on')) {
        const expr = line.slice('depends on'.length).trim();
        if (entry) entry.depends.push(expr);
        else if (fresh) fresh.cond.push(expr);
        continue;
      }
      if (!entry) continue;
      const t = TYPE_RE.exec(line);
      if (t) {
        const rest = line.slice((t[1] as string).length).trim();
        entry.type = (t[1] as string).replace(/^def_/, '');
        if (t[1]?.startsWith('def_')) entry.defaults.push(splitIf(rest));
        else if (rest.startsWith('"')) entry.prompt = true;
        continue;
      }
      if (word === 'prompt') {
        entry.prompt = true;
        continue;
      }
      if (word === 'default') {
        entry.defaults.push(splitIf(line.slice('default'.length).trim()));
        continue;
      }
      const s = /^(select|imply)\s+([A-Za-z0-9_]+)(?:\s+if\s+(.+))?$/.exec(line);
      if (s) entry.selects.push({ symbol: s[2] as string, cond: (s[3] ?? '').trim(), file, line: no, weak: s[1] === 'imply' });
    }
  };

  return readFile;
}

/**
 * Conditions an entry inherits. Inside a `choice`, a member depends on the choice itself
 * (`<choice>`, as kconfiglib writes it), which carries the conditions of the blocks around it;
 * only blocks inside the choice add to the member.
 */
function inheritedConditions(blocks: readonly Block[]): string[] {
  let k = -1;
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (blocks[i]?.kind === 'choice') {
      k = i;
      break;
    }
  }
  if (k < 0) return blocks.flatMap((b) => b.cond);
  return ['<choice>', ...blocks.slice(k + 1).flatMap((b) => b.cond)];
}

/** The conditions of the innermost choice and the blocks around it; null outside a choice. */
function choiceConditions(blocks: readonly Block[]): string[] | null {
  for (let i = blocks.length - 1; i >= 0; i--) {
    if (blocks[i]?.kind === 'choice') return blocks.slice(0, i + 1).flatMap((b) => b.cond);
  }
  return null;
}

/** Every definition's complete direct dependency: own `depends on` and enclosing blocks, ANDed. */
export function directDependency(e: KconfigEntry): string {
  const parts = [...e.inherited, ...e.depends].map((d) => (/[|&]/.test(d) ? `(${d})` : d));
  return parts.join(' && ');
}

/** `V if C` → { value: V, cond: C } (quotes respected only loosely: Kconfig values rarely hold ' if '). */
function splitIf(text: string): { value: string; cond: string } {
  const m = /^(.*?)\s+if\s+(.+)$/.exec(text);
  return m ? { value: (m[1] as string).trim(), cond: (m[2] as string).trim() } : { value: text, cond: '' };
}
