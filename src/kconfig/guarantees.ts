/**
 * What is certainly on when some symbols are: Kconfig reasoning for `select` checks.
 * A symbol on because its dependencies hold brings those dependencies (their certain
 * conjuncts), what it selects unconditionally, and what it selects under a condition known to
 * hold; a symbol on only because something selects it brings its selects, not its dependencies
 * (that is what select gets wrong). Beyond that, some symbols are forced: no prompt and a first
 * default that is y (`X86`, `def_bool !LEGACY_TIMER_TICK` once nothing can set that), and some
 * are certainly off: dependencies that are n (`depends on !ARCH_MOXART` when ARCH_MOXART is on)
 * and no selector that could be on. Both are read three-valued, to a fixpoint.
 */
import type { KconfigDb, KconfigEntry } from './parse.js';
import { alternatives, requiredSymbols } from './expr.js';
import { textValue, type Known } from './tristate.js';
import { Closure, conjunction } from './closure.js';
import { TurnOnReaders } from './on-matters.js';
import { addEdges, derivedState, type Facts, type GuaranteeState, type Selector } from './guarantees-derive.js';

/** Facts a query or a build settles: the closure, and an off set that may read through to the base's. */
interface QueryFacts {
  closure: Closure;
  off: Pick<Set<string>, 'has' | 'add'>;
}

export class Guarantees {
  /** Who selects or implies each symbol (any of them on can turn it on). */
  private readonly selectors: GuaranteeState['selectors'];
  /** Symbols whose on/off reading may change when a symbol becomes known (they mention it, or it selects them); may hold more. */
  private readonly readers: GuaranteeState['readers'];
  /** What holds with no assumption at all, the starting point of every query. */
  private readonly base: Facts;
  private readonly memo = new Map<string, Set<string>>();
  /** The readers of each symbol that its turning on can change. */
  private readonly turnOn: TurnOnReaders;

  /**
   * The guarantees of `db`; with `from`, those of the tree it was patched from, derived unless
   * more than `maxShare` of the symbols may have changed (guarantees-derive.ts).
   */
  constructor(
    private readonly db: KconfigDb,
    from?: Guarantees,
    maxShare?: number,
  ) {
    const derived = from ? derivedState(from.state(), db, maxShare) : null;
    if (derived) {
      this.selectors = derived.selectors;
      this.readers = derived.readers;
      this.turnOn = new TurnOnReaders(db.entries, this.readers, this.selectors, { lists: (from as Guarantees).turnOn, touched: derived.touched, newReaders: derived.newReaders });
      const { closure } = derived.facts;
      closure.run();
      this.settle(derived.facts, derived.recheck, closure.takeAdded());
      this.base = derived.facts;
      return;
    }
    const selectors = new Map<string, Selector[]>();
    const readers = new Map<string, Set<string>>();
    for (const [symbol, defs] of db.entries) addEdges(symbol, defs, selectors, readers);
    this.selectors = selectors;
    this.readers = readers;
    this.turnOn = new TurnOnReaders(db.entries, readers, selectors);
    const facts: Facts = { closure: new Closure(db), off: new Set() };
    this.settle(facts, [...db.entries.keys()]);
    this.base = facts;
  }

  /** The facts that hold with no assumption, sorted (tests compare derived guarantees with built ones). */
  facts(): { on: string[]; withDeps: string[]; off: string[] } {
    const { closure, off } = this.base;
    return { on: [...closure.on].sort(), withDeps: [...closure.withDeps].sort(), off: [...off].sort() };
  }

  /** What a patched tree's guarantees are derived from. */
  private state(): GuaranteeState {
    return { db: this.db, selectors: this.selectors, readers: this.readers, base: this.base };
  }

  /**
   * Symbols on whenever every one of `symbols` is on (they included), forced ones included.
   * A symbol that only a select can turn on (no prompt, no default that can be y) also brings
   * what all its selectors have in common: `CALL_THUNKS` is `def_bool n`, so it is on only when
   * the mitigation that selects it is, with that one's dependencies.
   */
  implied(symbols: readonly string[], depth = 2): Set<string> {
    const key = `${depth}:${symbols.join(',')}`;
    const cached = this.memo.get(key);
    if (cached) return cached;
    // The base's off set is read through, not copied: a query only adds to it.
    const off = new Set<string>();
    const baseOff = this.base.off;
    const facts: QueryFacts = { closure: this.base.closure.clone(), off: { has: (s) => off.has(s) || baseOff.has(s), add: (s) => off.add(s) } };
    for (const s of symbols) facts.closure.add(s, true);
    facts.closure.run();
    this.settle(facts, [], facts.closure.takeAdded());
    const on = facts.closure.on;
    const addCommon = (sets: Set<string>[]): void => {
      for (const x of sets[0] ?? []) if (sets.every((set) => set.has(x))) on.add(x);
    };
    for (const s of depth > 0 ? symbols : []) {
      const via = this.selectedOnly(s) ? (this.selectors.get(s) ?? []) : [];
      if (via.length > 0 && via.length <= 16) addCommon(via.map((r) => this.implied([r.symbol, ...(r.cond ? requiredSymbols(r.cond) : [])], depth - 1)));
      // A dependency with alternatives (`MODULE_SIG || IMA_APPRAISE_MODSIG`): what each brings.
      const defs = this.db.entries.get(s) ?? [];
      if (defs.length !== 1) continue;
      for (const e of [...(defs[0]?.inherited ?? []), ...(defs[0]?.depends ?? []), ...(defs[0]?.choiceDeps ?? [])]) {
        const alts = alternatives(e).map(conjunction);
        if (alts.length < 2 || alts.length > 4 || alts.some((a) => a === null)) continue;
        addCommon((alts as string[][]).map((a) => this.implied(a, depth - 1)));
      }
    }
    if (this.memo.size > 256) this.memo.clear();
    this.memo.set(key, on);
    return on;
  }

