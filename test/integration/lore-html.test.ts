/**
 * A lore that answers every request with an HTML page and 200 (a bot-protection challenge, a
 * captive portal, a proxy's error page): `kvetch watch --once` retries the read, takes nothing
 * in (no mail, no cursor), names the source and exits 2; once the server answers properly the
 * list is still followed from the beginning (nothing was lost by the bad round).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startFakeServer, type FakeServer } from '../support/fake-http.js';
import { runKvetch } from '../support/run-cli.js';
import { openSqliteStore } from '../../src/store/sqlite.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-lore-html-'));
let server: FakeServer | undefined;
after(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const PAGE = '<!doctype html><html><head><title>Making sure you are not a bot!</title></head><body><p>Loading…</p></body></html>\n';

test('lore answers HTML (200, text/html) to everything: retried, nothing stored, no cursor, exit 2 naming the source', async () => {
  server = await startFakeServer(() => ({ status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: PAGE }));
  const db = join(dir, 'state.db');
  const config = join(dir, 'kvetch.yml');
  writeFileSync(config, [`db: ${db}`, 'sources:', '  - type: lore', `    base: ${server.base}`, '    list: kvm', '    start: beginning', 'channels:', '  log:', '    enabled: false', ''].join('\n'));
  const r = await runKvetch(['watch', '--once', '-c', config], { KVETCH_STATE_DIR: join(dir, 'state') });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /none of the 1 source\(s\) could be read this round/);
  assert.match(r.stderr, /poll failed/);
  assert.match(r.stderr, /not a JSON manifest|not a git repository|HTML|html/i, 'the log says what was wrong with the answer');
  const manifest = server.requests.filter((q) => q.url.includes('manifest.js.gz')).length;
  assert.ok(manifest >= 2, `the manifest was asked for again after the HTML answer (${manifest} requests)`);
  const store = await openSqliteStore(db);
  try {
    await store.migrate();
    assert.equal((await store.listSeriesVersions()).length, 0);
    assert.equal(await store.getCursor('lore:kvm'), null, 'no cursor: the next round starts where this one did');
  } finally {
    await store.close();
  }
});
