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
}

export interface KconfigSource {
  /** Contents of a tree-relative path, or null when it does not exist. */
  read(path: string): string | null;
  /**
   * Files already split into statements, by their text: a tree parsed for several
   * architectures reads most files again, and splitting them was most of each parse.
   */
  lexed?: Map<string, readonly Statement[]>;
}

/** One statement of a Kconfig file: help text and comments gone, blanks collapsed. */
export interface Statement {
  no: number;
  line: string;
  word: string;
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

/**
 * The same tree with some files changed (a series applied): each changed file that the tree
 * sources is read again, alone, inside the blocks that were open where it was sourced, and its
 * entries (and those of files it sources) replace the old ones. New files are read when a
 * changed file sources them. `src` gives the changed contents.
 */
export function reparseKconfig(base: KconfigDb, src: KconfigSource, changed: readonly string[]): KconfigDb {
  const db: KconfigDb = { arch: base.arch, entries: new Map(), files: [], missing: [...base.missing], contexts: new Map(base.contexts) };
  const redone = new Set<string>();
  const fresh: KconfigDb = { ...db, entries: new Map(), files: [] };
  // A file the tree read once is not read again from a changed file that sources it too (a
  // cycle, or a second `source` of it): as in the whole parse, the first reading holds.
  const changedSet = new Set(changed);
  const seen = new Set(base.files.filter((f) => !changedSet.has(f)));
  for (const file of changed) {
    const ctx = base.contexts.get(file);
    if (!ctx || redone.has(file)) continue;
    const before = fresh.files.length;
    reader(src, fresh, ctx.map((b) => ({ kind: b.kind, cond: [...b.cond] })), seen)(file, '', true);
    for (const f of fresh.files.slice(before)) redone.add(f);
  }
  for (const [symbol, list] of base.entries) {
    // Most lists are untouched and kept as they are (guarantees-derive.ts compares by identity first).
    const kept = list.some((e) => redone.has(e.file)) ? list.filter((e) => !redone.has(e.file)) : list;
    if (kept.length > 0) db.entries.set(symbol, kept);
  }
  for (const [symbol, list] of fresh.entries) db.entries.set(symbol, [...(db.entries.get(symbol) ?? []), ...list]);
  db.files = [...base.files.filter((f) => !redone.has(f)), ...fresh.files];
  for (const f of fresh.files) db.contexts.set(f, fresh.contexts.get(f) ?? []);
  return db;
}

/** A reader of files into `db`, starting inside `blocks`; `seen` files are not read again. */
function reader(src: KconfigSource, db: KconfigDb, blocks: Block[], seen = new Set<string>()): (path: string, dir: string, optional: boolean) => void {
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

/** A file's statements: lines joined at `\\`, help text and comments dropped, blanks collapsed. */
function lex(text: string): Statement[] {
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

function dirname(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function normalise(path: string, dir: string): string {
  const parts = (dir ? `${dir}/${path}` : path).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '' || p === '.') continue;
    if (p === '..') out.pop();
    else out.push(p);
  }
  return out.join('/');
}
