/** Read-only access to a kernel source tree (`--tree`): Kconfig per architecture, cached. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseKconfig, type KconfigDb } from './kconfig.js';

import type { TreeView } from '../analyzers/types.js';

export class KernelTree implements TreeView {
  private readonly files = new Map<string, string | null>();
  private readonly dbs = new Map<string, KconfigDb>();

  constructor(readonly root: string) {}

  /** Throws a user-facing error when `root` is not a kernel tree. */
  static open(root: string): KernelTree {
    if (!existsSync(join(root, 'Kconfig')) || !existsSync(join(root, 'arch'))) {
      throw new TreeError(`${root} is not a kernel source tree (no Kconfig and arch/ at its top); pass the top directory of a Linux checkout to --tree`);
    }
    return new KernelTree(root);
  }

  readFile(path: string): string | null {
    let text = this.files.get(path);
    if (text === undefined) {
      try {
        text = readFileSync(join(this.root, path), 'utf8');
      } catch {
        text = null;
      }
      this.files.set(path, text);
    }
    return text;
  }

  /** Architectures: directories of arch/ with a Kconfig. */
  arches(): string[] {
    return readdirSync(join(this.root, 'arch'))
      .filter((a) => statSync(join(this.root, 'arch', a)).isDirectory() && existsSync(join(this.root, 'arch', a, 'Kconfig')))
      .sort();
  }

  kconfigDefinitions(arch: string, symbol: string): readonly { file: string; depends: readonly string[]; inherited: readonly string[]; selects: readonly { symbol: string; cond: string; weak: boolean }[] }[] {
    return this.kconfig(arch).entries.get(symbol) ?? [];
  }

  kconfig(arch: string): KconfigDb {
    let db = this.dbs.get(arch);
    if (!db) {
      db = parseKconfig({ read: (p) => this.readFile(p) }, arch);
      this.dbs.set(arch, db);
    }
    return db;
  }
}

export class TreeError extends Error {}
