/**
 * The watch loop over the patchwork fake (documented REST API) and a SQLite store, round by
 * round (`once`): a source that fails leaves its cursor where it was and nothing crashes; when
 * it answers again every series is taken in and analysed once; a new series later is analysed
 * and the old ones are not redone.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { parseDaemonConfig as parseConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import type { StateStore } from '../../../src/model/store.js';
import { gitDiff } from '../../support/diff-text.js';
import { startFakePatchwork, type FakePatchwork } from '../../support/fake-patchwork.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
let pw: FakePatchwork;
let dir: string;
let store: StateStore;
const lines: string[] = [];
const log = pino({ level: 'debug' }, new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }));

before(async () => {
  pw = await startFakePatchwork({ series: [{ mbox: { path: EXAMPLE } }] });
  dir = await mkdtemp(join(tmpdir(), 'kvetch-watch-pw-'));
  store = await openSqliteStore(join(dir, 'kvetch.db'));
  await store.migrate();
});
after(async () => {
  await store?.close();
  await pw?.stop();
  await rm(dir, { recursive: true, force: true });
});

const round = () =>
  watch({
    config: parseConfig(`gracePeriod: 0\nlease: 60\npollInterval: 1\nsources:\n  - type: patchwork\n    base: ${pw.base}\n    project: kvm\n`, 'test.yml'),
    store,
    log,
    stateDir: dir,
    once: true,
    worker: 'w1',
  });

test('a failing source: retried, logged, no crash, cursor not moved', async () => {
  pw.setFault({ kind: 'status', status: 502, times: 50, path: /events/ });
  const stats = await round();
  pw.clearFaults();
  assert.equal(stats.polled, 0);
  assert.equal(await store.getCursor('patchwork:kvm'), null);
  assert.deepEqual(await store.listSeriesVersions(), []);
  assert.ok(lines.some((l) => l.includes('poll failed')), 'the failure is logged');
});

test('then every series is taken in and analysed once; a later series too, and nothing twice', async () => {
  const first = await round();
  const versions = await store.listSeriesVersions();
  assert.ok(versions.length >= 1 && first.analysed === versions.length, `${first.analysed} analysed of ${versions.length}`);
  assert.ok(await store.getCursor('patchwork:kvm'));
  assert.ok((await store.findings(versions[0]?.key ?? '', versions[0]?.revision ?? 0)).length > 0, 'the example series has findings');

  const again = await round();
  assert.equal(again.analysed, 0, 'a second round redoes nothing');

  const mbox = [
    'From: Dev <dev@example.org>\nSubject: [PATCH] kvm: export one more helper\nDate: Tue, 21 Nov 2023 10:00:00 +0000\nMessage-ID: <late.1@example.org>\n\nExport it.\n\nSigned-off-by: Dev <dev@example.org>\n---\n',
    gitDiff({ path: 'virt/kvm/kvm_main.c', lines: [' int kvm_helper(void)', ' {', '+}', '+EXPORT_SYMBOL_GPL(kvm_helper);'] }),
  ].join('');
  await pw.addSeries(Buffer.from(`From dev@example.org Tue Nov 21 10:00:00 2023\n${mbox}\n`));
  const later = await round();
  assert.equal(later.analysed, 1);
  const all = await store.listSeriesVersions();
  assert.deepEqual(all.filter((v) => v.completions !== 1), [], 'every version completed exactly once');
  const published = await store.listPublications({ channel: 'log' });
  assert.equal(published.length, all.length, 'one log publication per version');
});
