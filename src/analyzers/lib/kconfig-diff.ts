/**
 * What a Kconfig diff says about `select`s and `depends on`s, read from the hunks alone:
 * which entry each changed `select` line sits in, and the dependencies of the entries the diff
 * shows. The enclosing entry of a hunk that starts mid-entry comes from git's hunk header
 * (`@@ -28,7 +28,7 @@ menuconfig KVM`).
 */
import type { FileDiff } from '../../diff/model.js';

export interface SelectChange {
  path: string;
  /** The entry whose block holds the select (`KVM`), '' when unknown. */
  entry: string;
  symbol: string;
  /** The `if` condition of `select X if Y`, '' when none. */
  cond: string;
  change: 'add' | 'del';
  line: number;
}

export interface EntryDeps {
  path: string;
  symbol: string;
  /** `depends on` expressions visible on the new side of the diff. */
  depends: string[];
  /** True when the diff shows the `config` line itself (so `depends` is the whole block as far as the hunk goes). */
  complete: boolean;
}

/** One hunk of a KconfigEdit: its lines with their diff prefix, joined by newlines (one string crosses threads and sits in memory far cheaper than a line array). */
export interface EditHunk {
  oldStart: number;
  body: string;
}

/** The file's change, to apply the series to the tree's Kconfig (`--tree`). */
export interface KconfigEdit {
  oldPath: string | null;
  newPath: string | null;
  hunks: EditHunk[];
}

export interface KconfigFacts {
  selects: SelectChange[];
  entries: EntryDeps[];
  edit: KconfigEdit;
}

const KCONFIG_RE = /(^|\/)Kconfig[^/]*$/;
const ENTRY_RE = /^\s*(?:menu)?config\s+([A-Za-z0-9_]+)\s*$/;
const SELECT_RE = /^\s*select\s+([A-Za-z0-9_]+)(?:\s+if\s+(.+?))?\s*(?:#.*)?$/;
const DEPENDS_RE = /^\s*depends\s+on\s+(.+?)\s*(?:#.*)?$/;
const ENDS_BLOCK_RE = /^\s*(?:choice|endchoice|menu\b|endmenu|if\b|endif|source\b|comment\b)/;

export function scanKconfig(f: FileDiff): KconfigFacts | null {
  if (!KCONFIG_RE.test(f.path) || f.binary) return null;
  const selects: SelectChange[] = [];
  const entries = new Map<string, EntryDeps>();
  for (const h of f.hunks) {
    const fromHeader = ENTRY_RE.exec(h.header.replace(/^@@[^@]*@@\s*/, ''))?.[1] ?? '';
    let newEntry = fromHeader;
    let oldEntry = fromHeader;
    let newComplete = false;
    for (const l of h.lines) {
      const m = ENTRY_RE.exec(l.text);
      if (m?.[1]) {
        if (l.kind !== 'del') {
          newEntry = m[1];
          newComplete = true;
        }
        if (l.kind !== 'add') oldEntry = m[1];
        continue;
      }
      if (ENDS_BLOCK_RE.test(l.text)) {
        if (l.kind !== 'del') newEntry = '';
        if (l.kind !== 'add') oldEntry = '';
        continue;
      }
      if (l.kind !== 'del' && newEntry) {
        const d = DEPENDS_RE.exec(l.text);
        if (d?.[1]) {
          const e = entries.get(newEntry) ?? { path: f.path, symbol: newEntry, depends: [], complete: newComplete };
          e.depends.push(d[1]);
          entries.set(newEntry, e);
        }
      }
      if (l.kind === 'context') continue;
      const s = SELECT_RE.exec(l.text);
      if (!s?.[1]) continue;
      const add = l.kind === 'add';
      selects.push({ path: f.path, entry: add ? newEntry : oldEntry, symbol: s[1], cond: s[2] ?? '', change: add ? 'add' : 'del', line: (add ? l.newLine : l.oldLine) ?? 0 });
    }
  }
  const edit: KconfigEdit = {
    oldPath: f.oldPath,
    newPath: f.newPath,
    hunks: f.hunks.map((h) => ({ oldStart: h.oldStart, body: h.lines.map((l) => (l.kind === 'add' ? '+' : l.kind === 'del' ? '-' : ' ') + l.text).join('\n') })),
  };
  return { selects, entries: [...entries.values()], edit };
}
