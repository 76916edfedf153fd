import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isForced, isOff } from '../../../src/kconfig/guarantees.js';
import { onCanMatter } from '../../../src/kconfig/on-matters.js';
import type { KconfigEntry } from '../../../src/kconfig/parse.js';
import type { Known } from '../../../src/kconfig/tristate.js';
import { exprArb } from '../../../bench/fuzz/gen-guarantees.js';

/**
 * Where onCanMatter says a symbol turning on cannot matter to a reader, the reader's reading
 * (off, forced) is the same with the symbol unknown and with it on, whatever else is known.
 */
const NAMES = ['A', 'B', 'C', '64BIT'];
const sym = fc.constantFrom(...NAMES);
// The guarantees' generated expressions, and the forms only this rule cares about: negation of a group, comparisons.
const expr = fc.oneof(
  exprArb(NAMES),
  fc.tuple(sym, sym).map(([a, b]) => `${a} && !(${b} || A)`),
  sym.map((s) => `${s} != n`),
  sym.map((s) => `${s} = y`),
  sym.map((s) => `${s} = n`),
);
const entry = fc.record({
  prompt: fc.boolean(),
  depends: fc.array(expr, { maxLength: 2 }),
  inherited: fc.array(expr, { maxLength: 1 }),
  defaults: fc.array(fc.record({ value: fc.oneof(fc.constantFrom('y', 'n'), expr), cond: fc.oneof(fc.constant(''), expr) }), { maxLength: 2 }),
});
const selector = fc.record({ symbol: sym, cond: fc.oneof(fc.constant(''), expr) });
const value = fc.constantFrom<0 | 2 | undefined>(0, 2, undefined);

test('on-matters: where a symbol turning on cannot matter, off and forced read the same with it unknown and on', () => {
  let pruned = 0;
  fc.assert(
    fc.property(fc.array(entry, { minLength: 1, maxLength: 2 }), fc.option(fc.array(selector, { maxLength: 3 }), { nil: undefined }), fc.tuple(value, value, value, value), sym, (raw, selectors, values, x) => {
      const defs: KconfigEntry[] = raw.map((r, i) => ({ symbol: 'R', file: 'Kconfig', line: i + 1, type: 'bool', selects: [], ...r }));
      if (onCanMatter(x, defs, selectors)) return;
      pruned++;
      const before: Known = (s) => (s === x ? undefined : values[NAMES.indexOf(s)]);
      const after: Known = (s) => (s === x ? 2 : before(s));
      assert.equal(isOff(defs, selectors, after), isOff(defs, selectors, before), 'off');
      assert.equal(isForced(defs, after), isForced(defs, before), 'forced');
    }),
    { numRuns: 20_000 },
  );
  assert.ok(pruned > 2_000, `pruned only ${pruned} of 20,000`);
});
