import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openStore, parseStoreSpec } from '../../../src/store/open.js';
import { explainPgError, pgTarget, redact } from '../../../src/store/postgres-errors.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('parseStoreSpec: postgres URLs, sqlite: paths, plain paths, the default', () => {
  const def = () => '/state/kvetch.db';
  assert.deepEqual(parseStoreSpec('postgres://u@h/db', def), { kind: 'postgres', url: 'postgres://u@h/db' });
  assert.deepEqual(parseStoreSpec('postgresql://h:5433/db', def), { kind: 'postgres', url: 'postgresql://h:5433/db' });
  assert.deepEqual(parseStoreSpec('sqlite:/var/k.db', def), { kind: 'sqlite', path: '/var/k.db' });
  assert.deepEqual(parseStoreSpec('./k.db', def), { kind: 'sqlite', path: './k.db' });
  assert.deepEqual(parseStoreSpec('C:k.db', def), { kind: 'sqlite', path: 'C:k.db' });
  assert.deepEqual(parseStoreSpec(undefined, def), { kind: 'sqlite', path: '/state/kvetch.db' });
  assert.deepEqual(parseStoreSpec('', def), { kind: 'sqlite', path: '/state/kvetch.db' });
});

test('parseStoreSpec: an unknown scheme or an empty sqlite: path says what is accepted, without the password', () => {
  assert.throws(() => parseStoreSpec('mysql://root:hunter2@h/db'), (e: Error) => /unsupported --db mysql:\/\/root:\*\*\*@h\/db: use a SQLite file path/.test(e.message) && !e.message.includes('hunter2'));
  assert.throws(() => parseStoreSpec('sqlite:'), /needs a file path/);
});

test('openStore opens a working SQLite store from sqlite:<path>', async () => {
  const s = await openStore(`sqlite:${join(dir, 'a.db')}`);
  try {
    await s.migrate();
    await s.ingest('src', [], 'c');
    assert.equal(await s.getCursor('src'), 'c');
  } finally {
    await s.close();
  }
});

test('openStore on a PostgreSQL port where nothing listens names host and port and says to check --db', async () => {
  const port = await new Promise<number>((resolve) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
  await assert.rejects(
    openStore(`postgres://kvetch:s3cret@127.0.0.1:${port}/kvetch`),
    (e: Error) => e.message.startsWith(`cannot connect to PostgreSQL at 127.0.0.1:${port}`) && /check --db/.test(e.message) && !e.message.includes('s3cret'),
  );
});

test('pgTarget and redact: where a URL points, never its password', () => {
  assert.deepEqual(pgTarget('postgres://bot:pw@db.example:6543/kvetch'), { host: 'db.example', port: 6543, database: 'kvetch', user: 'bot' });
  assert.deepEqual(pgTarget('postgresql://h/'), { host: 'h', port: 5432, database: 'postgres', user: '(default user)' });
  assert.equal(redact('postgres://bot:pw@h/db'), 'postgres://bot:***@h/db');
  assert.throws(() => pgTarget('postgres://bot:pw@[bad/db'), (e: Error) => /invalid PostgreSQL URL/.test(e.message) && !e.message.includes(':pw@'));
});

test('explainPgError: login refused and server errors say what to check', () => {
  const t = { host: 'h', port: 5432, database: 'k', user: 'bot' };
  assert.match(explainPgError(Object.assign(new Error('password authentication failed for user "bot"'), { code: '28P01' }), t).message, /^PostgreSQL at h:5432 refused the login of user bot .*check the user and password in --db/);
  assert.match(explainPgError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), t).message, /^cannot connect to PostgreSQL at h:5432/);
  assert.match(explainPgError(Object.assign(new Error('duplicate key'), { code: '23505' }), t).message, /^PostgreSQL h:5432\/k: duplicate key/);
});
