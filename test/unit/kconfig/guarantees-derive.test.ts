import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Guarantees } from '../../../src/kconfig/guarantees.js';
import { consistent, guaranteesInputArb, QUERIES, treesOf } from '../../../bench/fuzz/gen-guarantees.js';

/**
 * A patched tree's guarantees derived from the unpatched tree's must be the ones built from
 * nothing: the same facts, and the same answer to every query (bench/fuzz/gen-guarantees.ts
 * makes the trees; the fuzzing campaign's `guarantees` target runs the same with 100,000).
 */
test('guarantees-derive: derived from the unpatched tree, the facts and every answer are those built from nothing', () => {
  fc.assert(
    fc.property(guaranteesInputArb, (input) => {
      const { base, patched } = treesOf(input);
      const built = new Guarantees(patched);
      const unpatched = new Guarantees(base);
      // A tree where something certainly on selects something certainly off contradicts itself;
      // what rests on the contradiction depends on the order of reading, built or derived alike.
      fc.pre(consistent(unpatched) && consistent(built));
      const derived = new Guarantees(patched, unpatched, 1);
      assert.deepEqual(derived.facts(), built.facts());
      for (const q of QUERIES) assert.deepEqual([...derived.implied(q)].sort(), [...built.implied(q)].sort(), `implied(${q.join(',')})`);
    }),
    { numRuns: 3000 },
  );
});
