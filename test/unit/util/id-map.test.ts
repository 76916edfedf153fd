import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IdMap } from '../../../src/util/id-map.js';

/** Keys that clash often (a few of them) and keys that are Message-IDs of every shape. */
const key = fc.oneof(fc.constantFrom('<a@x>', '<b@x>', '<c@x>', '', 'a', '<a@x> '), fc.string({ unit: 'binary', maxLength: 40 }));
const op = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('get' as const), key }),
);

test('id-map: set, get, has, delete and size as a Map of the same keys', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
      const m = new Map<string, number>();
      const ids = new IdMap<number>();
      for (const o of ops) {
        if (o.kind === 'set') assert.equal(ids.set(o.key, o.value), ids);
        if (o.kind === 'set') m.set(o.key, o.value);
        else if (o.kind === 'delete') assert.equal(ids.delete(o.key), m.delete(o.key));
        assert.equal(ids.get(o.key), m.get(o.key));
        assert.equal(ids.has(o.key), m.has(o.key));
        assert.equal(ids.size, m.size);
      }
      for (const k of m.keys()) assert.equal(ids.get(k), m.get(k));
    }),
    { numRuns: 300 },
  );
});

test('id-map: 200,000 Message-IDs through growth and deletions, each found with its value, none confused', () => {
  const ids = new IdMap<number>();
  const n = 200_000;
  const id = (i: number): string => `<20240101${String(i).padStart(6, '0')}.${i % 97}-1-dev${i % 13}@example.org>`;
  for (let i = 0; i < n; i++) ids.set(id(i), i);
  for (let i = 0; i < n; i += 3) assert.equal(ids.delete(id(i)), true);
  for (let i = 0; i < n; i += 6) ids.set(id(i), -i);
  let found = 0;
  for (let i = 0; i < n; i++) {
    const want = i % 6 === 0 ? -i : i % 3 === 0 ? undefined : i;
    if (ids.get(id(i)) !== want) assert.fail(`${id(i)}: ${ids.get(id(i))} instead of ${want}`);
    if (want !== undefined) found++;
  }
  assert.equal(ids.size, found);
  // Near misses: one character changed, added or taken away.
  for (let i = 1; i < 1000; i += 3) {
    const k = id(i);
    for (const miss of [k.slice(0, -1), `${k}>`, k.replace('@', '#'), k.toUpperCase()]) assert.equal(ids.get(miss), undefined, miss);
  }
});
