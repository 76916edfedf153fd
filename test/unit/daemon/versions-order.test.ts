/**
 * A v1 that lost a patch waits its grace period for it; when its v2 arrives meanwhile, v1 is
 * final: both are analysed in that round, v1 first, and v2 is told what it fixed and what is
 * still there, not analysed alone before v1.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { rawMessages } from '../../support/check.js';
import { toMbox } from '../../support/mbox-write.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
const T0 = new Date('2024-03-01T12:00:00Z');
let dir = '';
after(() => rm(dir, { recursive: true, force: true }));

test('a newer revision makes a waiting older one ready: v1 is analysed first, v2 against it', async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvetch-versions-order-'));
  const mails = (await rawMessages([EXAMPLE])).map((m) => m.bytes);
  const isV2 = (m: Buffer): boolean => /^Subject: \[PATCH v2 /m.test(m.toString('latin1'));
  await writeFile(join(dir, 'inbox.mbox'), toMbox(mails.filter((m) => !isV2(m))));
  const store = await openSqliteStore(join(dir, 'kvetch.db'));
  try {
    await store.migrate();
    const config = parseDaemonConfig('gracePeriod: 600\nsources:\n  - type: files\n    path: inbox.mbox\n', join(dir, 'kvetch.yml'));
    const round = (at: Date) => watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: dir, baseDir: dir, once: true, worker: 'w', now: () => at });

    const first = await round(T0);
    assert.equal(first.analysed, 0, 'v1 lacks a patch: it waits for it');
    const [v1] = await store.listSeriesVersions();
    assert.equal(v1?.state, 'waiting');
    assert.equal(v1?.readyAt.getTime(), T0.getTime() + 600_000);

    await appendFile(join(dir, 'inbox.mbox'), toMbox(mails.filter(isV2)));
    const second = await round(new Date(T0.getTime() + 60_000));
    assert.equal(second.analysed, 2, 'v1 and v2 in the round v2 arrived in');
    const done = await store.listSeriesVersions({ state: 'done' });
    assert.deepEqual(done.map((v) => v.revision), [1, 2]);
    const v2 = await store.findings(done[1]?.key ?? '', 2);
    assert.ok(v2.some((f) => f.versions?.status === 'still-present' && f.versions.since === 1), 'v2 knows what v1 had');
    assert.ok(v2.every((f) => f.fatal || f.ruleId.startsWith('input/') || f.versions !== undefined), 'every finding of v2 is marked against v1');
  } finally {
    await store.close();
  }
});
