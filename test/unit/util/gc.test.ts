import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { GcPacer } from '../../../src/util/gc.js';

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
