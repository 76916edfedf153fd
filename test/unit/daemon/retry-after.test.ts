/**
 * A patchwork 429 whose Retry-After is longer than the poll interval: the daemon does not wait
 * in-process and does not ask again before that time, also after a restart (the instant is in
 * the store); once it has passed, the source is polled again.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { serve, type TestServer } from '../../support/http-server.js';

const T0 = new Date('2024-03-01T12:00:00Z');
const later = (s: number): Date => new Date(T0.getTime() + s * 1000);
let dir = '';
let server: TestServer | undefined;
after(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a 429 asking for 600 s with a 60 s poll interval: not polled again before then, across a restart', async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvetch-retry-after-'));
  let limited = true;
  server = await serve((_req, res) => {
    if (limited) {
      res.writeHead(429, { 'Retry-After': '600', 'Content-Type': 'application/json' });
      res.end('{"detail":"slow down"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('[]');
  });
  const config = parseDaemonConfig(`pollInterval: 60\nsources:\n  - type: patchwork\n    base: ${server.base}\n    project: kvm\n`, join(dir, 'kvetch.yml'));
  const round = async (at: Date) => {
    // A fresh store each round: the daemon restarted.
    const store = await openSqliteStore(join(dir, 'kvetch.db'));
    try {
      await store.migrate();
      return await watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: dir, baseDir: dir, once: true, worker: 'w', channels: [], now: () => at, http: { retries: 3, backoffMs: 1, timeoutMs: 5000 } });
    } finally {
      await store.close();
    }
  };
  const first = await round(T0);
  assert.deepEqual([first.polled, first.unread], [0, ['patchwork:kvm']]);
  assert.equal(server.requests.length, 1, 'the 429 is not retried in-process: 600 s is over the poll interval');

  limited = false;
  for (const s of [60, 300, 599]) {
    const r = await round(later(s));
    assert.deepEqual([r.polled, r.unread], [0, ['patchwork:kvm']], `at +${s} s`);
  }
  assert.equal(server.requests.length, 1, 'nothing asked before the Retry-After, after 3 restarts');

  const due = await round(later(600));
  assert.deepEqual([due.polled, due.unread], [1, []], 'polled again once the time has come');
  assert.equal(server.requests.length, 2);
});

test('a 429 asking for less than the poll interval is waited for in-process and retried once', async () => {
  let n = 0;
  const s = await serve((_req, res) => {
    n++;
    res.writeHead(n === 1 ? 429 : 200, n === 1 ? { 'Retry-After': '1' } : { 'Content-Type': 'application/json' });
    res.end(n === 1 ? '' : '[]');
  });
  const d = await mkdtemp(join(tmpdir(), 'kvetch-retry-after-short-'));
  const store = await openSqliteStore(join(d, 'kvetch.db'));
  try {
    await store.migrate();
    const config = parseDaemonConfig(`pollInterval: 60\nsources:\n  - type: patchwork\n    base: ${s.base}\n    project: kvm\n`, join(d, 'kvetch.yml'));
    const r = await watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: d, baseDir: d, once: true, worker: 'w', channels: [], now: () => T0, http: { retries: 3, backoffMs: 1, timeoutMs: 5000 } });
    assert.deepEqual([r.polled, r.unread, n], [1, [], 2]);
  } finally {
    await store.close();
    await s.close();
    await rm(d, { recursive: true, force: true });
  }
});
