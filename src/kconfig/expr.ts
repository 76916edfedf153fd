/**
 * Kconfig expressions: parse `A && (B || !C) && D = y` and evaluate it in tristate logic
 * (n = 0, m = 1, y = 2). Used to compare dependencies semantically, not by text.
 */

export type Expr =
  | { op: 'sym'; name: string }
  | { op: 'const'; value: string }
  | { op: 'not'; a: Expr }
  | { op: 'and' | 'or'; a: Expr; b: Expr }
  | { op: 'cmp'; rel: string; a: Expr; b: Expr };

export const Y: Expr = { op: 'const', value: 'y' };

/**
 * Kconfig reads a bare `m` (outside a comparison) as `m && MODULES`: without module support
 * there is no `m`. Apply that rewrite to an expression (idempotent in value).
 */
export function withModules(e: Expr): Expr {
  switch (e.op) {
    case 'const':
      return e.value === 'm' ? { op: 'and', a: e, b: { op: 'sym', name: 'MODULES' } } : e;
    case 'not':
      return { op: 'not', a: withModules(e.a) };
    case 'and':
    case 'or':
      return { op: e.op, a: withModules(e.a), b: withModules(e.b) };
    default:
      return e;
  }
}

export function parseExpr(text: string): Expr {
  const toks = tokenize(text);
  let i = 0;
  const peek = (): string | undefined => toks[i];
  const next = (): string => toks[i++] ?? '';
  const or = (): Expr => {
    let a = and();
    while (peek() === '||') {
      next();
      a = { op: 'or', a, b: and() };
    }
    return a;
  };
  const and = (): Expr => {
    let a = not();
    while (peek() === '&&') {
      next();
      a = { op: 'and', a, b: not() };
    }
    return a;
  };
  const not = (): Expr => {
    if (peek() === '!') {
      next();
      return { op: 'not', a: not() };
    }
    return cmp();
  };
  const cmp = (): Expr => {
    const a = atom();
    const rel = peek();
    if (rel && ['=', '!=', '<', '<=', '>', '>='].includes(rel)) {
      next();
      return { op: 'cmp', rel, a, b: atom() };
    }
    return a;
  };
  const atom = (): Expr => {
    const t = next();
    if (t === '(') {
      const e = or();
      if (peek() === ')') next();
      return e;
    }
    if (t.startsWith('"')) return { op: 'const', value: t.slice(1, -1) };
    if (t === 'y' || t === 'm' || t === 'n' || /^-?(0x[0-9a-fA-F]+|[0-9]+)$/.test(t)) return { op: 'const', value: t };
    return { op: 'sym', name: t };
  };
  if (toks.length === 0) return Y;
  return or();
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (s.startsWith('<choice', i)) {
      // kconfiglib's name for the choice a member belongs to.
      const j = s.indexOf('>', i);
      const end = j < 0 ? s.length : j + 1;
      out.push(s.slice(i, end));
      i = end;
    } else if (c === '"' || c === "'") {
      const j = s.indexOf(c, i + 1);
      const end = j < 0 ? s.length : j + 1;
      out.push(`"${s.slice(i + 1, end - 1)}"`);
      i = end;
    } else if (s.startsWith('&&', i) || s.startsWith('||', i) || s.startsWith('!=', i) || s.startsWith('<=', i) || s.startsWith('>=', i)) {
      out.push(s.slice(i, i + 2));
      i += 2;
    } else if ('()!=<>'.includes(c)) {
      out.push(c);
      i++;
    } else {
      let j = i;
      while (j < s.length && !/[\s()!=<>&|"]/.test(s[j] as string)) j++;
      out.push(s.slice(i, Math.max(j, i + 1)));
      i = Math.max(j, i + 1);
    }
  }
  return out;
}

/** Symbols an expression refers to. */
export function exprSymbols(e: Expr, out = new Set<string>()): Set<string> {
  if (e.op === 'sym') out.add(e.name);
  else if (e.op === 'not') exprSymbols(e.a, out);
  else if (e.op !== 'const') {
    exprSymbols(e.a, out);
    exprSymbols(e.b, out);
  }
  return out;
}

const TRI: Record<string, number> = { n: 0, m: 1, y: 2 };

/** Tristate value (0..2) under an assignment of symbols to 'n' | 'm' | 'y' (others: 'n'). */
export function evalExpr(e: Expr, env: ReadonlyMap<string, string>): number {
  switch (e.op) {
    case 'const':
      return TRI[e.value] ?? 0;
    case 'sym':
      return TRI[env.get(e.name) ?? 'n'] ?? 0;
    case 'not':
      return 2 - evalExpr(e.a, env);
    case 'and':
      return Math.min(evalExpr(e.a, env), evalExpr(e.b, env));
    case 'or':
      return Math.max(evalExpr(e.a, env), evalExpr(e.b, env));
    case 'cmp': {
      const a = strValue(e.a, env);
      const b = strValue(e.b, env);
      const r = e.rel === '=' ? a === b : e.rel === '!=' ? a !== b : compareRel(a, b, e.rel);
      return r ? 2 : 0;
    }
  }
}

function strValue(e: Expr, env: ReadonlyMap<string, string>): string {
  if (e.op === 'const') return e.value;
  if (e.op === 'sym') return env.get(e.name) ?? 'n';
  return ['n', 'm', 'y'][evalExpr(e, env)] ?? 'n';
}

function compareRel(a: string, b: string, rel: string): boolean {
  const x = Number(a);
  const y = Number(b);
  const [p, q] = Number.isNaN(x) || Number.isNaN(y) ? [a, b] : [x, y];
  return rel === '<' ? p < q : rel === '<=' ? p <= q : rel === '>' ? p > q : p >= q;
}

const required = new Map<string, readonly string[]>();

/**
 * The symbols an expression requires to be set: `A && (B || C)` → [A] (only conjuncts are certain).
 * Answered once per text: a `--tree` run asks it of the same few thousand expressions for every
 * query (the answer is shared, hence read-only).
 */
export function requiredSymbols(expr: string): readonly string[] {
  let r = required.get(expr);
  if (r === undefined) {
    r = Object.freeze(requiredOf(expr));
    if (required.size > 200_000) required.clear();
    required.set(expr, r);
  }
  return r;
}

function requiredOf(expr: string): string[] {
  // `||` binds looser than `&&`: `A && B || C` needs neither A nor C; what every way of
  // meeting an OR needs is what all its alternatives need.
  const alternatives = splitTop(expr, '||');
  if (alternatives.length > 1) {
    const each = alternatives.map((a) => requiredOf(a));
    return (each[0] ?? []).filter((x) => each.every((l) => l.includes(x)));
  }
  const out: string[] = [];
  const parts = splitTop(expr, '&&');
  for (const part of parts) {
    const trimmed = part.trim();
    const p = trimmed.replace(/^\((.*)\)$/, '$1').trim();
    if (/^[A-Za-z0-9_]+$/.test(p)) out.push(p);
    // `FB = y`, `PHYLIB=m`, `FOO != n`: the symbol is set.
    else if (/^[A-Za-z0-9_]+\s*(=\s*[ym]|!=\s*n)$/.test(p)) out.push(p.split(/[\s=!]/, 1)[0] as string);
    // Recurse only when that made progress (unbalanced text from a cut diff must not loop).
    else if (p !== trimmed) out.push(...requiredOf(p));
  }
  return out;
}

/** The top-level alternatives of `A || (B && C) || D` (one element when there is no top-level ||). */
export function alternatives(expr: string): string[] {
  const t = expr.trim();
  const top = splitTop(t, '||');
  if (top.length === 1 && t.startsWith('(') && t.endsWith(')')) {
    const inner = splitTop(t.slice(1, -1), '||');
    if (inner.length > 1) return inner.map((a) => a.trim());
  }
  return top.map((a) => a.trim());
}

function splitTop(s: string, op: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (depth === 0 && s.startsWith(op, i)) {
      out.push(cur);
      cur = '';
      i += op.length - 1;
      continue;
    }
    cur += c;
  }
  out.push(cur);
  return out;
}
