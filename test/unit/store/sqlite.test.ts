import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { initial } from '../../../src/store/migrations/001-initial.js';
import { SCHEMA_MIGRATIONS_SQLITE } from '../../../src/store/migrations/index.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { defaultStatePath } from '../../../src/store/state-path.js';
import { claimInProcesses } from '../../support/claimer-processes.js';
import { storeContract } from '../../support/store-contract.js';
import { assertEachCompletedOnce } from '../../support/store-contract-claims.js';
import { T0, withStore } from '../../support/store-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshFile = (): string => join(dir, `state-${++n}.db`);

storeContract(
  'sqlite',
  () => openSqliteStore(freshFile()),
  async (count) => {
    const file = freshFile();
    return Promise.all(Array.from({ length: count }, () => openSqliteStore(file)));
  },
);

test('sqlite: separate processes claiming from one file complete every version exactly once', async () => {
  const file = freshFile();
  const keys = Array.from({ length: 30 }, (_, i) => `series-${String(i).padStart(2, '0')}`);
  await withStore(
    () => openSqliteStore(file),
    async (s) => {
      for (const key of keys) await s.upsertSeriesVersion({ key, revision: 1, subject: key, messageIds: [], readyAt: T0 });
      const byWorker = await claimInProcesses(file, 3, T0);
      assertEachCompletedOnce(await s.listSeriesVersions(), keys, byWorker);
    },
  );
});

test('sqlite: the file is in WAL mode and records each migration once', async () => {
  const file = freshFile();
  await withStore(() => openSqliteStore(file), async (s) => s.migrate());
  const db = new Database(file, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.deepEqual(db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all(), [
      { version: 1, name: 'initial' },
      { version: 2, name: 'opt-outs' },
      { version: 3, name: 'records' },
      { version: 4, name: 'jobs' },
    ]);
  } finally {
    db.close();
  }
});

test('sqlite: a database of schema version 1 gains the opt-outs table and keeps its data', async () => {
  const file = freshFile();
  const db = new Database(file);
  db.exec(SCHEMA_MIGRATIONS_SQLITE);
  db.exec(initial.sqlite);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'initial', '2024-01-01T00:00:00.000Z')").run();
  db.prepare("INSERT INTO cursors (source, cursor_value) VALUES ('lore:kvm', 'c7')").run();
  db.close();
  await withStore(
    () => openSqliteStore(file),
    async (s) => {
      assert.equal(await s.getCursor('lore:kvm'), 'c7');
      assert.equal(await s.addOptOut({ address: 'ada@example.org' }), true);
      assert.equal(await s.isOptedOut('ada@example.org'), true);
    },
  );
});

test('sqlite: migrate refuses a database a newer kvetch migrated', async () => {
  const file = freshFile();
  await withStore(() => openSqliteStore(file), async () => {});
  const db = new Database(file);
  db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', '2030-01-01T00:00:00.000Z')").run();
  db.close();
  const s = await openSqliteStore(file);
  try {
    await assert.rejects(s.migrate(), /schema version 99 .*upgrade kvetch/);
  } finally {
    await s.close();
  }
});

test('sqlite: using a store before migrate says to migrate', async () => {
  const s = await openSqliteStore(freshFile());
  try {
    await assert.rejects(s.getCursor('src'), /no kvetch schema yet .*call migrate\(\) first/);
  } finally {
    await s.close();
  }
});

test('sqlite: a missing directory or a file that is not a database is a clear error naming it', async () => {
  const missing = join(dir, 'no-such-dir', 'k.db');
  await assert.rejects(openSqliteStore(missing), (e: Error) => e.message.includes(missing) && /--db/.test(e.message));
  const junk = join(dir, 'junk.db');
  writeFileSync(junk, 'this is not sqlite, just some text that is long enough to have a header........................');
  await assert.rejects(openSqliteStore(junk), (e: Error) => e.message.includes(junk) && /not a SQLite database/.test(e.message));
});

test('defaultStatePath: KVETCH_STATE_DIR, else XDG_STATE_HOME/kvetch, else ~/.local/state/kvetch; creates the directory', () => {
  const a = join(dir, 'explicit', 'deep');
  assert.equal(defaultStatePath({ KVETCH_STATE_DIR: a, XDG_STATE_HOME: join(dir, 'xdg') }, join(dir, 'home')), join(a, 'kvetch.db'));
  assert.ok(existsSync(a));
  assert.equal(defaultStatePath({ XDG_STATE_HOME: join(dir, 'xdg') }, join(dir, 'home')), join(dir, 'xdg', 'kvetch', 'kvetch.db'));
  assert.ok(existsSync(join(dir, 'xdg', 'kvetch')));
  assert.equal(defaultStatePath({}, join(dir, 'home')), join(dir, 'home', '.local', 'state', 'kvetch', 'kvetch.db'));
  assert.ok(existsSync(join(dir, 'home', '.local', 'state', 'kvetch')));
});

test('defaultStatePath: a directory that cannot be created is an error saying what to set', () => {
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  assert.throws(() => defaultStatePath({ KVETCH_STATE_DIR: join(file, 'sub') }), /cannot create the state directory .*KVETCH_STATE_DIR/);
});
