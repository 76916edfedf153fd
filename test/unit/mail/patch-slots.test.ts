import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { PatchSlots } from '../../../src/mail/patch-slots.js';

test('patch-slots: behaves as a Map of patch number to record, in arrival order, small and large', () => {
  // Numbers from a small range repeat (a resend overwrites); a long run passes the Map threshold.
  const ops = fc.array(fc.tuple(fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 60 })), fc.string({ maxLength: 3 })), { maxLength: 80 });
  fc.assert(
    fc.property(ops, (list) => {
      const slots = new PatchSlots<{ v: string }>();
      const ref = new Map<number, { v: string }>();
      for (const [n, v] of list) {
        const r = { v };
        slots.set(n, r);
        ref.set(n, r);
        assert.equal(slots.size, ref.size);
      }
      assert.deepEqual(slots.entries(), [...ref]);
      assert.deepEqual(slots.keys(), [...ref.keys()]);
      for (let n = -1; n <= 61; n++) {
        assert.equal(slots.has(n), ref.has(n));
        assert.equal(slots.get(n), ref.get(n));
      }
    }),
    { numRuns: 500 },
  );
});

test('patch-slots: an empty one has nothing, patch 0 included', () => {
  const slots = new PatchSlots<object>();
  assert.equal(slots.size, 0);
  assert.equal(slots.has(0), false);
  assert.deepEqual(slots.entries(), []);
});
