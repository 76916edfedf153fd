import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evalExpr, exprSymbols, parseExpr, requiredSymbols, withModules } from '../../../src/kconfig/expr.js';

const env = (o: Record<string, string>) => new Map(Object.entries(o));

test('kconfig-expr: precedence, negation and tristate logic', () => {
  const e = parseExpr('A && (B || !C) && D = y');
  assert.deepEqual([...exprSymbols(e)].sort(), ['A', 'B', 'C', 'D']);
  assert.equal(evalExpr(e, env({ A: 'y', B: 'n', C: 'n', D: 'y' })), 2);
  assert.equal(evalExpr(e, env({ A: 'm', B: 'y', C: 'y', D: 'y' })), 1, 'min of y and m is m');
  assert.equal(evalExpr(e, env({ A: 'y', B: 'n', C: 'y', D: 'y' })), 0);
  assert.equal(evalExpr(parseExpr('!m'), env({})), 1, '!m is m');
  assert.equal(evalExpr(parseExpr('IPV6 != m'), env({ IPV6: 'y' })), 2);
});

test('kconfig-expr: a bare m means m && MODULES; m in a comparison does not', () => {
  const e = withModules(parseExpr('FOO && m'));
  assert.equal(evalExpr(e, env({ FOO: 'y', MODULES: 'n' })), 0);
  assert.equal(evalExpr(e, env({ FOO: 'y', MODULES: 'y' })), 1);
  assert.equal(evalExpr(withModules(parseExpr('X = m')), env({ X: 'm', MODULES: 'n' })), 2);
});

test('kconfig-expr: <choice> is one symbol, empty is y', () => {
  assert.deepEqual([...exprSymbols(parseExpr('BCMA_POSSIBLE && <choice>'))], ['BCMA_POSSIBLE', '<choice>']);
  assert.equal(evalExpr(parseExpr(''), env({})), 2);
});

test('kconfig-expr: requiredSymbols keeps only what every way of meeting the expression needs', () => {
  assert.deepEqual(requiredSymbols('A && (B || C) && (D && E)'), ['A', 'D', 'E']);
  assert.deepEqual(requiredSymbols('(FB = y) && ((PPC_PMAC && PPC32) || MAC)'), ['FB']);
  assert.deepEqual(requiredSymbols('PHYLIB=m && FOO != n && BAR = n && !BAZ'), ['PHYLIB', 'FOO']);
  assert.deepEqual(requiredSymbols('A || B'), []);
  assert.deepEqual(requiredSymbols('DEBUG_KERNEL && (M68K || UML || SUPERH) || ARCH_WANT_FRAME_POINTERS'), [], '&& binds tighter than ||');
  assert.deepEqual(requiredSymbols('(A && B) || (A && C && B)'), ['A', 'B'], 'what every alternative needs');
  assert.deepEqual(requiredSymbols('X && ((A && B) || (A && C))'), ['X', 'A']);
});