  /** Nothing but a select can turn it on: no prompt, and no default that could be y. */
  private selectedOnly(symbol: string): boolean {
    const defs = this.db.entries.get(symbol) ?? [];
    const never: Known = () => undefined;
    return defs.length > 0 && defs.every((d) => !d.prompt && d.defaults.every((x) => textValue(x.value, never) === 0));
  }

  /**
   * Re-read `check`, and the readers of `turnedOn` that its turning on can affect (on-matters.ts),
   * and whatever a change there affects, until nothing more is certain.
   */
  private settle(facts: QueryFacts, check: readonly string[], turnedOn: readonly string[] = []): void {
    const { closure, off } = facts;
    // A symbol the tree does not define is n even where something selects it (Kconfig ignores that select).
    const known: Known = (s) => (!this.db.entries.has(s) ? 0 : closure.on.has(s) ? 2 : off.has(s) ? 0 : undefined);
    const queue = [...check];
    const queued = new Set(queue);
    const changed = (symbols: Iterable<string>, on: boolean): void => {
      for (const s of symbols) {
        // Turned on: only the readers that can tell (on-matters.ts); turned off: every reader.
        for (const r of on ? this.turnOn.of(s) : (this.readers.get(s) ?? [])) {
          if (queued.has(r) || (!on && !this.db.entries.has(r))) continue;
          queued.add(r);
          queue.push(r);
        }
      }
    };
    changed(turnedOn, true);
    while (queue.length > 0) {
      const symbol = queue.pop() as string;
      queued.delete(symbol);
      const defs = this.db.entries.get(symbol);
      // A symbol on only because something selects it may still be forced, and then its dependencies hold too.
      if (!defs || closure.withDeps.has(symbol) || off.has(symbol)) continue;
      if (!closure.on.has(symbol) && isOff(defs, this.selectors.get(symbol), known)) {
        off.add(symbol);
        changed([symbol], false);
      } else if (isForced(defs, known)) {
        closure.add(symbol, true);
        closure.run();
        changed(closure.takeAdded(), true);
      }
    }
  }
}

/** Off: it cannot turn itself on (dependencies n, or neither prompt nor default), and no selector can be on. */
export function isOff(defs: readonly KconfigEntry[], selectors: readonly Selector[] | undefined, known: Known): boolean {
  const selfOff = defs.every((d) => dependencyValue(d, known) === 0 || (!d.prompt && d.defaults.every((x) => textValue(x.value, known) === 0 || (x.cond !== '' && textValue(x.cond, known) === 0))));
  if (!selfOff) return false;
  return (selectors ?? []).every((s) => known(s.symbol) === 0 || (s.cond !== '' && textValue(s.cond, known) === 0));
}

/**
 * Forced on: no prompt anywhere, and a definition whose dependencies are y and whose default in
 * effect is y: defaults are tried in order, one whose condition is n is passed over, the first
 * whose condition holds (or that has none) decides; an unknown condition decides nothing.
 */
export function isForced(defs: readonly KconfigEntry[], known: Known): boolean {
  if (defs.some((d) => d.prompt)) return false;
  return defs.some((d) => dependencyValue(d, known) === 2 && defaultInEffect(d, known) === 2);
}

function defaultInEffect(d: KconfigEntry, known: Known): 0 | 2 | undefined {
  for (const x of d.defaults) {
    const cond = x.cond === '' ? 2 : textValue(x.cond, known);
    if (cond === 0) continue;
    return cond === 2 ? textValue(x.value, known) : undefined;
  }
  return 0;
}

function dependencyValue(d: KconfigEntry, known: Known): 0 | 2 | undefined {
  let v: 0 | 2 | undefined = 2;
  // The three lists read in place (this runs for every symbol a query reads again).
  for (const list of [d.inherited, d.depends, d.choiceDeps ?? NONE]) {
    for (const e of list) {
      if (e === '<choice>') {
        v = undefined; // which member the choice takes is unknown; its own conditions are choiceDeps
        continue;
      }
      const x = textValue(e, known);
      if (x === 0) return 0;
      if (x === undefined) v = undefined;
    }
  }
  return v;
}

const NONE: readonly string[] = [];
