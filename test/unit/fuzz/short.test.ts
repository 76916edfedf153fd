/**
 * The fuzzing campaign's short run (bench/fuzz, `npm run fuzz` for the whole one): every
 * target with a few hundred inputs (fewer for the costly ones), a fixed seed, the repository's
 * examples as the only real mail. No crash and no property violation, except the known
 * ones of bench/fuzz/known.ts, whose minimal inputs must still fail (until they are fixed).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTarget, type Target } from '../../../bench/fuzz/harness.js';
import { KNOWN } from '../../../bench/fuzz/known.js';
import { DEFAULT_SEED } from '../../../bench/fuzz/seed.js';
import { TARGETS } from '../../../bench/fuzz/targets/index.js';

process.env.FUZZ_SHARED = '0';
const RUNS = 300;
const known = (target: string, property: string): boolean => KNOWN.some((k) => k.target === target && k.property === property);

for (const def of TARGETS) {
  test(`fuzz short run: ${def.name}`, async () => {
    const t = def.make();
    try {
      const runs = Math.max(1, Math.floor(RUNS / (t.weight ?? 1)));
      // No hang bound here (no timing in unit tests): the campaign counts hangs.
      const r = await runTarget(t, { runs, seed: DEFAULT_SEED, hangMs: Number.POSITIVE_INFINITY, minimise: false });
      assert.equal(r.runs, runs);
      assert.ok(r.inputs >= runs);
      for (const p of r.properties) {
        assert.ok(p.inputs > 0 || p.property.includes('worker'), `${def.name}: ${p.property} never checked`);
        assert.equal(p.crashes, 0, `${def.name}: ${p.minimal?.reason ?? ''}`);
        if (!known(def.name, p.property)) assert.equal(p.violations, 0, `${def.name}: ${p.property}: ${p.minimal?.reason ?? ''}`);
      }
    } finally {
      await t.close?.();
    }
  });
}

test('fuzz: each known violation names a real target and property, and its minimal input still fails', async () => {
  for (const k of KNOWN) {
    const def = TARGETS.find((d) => d.name === k.target);
    assert.ok(def, `known violation of unknown target ${k.target}`);
    const t: Target<unknown, unknown> = def.make();
    try {
      const p = t.properties.find((x) => x.name === k.property);
      assert.ok(p, `${k.target} has no property "${k.property}"`);
      if (k.input === undefined) continue;
      const why = await p.check(k.input, await t.run(k.input));
      assert.notEqual(why, null, `${k.target} / ${k.property} now holds on ${JSON.stringify(k.input).slice(0, 200)}: ${k.issue} is fixed; remove it from bench/fuzz/known.ts`);
    } finally {
      await t.close?.();
    }
  }
});
