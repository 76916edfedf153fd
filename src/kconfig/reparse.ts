/** A parsed Kconfig tree with some files changed, without parsing the whole tree again. */
import { reader, type KconfigDb, type KconfigSource } from './parse.js';
import { LayeredMap } from '../util/layered-map.js';

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
  // Untouched lists are kept as they are (guarantees-derive.ts compares by identity first),
  // and the tree's map is not copied.
  db.entries = new LayeredMap(base.entries);
  const index = symbolsByFile(base);
  const touched = new Set<string>();
  for (const f of redone) for (const s of index.get(f) ?? []) touched.add(s);
  for (const symbol of touched) {
    const kept = (base.entries.get(symbol) ?? []).filter((e) => !redone.has(e.file));
    if (kept.length > 0) db.entries.set(symbol, kept);
    else db.entries.delete(symbol);
  }
  for (const [symbol, list] of fresh.entries) {
    touched.add(symbol);
    db.entries.set(symbol, [...(db.entries.get(symbol) ?? []), ...list]);
  }
  db.reparsed = { from: base, symbols: touched };
  db.files = [...base.files.filter((f) => !redone.has(f)), ...fresh.files];
  for (const f of fresh.files) db.contexts.set(f, fresh.contexts.get(f) ?? []);
  return db;
}

const indexes = new WeakMap<KconfigDb, Map<string, string[]>>();

/** The symbols each file defines, made once per tree. */
function symbolsByFile(db: KconfigDb): Map<string, string[]> {
  let index = indexes.get(db);
  if (!index) {
    index = new Map();
    for (const [symbol, list] of db.entries) {
      for (const e of list) {
        const symbols = index.get(e.file);
        if (!symbols) index.set(e.file, [symbol]);
        else if (symbols[symbols.length - 1] !== symbol) symbols.push(symbol);
      }
    }
    indexes.set(db, index);
  }
  return index;
}

