/**
 * A patched tree's guarantees from the unpatched tree's, instead of from nothing: a series
 * changes a few entries of ~15,000, and building the whole fixpoint again for every series that
 * touches a Kconfig file was most of `--tree`'s time (docs/performance.md).
 *
 * The base facts (on, on with dependencies, off) are a fixpoint of monotone rules, so they are
 * kept up to date the way a deductive database keeps a view: every fact that may rest on a
 * changed entry is taken back (the changed symbols, the symbols they select, and from each
 * symbol whose fact is taken back: its readers and what its being on brought), then the rules
 * run again over what was taken back, from the facts that remain. Readers may be a superset
 * (a symbol read again changes nothing); selectors must be exact (an off symbol is one that no
 * selector can turn on).
 */
import type { KconfigDb, KconfigEntry } from './parse.js';
import { Closure, closureSuccessors } from './closure.js';

export interface Selector {
  symbol: string;
  cond: string;
}

/** A read-only map (a Map, or an overlay on one). */
export interface Lookup<T> {
  get(key: string): T | undefined;
}

export interface Facts {
  closure: Closure;
  off: Set<string>;
}

export interface GuaranteeState {
  db: KconfigDb;
  selectors: Lookup<readonly Selector[]>;
  readers: Lookup<ReadonlySet<string>>;
  base: Facts;
}

/** Facts with those that may have changed taken back, and the symbols to read again. */
export interface Derived {
  selectors: Lookup<readonly Selector[]>;
  readers: Lookup<ReadonlySet<string>>;
  /** Symbols whose definitions or selectors differ from the tree's. */
  touched: ReadonlySet<string>;
  /** Symbols whose readers differ from the tree's. */
  newReaders: ReadonlySet<string>;
  facts: Facts;
  recheck: string[];
}

/** Beyond this share of the symbols to read again, building from nothing is as cheap. */
export const MAX_SHARE = 0.5;

/** `from` (an unpatched tree's state) carried over to `db`; null when more than `maxShare` of the symbols may have changed. */
export function derivedState(from: GuaranteeState, db: KconfigDb, maxShare = MAX_SHARE): Derived | null {
  const old = from.db;
  const changed = changedSymbols(old, db);
  const targets = new Set<string>();
  for (const s of changed) for (const defs of [old.entries.get(s), db.entries.get(s)]) for (const d of defs ?? []) for (const sel of d.selects) targets.add(sel.symbol);

  // Edges of the changed symbols' new entries, over the old ones.
  const ownSelectors = new Map<string, Selector[]>();
  for (const t of targets) ownSelectors.set(t, (from.selectors.get(t) ?? []).filter((x) => !changed.has(x.symbol)));
  const ownReaders = new Map<string, Set<string>>();
  for (const s of changed) addEdges(s, db.entries.get(s) ?? [], ownSelectors, ownReaders);
  for (const [k, set] of ownReaders) for (const r of from.readers.get(k) ?? []) set.add(r);
  const selectors = overlay(ownSelectors, from.selectors);
  const readers = overlay<ReadonlySet<string>>(ownReaders, from.readers);

  // Take back every fact that may rest on a changed entry.
  const { closure: baseClosure, off: baseOff } = from.base;
  const gone = new Set<string>();
  const work: string[] = [];
  const visit = (s: string): void => {
    if (gone.has(s)) return;
    gone.add(s);
    work.push(s);
  };
  for (const s of [...changed, ...targets]) {
    visit(s);
    for (const r of readers.get(s) ?? []) visit(r);
  }
  const limit = maxShare * db.entries.size;
  while (work.length > 0) {
    if (maxShare < 1 && gone.size > limit) return null;
    const s = work.pop() as string;
    const on = baseClosure.on.has(s);
    if (!on && !baseOff.has(s)) continue;
    for (const r of readers.get(s) ?? []) visit(r);
    if (on) for (const next of closureSuccessors(old.entries.get(s) ?? [], baseClosure.withDeps.has(s))) visit(next);
  }

  const closure = baseClosure.clone(db);
  closure.remove(gone);
  const off = new Set(baseOff);
  for (const s of gone) off.delete(s);
  // What the symbols still on bring is brought again: some of it was taken back.
  const again = new Set<string>();
  for (const s of gone) {
    for (const x of selectors.get(s) ?? []) if (closure.on.has(x.symbol)) again.add(x.symbol);
    for (const r of readers.get(s) ?? []) if (closure.on.has(r)) again.add(r);
  }
  closure.requeue(again);
  return { selectors, readers, touched: new Set([...changed, ...targets]), newReaders: new Set(ownReaders.keys()), facts: { closure, off }, recheck: [...gone] };
}

/** Record what `symbol`'s definitions select (in `selectors`) and who reads what (in `readers`). */
export function addEdges(symbol: string, defs: readonly KconfigEntry[], selectors: Map<string, Selector[]>, readers: Map<string, Set<string>>): void {
  const read = (from: string, by: string): void => {
    let set = readers.get(from);
    if (!set) readers.set(from, (set = new Set()));
    set.add(by);
  };
  for (const d of defs) {
    for (const text of conditionTexts(d)) for (const m of mentioned(text)) read(m, symbol);
    for (const s of d.selects) {
      let list = selectors.get(s.symbol);
      if (!list) selectors.set(s.symbol, (list = []));
      list.push({ symbol, cond: s.cond });
      read(symbol, s.symbol);
      for (const m of mentioned(s.cond)) read(m, s.symbol);
    }
  }
}

/** Symbols whose definitions differ between two trees (added and removed ones included). */
function changedSymbols(old: KconfigDb, db: KconfigDb): Set<string> {
  const changed = new Set<string>();
  if (db.reparsed?.from === old) {
    for (const s of db.reparsed.symbols) {
      const defs = db.entries.get(s);
      if (!defs || !sameDefinitions(old.entries.get(s), defs)) changed.add(s);
    }
    return changed;
  }
  for (const [s, defs] of db.entries) if (!sameDefinitions(old.entries.get(s), defs)) changed.add(s);
  for (const s of old.entries.keys()) if (!db.entries.has(s)) changed.add(s);
  return changed;
}

function sameDefinitions(a: readonly KconfigEntry[] | undefined, b: readonly KconfigEntry[]): boolean {
  if (a === b) return true;
  if (!a || a.length !== b.length) return false;
  return a.every((x, i) => x === b[i] || meaning(x) === meaning(b[i] as KconfigEntry));
}

/** Everything of an entry that the guarantees read (not where it is written). */
function meaning(e: KconfigEntry): string {
  return JSON.stringify([e.type, e.prompt, e.depends, e.inherited, e.choiceDeps ?? [], e.defaults, e.selects.map((s) => [s.symbol, s.cond, s.weak])]);
}

function overlay<T>(own: ReadonlyMap<string, T>, under: Lookup<T>): Lookup<T> {
  // `own` never holds undefined: one lookup where the key is its own.
  return { get: (key) => own.get(key) ?? under.get(key) };
}

/** The expressions an entry's own reading depends on: dependencies, inherited and choice conditions, defaults. */
export function conditionTexts(d: KconfigEntry): string[] {
  return [...d.inherited, ...d.depends, ...(d.choiceDeps ?? []), ...d.defaults.flatMap((x) => [x.value, x.cond])];
}

/** Symbol names an expression mentions (they may start with a digit: `64BIT`). */
export function mentioned(text: string): string[] {
  return text.match(/[A-Za-z0-9_]+/g) ?? [];
}
