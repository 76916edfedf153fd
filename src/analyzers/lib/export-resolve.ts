/**
 * The series-wide view of export wrappers: definitions the series itself adds (or shows in
 * context) come first, then the tree's (`--tree`), and each site of an unknown wrapper is
 * replaced by what its definition exports, or kept with `unknown` set.
 */
import type { TreeView } from '../../model/tree.js';
import { collectDefines, type MacroDef } from './export-defines.js';
import type { ExportSite, FileExports } from './export-scan.js';
import { expandWrapper } from './export-wrappers.js';

export class WrapperResolver {
  private readonly own = new Map<string, MacroDef[]>();
  private readonly fromTree = new Map<string, readonly MacroDef[]>();

  constructor(
    facts: readonly (readonly FileExports[] | undefined)[],
    private readonly tree: TreeView | undefined,
  ) {
    for (const files of facts) {
      for (const fx of files ?? []) {
        for (const d of fx.defines ?? []) {
          const list = this.own.get(d.name) ?? [];
          list.push(d);
          this.own.set(d.name, list);
        }
      }
    }
  }

  /** Whether a tree is there to look definitions up in. */
  get hasTree(): boolean {
    return this.tree?.filesDefining !== undefined;
  }

  /** The site itself when its macro is known; else what its wrapper expands to, or the site still marked unknown. */
  resolve(site: ExportSite, path: string): ExportSite[] {
    if (!site.unknown) return [site];
    return expandWrapper(site, (m) => this.definitions(m, path)) ?? [site];
  }

  private definitions(macro: string, near: string): readonly MacroDef[] {
    const own = this.own.get(macro);
    if (own) return own;
    const tree = this.tree;
    if (!tree?.filesDefining) return [];
    const dir = near.slice(0, near.lastIndexOf('/') + 1);
    const key = `${macro}|${dir}`;
    let defs = this.fromTree.get(key);
    if (!defs) {
      const found: MacroDef[] = [];
      for (const file of tree.filesDefining(macro, near)) {
        const text = tree.readFile(file);
        if (text !== null) found.push(...collectDefines(text.split('\n'), file).filter((d) => d.name === macro));
      }
      this.fromTree.set(key, (defs = found));
    }
    return defs;
  }
}
