import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/store/open.js';
import { openPostgresStore } from '../../src/store/postgres.js';
import { claimInProcesses } from '../support/claimer-processes.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { storeContract } from '../support/store-contract.js';
import { assertEachCompletedOnce } from '../support/store-contract-claims.js';
import { T0, withStore } from '../support/store-fixtures.js';

let server: TestPostgres;
before(async () => {
  server = await startPostgres();
});
after(() => server?.stop());

async function query<R extends pg.QueryResultRow>(url: string, sql: string): Promise<R[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql)).rows;
  } finally {
    await c.end();
  }
}

storeContract(
  'postgres',
  async () => openPostgresStore(await server.newDatabase()),
  async (n) => {
    const url = await server.newDatabase();
    return Promise.all(Array.from({ length: n }, () => openPostgresStore(url)));
  },
);

test('postgres: two processes claiming from one database complete every version exactly once', async () => {
  const url = await server.newDatabase();
  const keys = Array.from({ length: 40 }, (_, i) => `series-${String(i).padStart(2, '0')}`);
  await withStore(
    () => openStore(url),
    async (s) => {
      for (const key of keys) await s.upsertSeriesVersion({ key, revision: 1, subject: key, messageIds: [], readyAt: T0 });
      const byWorker = await claimInProcesses(url, 2, T0);
      assertEachCompletedOnce(await s.listSeriesVersions(), keys, byWorker);
    },
  );
});

test('postgres: workers migrating at once record each migration once', async () => {
  const url = await server.newDatabase();
  const stores = await Promise.all(Array.from({ length: 5 }, () => openPostgresStore(url)));
  try {
    await Promise.all(stores.map((s) => s.migrate()));
  } finally {
    await Promise.all(stores.map((s) => s.close()));
  }
  assert.deepEqual(await query(url, 'SELECT version, name FROM schema_migrations ORDER BY version'), [
    { version: 1, name: 'initial' },
    { version: 2, name: 'opt-outs' },
    { version: 3, name: 'records' },
    { version: 4, name: 'jobs' },
  ]);
});

test('postgres: migrate refuses a database a newer kvetch migrated', async () => {
  const url = await server.newDatabase();
  await withStore(() => openPostgresStore(url), async () => {});
  await query(url, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', now())");
  const s = await openPostgresStore(url);
  try {
    await assert.rejects(s.migrate(), /schema version 99 .*upgrade kvetch/);
  } finally {
    await s.close();
  }
});

test('postgres: using a store before migrate says to migrate', async () => {
  const s = await openPostgresStore(await server.newDatabase());
  try {
    await assert.rejects(s.listSeriesVersions(), /no kvetch schema yet .*call migrate\(\) first/);
  } finally {
    await s.close();
  }
});

test('postgres: a database that does not exist is an error saying to create it', async () => {
  const url = server.url.replace(/\/[^/]+$/, '/no_such_db');
  await assert.rejects(openStore(url), /database "no_such_db" does not exist on PostgreSQL at 127\.0\.0\.1:\d+: create it \(createdb no_such_db\) or fix --db/);
});

test('postgres: dates round-trip to the millisecond whatever the session time zone', async () => {
  const url = await server.newDatabase();
  await query(url, `ALTER DATABASE ${url.split('/').pop()} SET timezone TO 'Asia/Kathmandu'`);
  await withStore(
    () => openPostgresStore(url),
    async (s) => {
      const readyAt = new Date('2024-02-29T23:59:59.999Z');
      await s.upsertSeriesVersion({ key: 'k', revision: 1, subject: 's', messageIds: [], readyAt });
      assert.deepEqual((await s.getSeriesVersion('k', 1))?.readyAt, readyAt);
      assert.equal(await s.claimNext('w', new Date(readyAt.getTime() - 1), 1000), null);
      assert.equal((await s.claimNext('w', readyAt, 1000))?.key, 'k');
    },
  );
});

test('postgres: a server that goes away is a clear error naming it, not a crash', async () => {
  const own = await startPostgres();
  let stopped = false;
  try {
    const s = await openPostgresStore(own.url);
    try {
      await s.migrate();
      await s.ingest('src', [], 'c1');
      await own.stop();
      stopped = true;
      const port = new URL(own.url).port;
      await assert.rejects(s.getCursor('src'), new RegExp(`cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} .*check --db`));
      await assert.rejects(s.claimNext('w', T0, 1000), new RegExp(`cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port}`));
    } finally {
      await s.close();
    }
  } finally {
    if (!stopped) await own.stop();
  }
});
