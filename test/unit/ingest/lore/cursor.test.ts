import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CursorError, decodeCursor, encodeCursor, epochsFromManifest } from '../../../../src/ingest/lore/cursor.js';

const SHA = 'a'.repeat(40);

test('cursor round trip, with and without a commit', () => {
  for (const c of [{ epoch: 3, commit: SHA, time: 1700000000 }, { epoch: 0, commit: null, time: 0 }, { epoch: 12, commit: 'b'.repeat(64), time: 5 }]) {
    assert.deepEqual(decodeCursor(encodeCursor(c)), c);
  }
  assert.equal(encodeCursor({ epoch: 2, commit: null, time: 99 }), 'git1:2::0');
});

test('a bad cursor is a clear error, never a silent restart', () => {
  for (const bad of ['', 'git1:x:y:z', `git1:1:${SHA}`, `git2:1:${SHA}:1`, `git1:1:${SHA.slice(1)}:1`, 'null']) {
    assert.throws(() => decodeCursor(bad), (e: unknown) => e instanceof CursorError && /invalid lore cursor/.test(e.message) && /null/.test(e.message), bad);
  }
});

test('epochs of one inbox from a grokmirror manifest, sorted; other inboxes and junk ignored', () => {
  const manifest = {
    '/kvm/git/1.git': { fingerprint: 'x' },
    '/kvm/git/0.git': {},
    '/kvm/git/10.git': {},
    '/kvm-ppc/git/7.git': {},
    '/lists/kvm/git/2.git': {},
    '/kvm/git/x.git': {},
  };
  assert.deepEqual(epochsFromManifest(manifest, 'kvm'), [0, 1, 2, 10]);
  assert.deepEqual(epochsFromManifest(manifest, 'kvm-ppc'), [7]);
  assert.deepEqual(epochsFromManifest([], 'kvm'), []);
  assert.deepEqual(epochsFromManifest(null, 'kvm'), []);
});
