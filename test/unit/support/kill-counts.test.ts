/**
 * The kill campaign's comparison (test/support/kill-servers.ts): every expected publication
 * exactly once, nothing else, except that a reply to a superseded version may be there or not,
 * and is still never allowed twice.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareCounts, type Counted } from '../../support/kill-servers.js';

const counted = (email: string[], patchwork: string[] = []): Counted => {
  const tally = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());
  return { email: tally(email), patchwork: tally(patchwork), github: new Map() };
};

test('kill-counts: missing, unexpected and duplicated; a superseded version\'s reply optional but never twice', () => {
  const want = counted(['a@2', 'b@1'], ['<p1> kvetch']);
  const [email, patchwork] = compareCounts(want, counted(['a@2', 'a@2', 'c@1'], []));
  assert.deepEqual([email?.duplicated, email?.missing, email?.unexpected], [['a@2 x2'], ['b@1'], ['c@1']]);
  assert.deepEqual(patchwork?.missing, ['<p1> kvetch']);
  const optional = new Set(['a@1', 'b@1']);
  const [withOld] = compareCounts(want, counted(['a@1', 'a@2']), optional);
  assert.deepEqual([withOld?.duplicated, withOld?.missing, withOld?.unexpected], [[], [], []], 'a@1 extra and b@1 missing: both superseded');
  const [twice] = compareCounts(want, counted(['a@1', 'a@1', 'a@2', 'b@1']), optional);
  assert.deepEqual(twice?.duplicated, ['a@1 x2']);
  const [patchworkOptional] = compareCounts(counted([], ['x']), counted([], []), new Set(['x'])).slice(1);
  assert.deepEqual(patchworkOptional?.missing, ['x'], 'only email replies are optional');
});
