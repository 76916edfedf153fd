/**
 * The on-set of a Kconfig query and its closure: a symbol on with its dependencies brings their
 * certain conjuncts; any symbol on brings what it selects unconditionally, and what it selects
 * under a condition once every symbol of that condition is on. Facts can be taken back
 * (`remove`) and re-derived from the symbols still on (`requeue`), which is how a patched tree's
 * facts are derived from the unpatched tree's (guarantees-derive.ts).
 */
import type { KconfigDb, KconfigEntry } from './parse.js';
import { requiredSymbols } from './expr.js';

const CONSTANT = /^(y|m|n|\d+)$/;

/** A conditional select waiting until its condition is known to hold; `from` is the selector. */
interface Pending {
  from: string;
  cond: readonly string[];
  symbol: string;
}

export class Closure {
  on = new Set<string>();
  /** Symbols on through their own dependencies (not only selected): those dependencies hold. */
  withDeps = new Set<string>();
  private readonly queue: [string, boolean][] = [];
  pending: Pending[] = [];
  /** Symbols turned on since the last takeAdded(). */
  private added: string[] = [];

  constructor(private readonly db: KconfigDb) {}

  /** A copy that reads `db` (the same tree, or a patched one whose facts this copy starts from). */
  clone(db: KconfigDb = this.db): Closure {
    const c = new Closure(db);
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

  /** Forget that these symbols are on, and the conditional selects they were waiting on. */
  remove(symbols: ReadonlySet<string>): void {
    for (const s of symbols) {
      this.on.delete(s);
      this.withDeps.delete(s);
    }
    this.pending = this.pending.filter((p) => !symbols.has(p.from));
  }

  /** Process these symbols (already on) again at the next run(): what they bring is added anew. */
  requeue(symbols: ReadonlySet<string>): void {
    this.pending = this.pending.filter((p) => !symbols.has(p.from));
    for (const s of symbols) if (this.on.has(s)) this.queue.push([s, this.withDeps.has(s)]);
  }

  run(): void {
    while (this.queue.length > 0) {
      while (this.queue.length > 0) {
        const [symbol, deps] = this.queue.pop() as [string, boolean];
        const brings = bringsOf(this.db.entries.get(symbol));
        if (deps) for (const dep of brings.deps) this.add(dep, true);
        for (const sel of brings.selects) {
          if (sel.cond.length === 0) this.add(sel.symbol, false);
          else this.pending.push({ from: symbol, cond: sel.cond, symbol: sel.symbol });
        }
      }
      const waiting = this.pending;
      this.pending = [];
      for (const p of waiting) {
        // A symbol the tree does not define is n, even where something selects it.
        if (p.cond.every((c) => this.on.has(c) && this.db.entries.has(c))) this.add(p.symbol, false);
        else this.pending.push(p);
      }
    }
  }
}

/** What a symbol being on brings: its certain dependencies (if on with them), and its selects whose condition is a conjunction. */
interface Brings {
  deps: readonly string[];
  selects: readonly { symbol: string; cond: readonly string[] }[];
}

const NOTHING: Brings = { deps: [], selects: [] };

/**
 * By definition list, read once: a tree and its patched copies share the lists of the entries
 * a patch did not touch (reparseKconfig), and every query of a `--tree` run walks the same ones.
 */
const brought = new WeakMap<readonly KconfigEntry[], Brings>();

function bringsOf(defs: readonly KconfigEntry[] | undefined): Brings {
  if (!defs) return NOTHING;
  let b = brought.get(defs);
  if (!b) {
    const selects: { symbol: string; cond: readonly string[] }[] = [];
    for (const d of defs) {
      for (const sel of d.selects) {
        if (sel.weak) continue;
        const cond = sel.cond ? conjunction(sel.cond) : [];
        if (cond) selects.push({ symbol: sel.symbol, cond });
      }
    }
    brought.set(defs, (b = { deps: common(defs.map(certainDependencies)), selects }));
  }
  return b;
}

/** What the closure may add because `symbol` is on: its certain dependencies and everything it selects. */
export function closureSuccessors(defs: readonly KconfigEntry[], withDeps: boolean): string[] {
  const out = withDeps ? common(defs.map(certainDependencies)) : [];
  for (const d of defs) for (const sel of d.selects) if (!sel.weak) out.push(sel.symbol);
  return out;
}

/** The symbols an entry's direct dependency certainly requires. */
export function certainDependencies(e: { readonly inherited: readonly string[]; readonly depends: readonly string[]; readonly choiceDeps?: readonly string[] }): string[] {
  return [...e.inherited, ...e.depends, ...(e.choiceDeps ?? [])].flatMap(requiredSymbols).filter((s) => !CONSTANT.test(s));
}

/** `A && B && (C && D)` → [A, B, C, D]; null when the expression is anything but a conjunction. */
export function conjunction(expr: string): readonly string[] | null {
  if (/[|!<>=$"']/.test(expr)) return null;
  const syms = requiredSymbols(expr);
  return syms.length === expr.split('&&').length ? syms : null;
}

/** Symbols every definition requires (a symbol defined twice needs what both need). */
export function common(lists: readonly string[][]): string[] {
  if (lists.length === 0) return [];
  return (lists[0] ?? []).filter((s) => lists.every((l) => l.includes(s)));
}
