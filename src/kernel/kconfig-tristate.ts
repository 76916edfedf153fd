/**
 * Three-valued (Kleene) reading of Kconfig expressions for reasoning about what is certain:
 * 2 = certainly y, 0 = certainly n, undefined = unknown. `m` and comparisons are unknown.
 */
import { parseExpr, type Expr } from './kconfig-expr.js';

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
      return undefined;
  }
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
