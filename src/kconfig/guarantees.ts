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

const CONSTANT = /^(y|m|n|\d+)$/;

export class Guarantees {
  /** Who selects or implies each symbol (any of them on can turn it on). */
  private readonly selectors = new Map<string, { symbol: string; cond: string }[]>();
  /** Symbols whose on/off reading may change when a symbol becomes known (they mention it, or it selects them). */
  private readonly readers = new Map<string, Set<string>>();
  /** What holds with no assumption at all, the starting point of every query. */
  private readonly base: Facts;
  private readonly memo = new Map<string, Set<string>>();

  constructor(private readonly db: KconfigDb) {
    const read = (from: string, by: string): void => {
      let set = this.readers.get(from);
      if (!set) this.readers.set(from, (set = new Set()));
      set.add(by);
    };
    for (const [symbol, defs] of db.entries) {
      for (const d of defs) {
        for (const text of [...d.inherited, ...d.depends, ...d.defaults.flatMap((x) => [x.value, x.cond])]) for (const m of mentioned(text)) read(m, symbol);
        for (const s of d.selects) {
          this.selectors.set(s.symbol, [...(this.selectors.get(s.symbol) ?? []), { symbol, cond: s.cond }]);
          read(symbol, s.symbol);
          for (const m of mentioned(s.cond)) read(m, s.symbol);
        }
      }
    }
    const facts: Facts = { closure: new Closure(db), off: new Set() };
    this.settle(facts, [...db.entries.keys()]);
    this.base = facts;
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
    const facts: Facts = { closure: this.base.closure.clone(), off: new Set(this.base.off) };
    for (const s of symbols) facts.closure.add(s, true);
    facts.closure.run();
    this.settle(facts, facts.closure.takeAdded().flatMap((s) => [...(this.readers.get(s) ?? [])]));
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

  /** Re-read `check` (and whatever a change there affects) until nothing more is certain. */
  private settle(facts: Facts, check: string[]): void {
    const { closure, off } = facts;
    const known: Known = (s) => (closure.on.has(s) ? 2 : off.has(s) || !this.db.entries.has(s) ? 0 : undefined);
    const queue = [...check];
    const queued = new Set(queue);
    const changed = (symbols: Iterable<string>): void => {
      for (const s of symbols) {
        for (const r of this.readers.get(s) ?? []) {
          if (!queued.has(r)) {
            queued.add(r);
            queue.push(r);
          }
        }
      }
    };
    while (queue.length > 0) {
      const symbol = queue.pop() as string;
      queued.delete(symbol);
      const defs = this.db.entries.get(symbol);
      if (!defs || closure.on.has(symbol) || off.has(symbol)) continue;
      if (this.isOff(defs, symbol, known)) {
        off.add(symbol);
        changed([symbol]);
      } else if (isForced(defs, known)) {
        closure.add(symbol, true);
        closure.run();
        changed(closure.takeAdded());
      }
    }
  }

  /** Off: it cannot turn itself on (dependencies n, or neither prompt nor default), and no selector can be on. */
  private isOff(defs: readonly KconfigEntry[], symbol: string, known: Known): boolean {
    const selfOff = defs.every((d) => dependencyValue(d, known) === 0 || (!d.prompt && d.defaults.every((x) => textValue(x.value, known) === 0 || (x.cond !== '' && textValue(x.cond, known) === 0))));
    if (!selfOff) return false;
    return (this.selectors.get(symbol) ?? []).every((s) => known(s.symbol) === 0 || (s.cond !== '' && textValue(s.cond, known) === 0));
  }
}

interface Facts {
  closure: Closure;
  off: Set<string>;
}

/** Symbol names an expression mentions. */
function mentioned(text: string): string[] {
  return text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
}

/**
 * Forced on: no prompt anywhere, and a definition whose dependencies are y and whose default in
 * effect is y: defaults are tried in order, one whose condition is n is passed over, the first
 * whose condition holds (or that has none) decides; an unknown condition decides nothing.
 */
function isForced(defs: readonly KconfigEntry[], known: Known): boolean {
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
  for (const e of [...d.inherited, ...d.depends, ...(d.choiceDeps ?? [])]) {
    if (e === '<choice>') {
      v = undefined; // which member the choice takes is unknown; its own conditions are choiceDeps
      continue;
    }
    const x = textValue(e, known);
    if (x === 0) return 0;
    if (x === undefined) v = undefined;
  }
  return v;
}

/** The on-set and its closure through dependencies and selects. */
class Closure {
  on = new Set<string>();
  private withDeps = new Set<string>();
  private readonly queue: [string, boolean][] = [];
  /** Conditional selects waiting until their condition is known to hold. */
  private pending: { cond: string[]; symbol: string }[] = [];
  /** Symbols turned on since the last takeAdded(). */
  private added: string[] = [];

  constructor(private readonly db: KconfigDb) {}

  clone(): Closure {
    const c = new Closure(this.db);
    c.on = new Set(this.on);
    c.withDeps = new Set(this.withDeps);
    c.pending = [...this.pending];
    return c;
  }

  takeAdded(): string[] {
    const a = this.added;
    this.added = [];
    return a;
  }

  add(s: string, deps: boolean): void {
    if (CONSTANT.test(s) || s.startsWith('<') || (deps ? this.withDeps.has(s) : this.on.has(s))) return;
    if (!this.on.has(s)) this.added.push(s);
    this.on.add(s);
    if (deps) this.withDeps.add(s);
    this.queue.push([s, deps]);
  }

  run(): void {
    while (this.queue.length > 0) {
      while (this.queue.length > 0) {
        const [symbol, deps] = this.queue.pop() as [string, boolean];
        const defs = this.db.entries.get(symbol) ?? [];
        if (deps) for (const dep of common(defs.map(certainDependencies))) this.add(dep, true);
        for (const d of defs) {
          for (const sel of d.selects) {
            if (sel.weak) continue;
            const cond = sel.cond ? conjunction(sel.cond) : [];
            if (cond?.length === 0) this.add(sel.symbol, false);
            else if (cond) this.pending.push({ cond, symbol: sel.symbol });
          }
        }
      }
      const waiting = this.pending;
      this.pending = [];
      for (const p of waiting) {
        if (p.cond.every((c) => this.on.has(c))) this.add(p.symbol, false);
        else this.pending.push(p);
      }
    }
  }
}

/** The symbols an entry's direct dependency certainly requires. */
export function certainDependencies(e: { readonly inherited: readonly string[]; readonly depends: readonly string[]; readonly choiceDeps?: readonly string[] }): string[] {
  return [...e.inherited, ...e.depends, ...(e.choiceDeps ?? [])].flatMap(requiredSymbols).filter((s) => !CONSTANT.test(s));
}

/** `A && B && (C && D)` → [A, B, C, D]; null when the expression is anything but a conjunction. */
function conjunction(expr: string): string[] | null {
  if (/[|!<>=$"']/.test(expr)) return null;
  const syms = requiredSymbols(expr);
  return syms.length === expr.split('&&').length ? syms : null;
}

/** Symbols every definition requires (a symbol defined twice needs what both need). */
export function common(lists: readonly string[][]): string[] {
  if (lists.length === 0) return [];
  return (lists[0] ?? []).filter((s) => lists.every((l) => l.includes(s)));
}
