/**
 * kconfig/guarantees-derive.ts: a patched tree's guarantees derived from the unpatched tree's
 * are those built from nothing, facts and answers, for trees that do not contradict themselves
 * (bench/fuzz/gen-guarantees.ts); and neither way throws on any generated tree.
 */
import { Guarantees } from '../../../src/kconfig/guarantees.js';
import type { Target } from '../harness.js';
import { consistent, guaranteesInputArb, QUERIES, treesOf, type GuaranteesInput } from '../gen-guarantees.js';

interface Output {
  built: Guarantees;
  derived: Guarantees;
  /** Neither the tree nor its patched copy contradicts itself. */
  consistent: boolean;
}

export function guaranteesTarget(): Target<GuaranteesInput, Output> {
  return {
    name: 'guarantees',
    arbitrary: guaranteesInputArb,
    run: (i) => {
      const { base, patched } = treesOf(i);
      const unpatched = new Guarantees(base);
      const built = new Guarantees(patched);
      return { built, derived: new Guarantees(patched, unpatched, 1), consistent: consistent(unpatched) && consistent(built) };
    },
    show: (i) => JSON.stringify(treesOf(i).files),
    properties: [
      {
        name: 'derived facts are the built ones (trees that do not contradict themselves)',
        check: (_i, o) => {
          if (!o.consistent) return null;
          const [d, b] = [JSON.stringify(o.derived.facts()), JSON.stringify(o.built.facts())];
          return d === b ? null : `derived ${d} built ${b}`;
        },
      },
      {
        name: 'every query answers the same derived and built (trees that do not contradict themselves)',
        check: (_i, o) => {
          if (!o.consistent) return null;
          for (const q of QUERIES) {
            const [d, b] = [[...o.derived.implied(q)].sort().join(), [...o.built.implied(q)].sort().join()];
            if (d !== b) return `implied(${q.join(',')}): derived ${d} built ${b}`;
          }
          return null;
        },
      },
    ],
  };
}
