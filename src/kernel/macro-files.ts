/**
 * Which files of a tree `#define` a macro, looked for where C would find it: the file itself,
 * the headers beside it and in each directory above it (a driver's own `iwl-drv.h`,
 * `ieee80211_i.h`), then every header under `include/` and `arch/*\/include/` (read once, and
 * only the names of `EXPORT_…` macros kept).
 */
import type { TreeFiles } from './tree-files.js';

type Lister = Pick<TreeFiles, 'read' | 'list'>;

const EXPORT_DEFINE_RE = /^[ \t]*#[ \t]*define[ \t]+(EXPORT_\w+)/gm;
/** Headers read per directory on the way up from a file (a directory of generated headers is skipped past this). */
const MAX_HEADERS_PER_DIR = 400;

export class MacroFiles {
  private index: Map<string, string[]> | undefined;

  constructor(private readonly files: Lister) {}

  /** Tree-relative paths of the files defining `macro`, nearest to `near` first, without repeats. */
  filesDefining(macro: string, near: string): string[] {
    const out: string[] = [];
    const add = (p: string): void => {
      if (!out.includes(p)) out.push(p);
    };
    const defineRe = new RegExp(`^[ \\t]*#[ \\t]*define[ \\t]+${macro}\\b`, 'm');
    const defines = (p: string): boolean => {
      const text = this.files.read(p);
      return text !== null && text.includes(macro) && defineRe.test(text);
    };
    if (defines(near)) add(near);
    const parts = near.split('/').slice(0, -1);
    for (let n = parts.length; n > 0; n--) {
      const dir = parts.slice(0, n).join('/');
      const headers = this.files.list(dir).filter((e) => e.endsWith('.h'));
      if (headers.length > MAX_HEADERS_PER_DIR) continue;
      for (const h of headers) if (defines(`${dir}/${h}`)) add(`${dir}/${h}`);
    }
    for (const p of this.headerIndex().get(macro) ?? []) add(p);
    return out;
  }

  /** `EXPORT_…` macro name → the headers under include/ and arch/*\/include/ that define it. */
  private headerIndex(): Map<string, string[]> {
    if (this.index) return this.index;
    const index = new Map<string, string[]>();
    const roots = ['include', ...this.files.list('arch').filter((a) => a.endsWith('/')).map((a) => `arch/${a}include`)];
    for (const r of roots) this.walk(r, index, 0);
    this.index = index;
    return index;
  }

  private walk(dir: string, index: Map<string, string[]>, depth: number): void {
    if (depth > 12) return;
    for (const e of this.files.list(dir)) {
      const p = `${dir}/${e}`;
      if (e.endsWith('/')) {
        this.walk(p.slice(0, -1), index, depth + 1);
        continue;
      }
      if (!e.endsWith('.h')) continue;
      const text = this.files.read(p);
      if (text === null || !text.includes('EXPORT_')) continue;
      for (const m of text.matchAll(EXPORT_DEFINE_RE)) {
        const name = m[1] as string;
        const list = index.get(name) ?? [];
        if (!list.includes(p)) list.push(p);
        index.set(name, list);
      }
    }
  }
}
