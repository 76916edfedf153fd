import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { LayeredMap } from '../../../src/util/layered-map.js';

/** A LayeredMap over a map behaves as a copy of it: every operation, size, lookups and iteration order. */
const key = fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f');
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('clear' as const) }),
);

test('layered-map: behaves as a copy of the map underneath, which stays as it was', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(key, fc.integer())), fc.array(op, { maxLength: 30 }), (start, ops) => {
      const under = new Map(start);
      const before = [...under];
      const copy = new Map(under);
      const layered = new LayeredMap(under);
      for (const o of ops) {
        if (o.kind === 'set') assert.equal(layered.set(o.key, o.value), layered);
        if (o.kind === 'set') copy.set(o.key, o.value);
        else if (o.kind === 'delete') assert.equal(layered.delete(o.key), copy.delete(o.key));
        else {
          layered.clear();
          copy.clear();
        }
        assert.equal(layered.size, copy.size);
        assert.deepEqual([...layered], [...copy]);
      }
      assert.deepEqual([...layered.keys()], [...copy.keys()]);
      assert.deepEqual([...layered.values()], [...copy.values()]);
      const seen: [string, number][] = [];
      layered.forEach((v, k) => seen.push([k, v]));
      assert.deepEqual(seen, [...copy.entries()]);
      for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'z']) {
        assert.equal(layered.has(k), copy.has(k));
        assert.equal(layered.get(k), copy.get(k));
      }
      assert.deepEqual([...under], before);
    }),
    { numRuns: 2000 },
  );
});
