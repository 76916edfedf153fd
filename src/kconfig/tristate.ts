/**
 * Three-valued (Kleene) reading of Kconfig expressions for reasoning about what is certain:
 * 2 = certainly y, 0 = certainly n, undefined = unknown. `m` and comparisons are unknown.
 */
import { parseExpr, type Expr } from './expr.js';

export type Known = (symbol: string) => 0 | 2 | undefined;

export function value3(e: Expr, v: Known): 0 | 2 | undefined {
  switch (e.op) {
    case 'const':
      return e.value === 'y' ? 2 : e.value === 'n' ? 0 : undefined;
    case 'sym':
      return v(e.name);
    case 'not': {
      const a = value3(e.a, v);
      return a === undefined ? undefined : a === 2 ? 0 : 2;
    }
    case 'and':
    case 'or': {
      const a = value3(e.a, v);
      const b = value3(e.b, v);
      const dominant = e.op === 'and' ? 0 : 2;
      if (a === dominant || b === dominant) return dominant;
      return a === undefined || b === undefined ? undefined : a;
    }
    case 'cmp':
      return compare3(e, v);
  }
}

/**
 * `A != n`, `A = n`, `A = y`, `A != y` with A known on or off. "On" may be m, so `A = y` is
 * known only to be false when A is off. Anything else compared is unknown.
 */
function compare3(e: Extract<Expr, { op: 'cmp' }>, v: Known): 0 | 2 | undefined {
  const [sym, c] = e.a.op === 'sym' && e.b.op === 'const' ? [e.a.name, e.b.value] : e.b.op === 'sym' && e.a.op === 'const' ? [e.b.name, e.a.value] : [null, null];
  if (sym === null || (e.rel !== '=' && e.rel !== '!=')) return undefined;
  const a = v(sym);
  if (a === undefined) return undefined;
  let equal: boolean | undefined;
  if (c === 'n') equal = a === 0;
  else if (c === 'y' || c === 'm') equal = a === 0 ? false : undefined;
  if (equal === undefined) return undefined;
  return (e.rel === '=') === equal ? 2 : 0;
}

const parsed = new Map<string, Expr | null>();

/** An expression's text, parsed once; null when it cannot be parsed (then its value is unknown). */
export function exprOf(text: string): Expr | null {
  let e = parsed.get(text);
  if (e === undefined) {
    try {
      e = parseExpr(text);
    } catch {
      e = null;
    }
    if (parsed.size > 200_000) parsed.clear();
    parsed.set(text, e);
  }
  return e;
}

export function textValue(text: string, v: Known): 0 | 2 | undefined {
  const e = exprOf(text);
  return e ? value3(e, v) : undefined;
}
