/** Read-only access to a kernel source tree (`--tree`): files, and Kconfig per architecture, cached. */
import { UserError } from '../model/errors.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Guarantees } from '../kconfig/guarantees.js';
import { parseKconfig, type KconfigDb, type KconfigEntry } from '../kconfig/parse.js';
import { reparseKconfig } from '../kconfig/reparse.js';
import type { Statement } from '../kconfig/lex.js';
import { maintainersOf, parseMaintainers, type MaintainersAnswer, type MaintainersDb } from './maintainers.js';
import { treeFiles, type TreeFiles } from './tree-files.js';
import { MacroFiles } from './macro-files.js';

import type { KconfigView, TreeView } from '../model/tree.js';

/**
 * Parsed Kconfig of this many architectures is kept (the least recently used goes first). One
 * architecture's parse of a whole tree is tens of MB; keeping every one that a run asked for
 * took `--tree` over the corpus past 2 GB. Most series ask for x86 (the architecture of paths
 * outside arch/), so a few slots keep nearly every hit.
 */
export const KCONFIG_ARCHES_KEPT = 3;

export class KernelTree implements TreeView {
  private readonly files = new Map<string, string | null>();
  private readonly dbs = new Map<string, KconfigDb>();
  private readonly views = new Map<string, KconfigView>();
  /** Kconfig files split into statements, shared by every architecture's parse (not by a patched tree's). */
  private readonly lexed = new Map<string, readonly Statement[]>();
  /** Each parsed tree's guarantees, from which its patched copies' are derived (gone with the tree). */
  private readonly guarantees = new WeakMap<KconfigDb, Guarantees>();
  private maintainersDb: MaintainersDb | null | undefined;
  private macroFiles: MacroFiles | undefined;

  private readonly read: TreeFiles['read'];
  private readonly isDirectory: TreeFiles['isDirectory'];
  private readonly list: TreeFiles['list'];

  /**
   * `files.read` gives a tree-relative file or null, `isDirectory` whether a tree-relative path
   * is a directory, `list` a directory's entries; by default they look on disk under `root`,
   * never outside it (tree-files.ts: the paths come from mail), with one resolution of `root`.
   */
  constructor(
    readonly root: string,
    files: TreeFiles = treeFiles(root),
  ) {
    this.read = files.read;
    this.isDirectory = files.isDirectory;
    this.list = files.list;
  }

  /** Throws a user-facing error when `root` is not a kernel tree. */
  static open(root: string): KernelTree {
    if (!existsSync(join(root, 'Kconfig')) || !existsSync(join(root, 'arch'))) {
      throw new TreeError(`${root} is not a kernel source tree (no Kconfig and arch/ at its top); pass the top directory of a Linux checkout to --tree`);
    }
    return new KernelTree(root);
  }

  /** A tree held in memory (tests, and trees assembled from a patch). */
  static fromFiles(files: Readonly<Record<string, string>>): KernelTree {
    const paths = Object.keys(files);
    const entries = (dir: string): string[] => {
      const prefix = dir === '' || dir === '.' ? '' : `${dir.replace(/\/$/, '')}/`;
      const names = new Set<string>();
      for (const f of paths) {
        if (!f.startsWith(prefix)) continue;
        const rest = f.slice(prefix.length);
        const slash = rest.indexOf('/');
        names.add(slash < 0 ? rest : rest.slice(0, slash + 1));
      }
      return [...names].sort();
    };
    return new KernelTree('(memory)', {
      read: (p) => files[p] ?? null,
      isDirectory: (p) => paths.some((f) => f.startsWith(`${p.replace(/\/$/, '')}/`)),
      list: entries,
    });
  }

  readFile(path: string): string | null {
    let text = this.files.get(path);
    if (text === undefined) {
      text = this.read(path);
      this.files.set(path, text);
    }
    return text;
  }

  /** Files that `#define` an export macro, nearest to `near` first (macro-files.ts). */
  filesDefining(macro: string, near: string): readonly string[] {
    this.macroFiles ??= new MacroFiles({ read: this.read, list: this.list });
    return this.macroFiles.filesDefining(macro, near);
  }

  /** MAINTAINERS parsed (with the tree's `.mailmap`), read once; null when the tree has none. */
  maintainers(): MaintainersDb | null {
    if (this.maintainersDb === undefined) {
      const text = this.readFile('MAINTAINERS');
      const mailmap = this.readFile('.mailmap');
      this.maintainersDb =
        text === null ? null : parseMaintainers(text, { isDirectory: (p) => this.isDirectory(p), ...(mailmap === null ? {} : { mailmap }) });
    }
    return this.maintainersDb;
  }

  /** Who looks after a tree-relative file, as `get_maintainer.pl -f` answers (docs/maintainers.md); null without MAINTAINERS. */
  maintainersOf(path: string): MaintainersAnswer | null {
    const db = this.maintainers();
    if (!db) return null;
    return maintainersOf(db, path, { content: path.endsWith('.yaml') ? this.read(path) : null });
  }

  /** Architectures: directories of arch/ with a Kconfig. */
  arches(): string[] {
    return readdirSync(join(this.root, 'arch'))
      .filter((a) => statSync(join(this.root, 'arch', a)).isDirectory() && existsSync(join(this.root, 'arch', a, 'Kconfig')))
      .sort();
  }

  kconfig(arch: string, changes?: ReadonlyMap<string, string | null>): KconfigView {
    const base = this.kconfigDb(arch);
    const touched = [...(changes?.keys() ?? [])].filter((p) => base.contexts.has(p));
    if (!changes || touched.length === 0) {
      let view = this.views.get(arch);
      if (!view) this.views.set(arch, (view = viewOf(base, () => this.baseGuarantees(base))));
      return view;
    }
    const read = (p: string): string | null => (changes.has(p) ? (changes.get(p) ?? null) : this.readFile(p));
    const db = reparseKconfig(base, { read }, touched);
    return viewOf(db, () => new Guarantees(db, this.baseGuarantees(base)));
  }

  private baseGuarantees(db: KconfigDb): Guarantees {
    let g = this.guarantees.get(db);
    if (!g) this.guarantees.set(db, (g = new Guarantees(db)));
    return g;
  }

  kconfigDb(arch: string): KconfigDb {
    let db = this.dbs.get(arch);
    if (db) {
      // Most recently used last: a Map iterates in insertion order.
      this.dbs.delete(arch);
    } else {
      db = parseKconfig({ read: (p) => this.readFile(p), lexed: this.lexed }, arch);
      for (const old of this.dbs.keys()) {
        if (this.dbs.size < KCONFIG_ARCHES_KEPT) break;
        this.dbs.delete(old);
        this.views.delete(old);
      }
    }
    this.dbs.set(arch, db);
    return db;
  }
}

function viewOf(db: KconfigDb, make: () => Guarantees): KconfigView {
  let guarantees: Guarantees | undefined;
  return {
    definitions: (symbol): readonly KconfigEntry[] => db.entries.get(symbol) ?? [],
    implied: (symbols) => (guarantees ??= make()).implied(symbols),
  };
}

export class TreeError extends UserError {}
