import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { collectedAround, GcPacer } from '../../../src/util/gc.js';

const MB = 1024 * 1024;
const used = (): number => getHeapStatistics().used_heap_size;

/** About `mb` MB of heap (arrays of fresh objects), held until the caller drops it. */
function litter(mb: number): { n: number }[][] {
  const held: { n: number }[][] = [];
  for (let i = 0; i < mb; i++) {
    const a = new Array<{ n: number }>(MB / 32);
    for (let j = 0; j < a.length; j++) a[j] = { n: j };
    held.push(a);
  }
  return held;
}

test('GcPacer collects once the heap grew by its slack, bringing it back near what is live', () => {
  const pacer = new GcPacer(16 * MB);
  const floor = used();
  const held = litter(64);
  assert.ok(used() > floor + 16 * MB, 'the litter is on the heap');
  held.length = 0; // garbage now; nothing allocates before the tick, so V8 has no reason to collect it
  pacer.tick();
  assert.ok(used() < floor + 16 * MB, `after the tick the heap is back within the slack (${(used() - floor) / MB} MB over)`);
});

test('GcPacer does not collect while the heap stays within its slack', () => {
  const pacer = new GcPacer(512 * MB);
  const held = litter(8);
  held.length = 0;
  const before = used();
  pacer.tick();
  assert.ok(used() >= before, 'nothing was collected');
});

test('collectedAround collects before big work, so the work starts on a heap without the garbage', async () => {
  const floor = used();
  let held = litter(32);
  held = [];
  assert.ok(used() > floor + 16 * MB, 'the litter is still on the heap');
  let atStart = 0;
  const out = await collectedAround(true, () => {
    atStart = used();
    return Promise.resolve(held.length + 7);
  });
  assert.equal(out, 7, 'the result of the work is returned');
  assert.ok(atStart < floor + 16 * MB, `the work began within 16 MB of the floor (${(atStart - floor) / MB} MB over)`);
});

test('collectedAround collects after big work, dropping its garbage', async () => {
  const floor = used();
  await collectedAround(true, () => {
    litter(32);
    return Promise.resolve();
  });
  assert.ok(used() < floor + 16 * MB, `after the work the heap is back near the floor (${(used() - floor) / MB} MB over)`);
});

test('collectedAround leaves small work alone', async () => {
  const held = litter(32);
  held.length = 0;
  const before = used();
  let atStart = 0;
  await collectedAround(false, () => {
    atStart = used();
    return Promise.resolve();
  });
  assert.ok(atStart >= before, 'nothing was collected before the work');
});
