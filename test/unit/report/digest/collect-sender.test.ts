/**
 * The digest from the daemon's store credits a series' author and names its sender when
 * someone else sent it; a series stored by an older kvetch (no `sender`) is credited as before.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Series } from '../../../../src/model/series.js';
import { collectFromStore } from '../../../../src/report/digest/collect.js';
import { openSqliteStore } from '../../../../src/store/sqlite.js';

const T0 = new Date('2024-01-01T10:00:00Z');
const base: Series = {
  key: 'k', revision: 1, versionInferred: true, subject: 'gpio: frob', author: 'Zoë Hacker <zoe@example.org>', sender: 'Mae Ntainer <maint@example.org>',
  date: T0.toISOString(), total: 1, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null,
};

test('collectFromStore: author credited, sender named only when someone else sent it, old stored series without sender', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-collect-'));
  const store = await openSqliteStore(join(dir, 'state.db'));
  try {
    await store.migrate();
    const { sender: _drop, ...old } = base;
    const stored: [string, object][] = [['k', base], ['j', { ...base, key: 'j', sender: base.author }], ['o', { ...old, key: 'o', author: 'Old Timer <old@example.org>' }]];
    for (const [key, series] of stored) await store.upsertSeriesVersion({ key, revision: 1, subject: 's', messageIds: [`<${key}@x>`], readyAt: T0, series: series as Series });
    for (let i = 0; i < stored.length; i++) {
      const c = await store.claimNext('w', new Date(T0.getTime() + 1000), 60_000);
      assert.ok(c);
      await store.complete(c.key, c.revision, 'w', []);
    }
    const byKey = new Map((await collectFromStore(store)).versions.map((v) => [v.key, v]));
    assert.deepEqual([byKey.get('k')?.author, byKey.get('k')?.sender], ['Zoë Hacker <zoe@example.org>', 'Mae Ntainer <maint@example.org>']);
    assert.equal(byKey.get('j')?.sender, undefined);
    assert.deepEqual([byKey.get('o')?.author, byKey.get('o')?.sender], ['Old Timer <old@example.org>', undefined]);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
