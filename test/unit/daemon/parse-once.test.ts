/**
 * The daemon parses each mail exactly once: at intake. Assembly, analysis (with the older
 * version's findings) and every channel (log, email in dry run, patchwork checks against the
 * patchwork fake) read the records stored with the mail. Counted with mail/message.ts's own
 * counter, round by round, as the example's v1 and then its v2 arrive in a followed mbox.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildChannels } from '../../../src/daemon/channels.js';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch, type WatchStats } from '../../../src/daemon/watch.js';
import { mailsParsed } from '../../../src/mail/message.js';
import type { StateStore } from '../../../src/model/store.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { rawMessages } from '../../support/check.js';
import { startFakePatchwork, type FakePatchwork } from '../../support/fake-patchwork.js';
import { toMbox } from '../../support/mbox-write.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
let dir = '';
let store: StateStore;
let pw: FakePatchwork;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvetch-parse-once-'));
  store = await openSqliteStore(join(dir, 'kvetch.db'));
  await store.migrate();
  pw = await startFakePatchwork({ series: [{ mbox: { path: EXAMPLE } }] });
});
after(async () => {
  await store.close();
  await pw.stop();
  await rm(dir, { recursive: true, force: true });
});

async function round(): Promise<{ stats: WatchStats; parsed: number }> {
  const config = parseDaemonConfig(
    [
      'gracePeriod: 0',
      'sources:',
      '  - type: files',
      '    id: kvm',
      '    path: followed.mbox',
      'channels:',
      '  email:',
      '    enabled: true',
      '    from: "kvetch bot <kvetch@example.org>"',
      '    smtp: { host: 127.0.0.1, port: 1 }',
      '    docsBase: https://kvetch.example.org',
      '    policies: [{ list: kvm, enabled: true }]',
      '  patchworkCheck:',
      '    enabled: true',
      `    base: ${pw.base}`,
      '    project: kvm',
      '    reportUrl: https://kvetch.example.org/r/{key}/{revision}',
    ].join('\n'),
    join(dir, 'kvetch.yml'),
  );
  const before = mailsParsed();
  const channels = buildChannels(config, { stateDir: dir, env: {} });
  const stats = await watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: dir, baseDir: dir, once: true, worker: 'w', channels });
  return { stats, parsed: mailsParsed() - before };
}

test('one parse per mail: at intake, and never again in assembly, analysis or any channel', async () => {
  const mails = (await rawMessages([EXAMPLE])).map((m) => m.bytes);
  const isV2 = (m: Buffer): boolean => /^Subject: \[PATCH v2 /m.test(m.toString('latin1'));
  const v1 = mails.filter((m) => !isV2(m));
  const v2 = mails.filter(isV2);
  assert.ok(v1.length >= 2 && v2.length >= 3, 'the example has a v1 and a v2');
  await writeFile(join(dir, 'followed.mbox'), toMbox(v1));

  const r1 = await round();
  assert.deepEqual([r1.stats.ingested, r1.stats.parsed, r1.parsed], [v1.length, v1.length, v1.length], 'v1: each mail parsed once');
  assert.equal(r1.stats.analysed, 1);
  assert.ok(r1.stats.published >= 3, `log, email and patchwork each published v1 (${r1.stats.published})`);

  await appendFile(join(dir, 'followed.mbox'), toMbox(v2));
  const r2 = await round();
  assert.deepEqual([r2.stats.ingested, r2.stats.parsed, r2.parsed], [v2.length, v2.length, v2.length], 'v2: each new mail parsed once; v1 not again');
  assert.equal(r2.stats.analysed, 1);
  const key = (await store.listSeriesVersions({ state: 'done' }))[0]?.key ?? '';
  const marked = (await store.findings(key, 2)).filter((f) => f.versions !== undefined);
  assert.ok(marked.length > 0, 'v2 was analysed against v1 without parsing v1 again');

  const r3 = await round();
  assert.deepEqual([r3.stats.ingested, r3.parsed, r3.stats.analysed, r3.stats.published], [0, 0, 0, 0], 'nothing new: nothing parsed, analysed or published');
});

test('a mail stored by an older kvetch (no record) is parsed once when it is first needed, then kept', async () => {
  const extra = Buffer.from('From: Old <old@example.org>\nSubject: [PATCH] kvm: an old one\nMessage-ID: <old.1@example.org>\nDate: Tue, 21 Nov 2023 10:00:00 +0000\n\nOld.\n---\ndiff --git a/virt/kvm/a.c b/virt/kvm/a.c\n--- a/virt/kvm/a.c\n+++ b/virt/kvm/a.c\n@@ -1 +1,2 @@\n a\n+EXPORT_SYMBOL(a);\n');
  await store.ingest('kvm', [{ messageId: '<old.1@example.org>', source: 'kvm', raw: extra, receivedAt: new Date(), record: null }], null);
  const first = await round();
  assert.equal(first.parsed, 1, 'parsed once, on assembly');
  assert.equal(first.stats.analysed, 1);
  assert.notEqual((await store.getRecords(['<old.1@example.org>']))[0]?.record, null, 'its record is kept');
  assert.equal((await round()).parsed, 0);
});
