/**
 * A patch taken in a round after its incomplete version was analysed (the grace period ran
 * out) re-opens the version: it is analysed again with every patch and offered to every
 * channel again. The email channel still sends one reply per version (the first stands); a
 * channel that publishes per patch sees the late patch.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import type { Channel, PublishInput } from '../../../src/model/channel.js';
import { createEmailChannel } from '../../../src/report/email/channel.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { rawMessages } from '../../support/check.js';
import { toMbox } from '../../support/mbox-write.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
const T0 = new Date('2024-03-01T12:00:00Z');
const later = (s: number): Date => new Date(T0.getTime() + s * 1000);
let dir = '';
after(() => rm(dir, { recursive: true, force: true }));

/** A channel that records the patches of every version it is given (as a per-patch channel would check them). */
function recorder(): Channel & { seen: string[][] } {
  const seen: string[][] = [];
  return {
    id: 'recorder',
    seen,
    publish: async (input: PublishInput) => {
      seen.push(input.series.patches.map((p) => p.messageId));
      return { channel: 'recorder', published: 1, skipped: [], written: [], errors: [] };
    },
  };
}

test('a late patch re-opens an analysed version: analysed again, per-patch channels see it, one reply', async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvetch-late-patch-'));
  const v2 = (await rawMessages([EXAMPLE])).map((m) => m.bytes).filter((m) => /^Subject: \[PATCH v2 /m.test(m.toString('latin1')));
  assert.equal(v2.length, 3, 'the example has a v2 of a cover letter and 2 patches');
  const last = v2.pop() as Buffer;
  await writeFile(join(dir, 'inbox.mbox'), toMbox(v2));
  const store = await openSqliteStore(join(dir, 'kvetch.db'));
  const rec = recorder();
  const outDir = join(dir, 'outbox');
  const email = createEmailChannel({
    from: 'kvetch bot <kvetch@example.org>', smtp: { host: '127.0.0.1', port: 1, starttls: false, timeoutMs: 1000 }, outDir,
    docsBase: 'https://kvetch.example.org/src', policies: [{ list: 'files:inbox.mbox', enabled: true }], sendLogPath: join(dir, 'send-log.jsonl'),
  });
  try {
    await store.migrate();
    const config = parseDaemonConfig('gracePeriod: 60\nsources:\n  - type: files\n    path: inbox.mbox\n', join(dir, 'kvetch.yml'));
    const round = (at: Date) => watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: dir, baseDir: dir, once: true, worker: 'w', channels: [email, rec], now: () => at });
    assert.equal((await round(T0)).analysed, 0, 'patch 2 of 2 is missing: the version waits');
    assert.equal((await round(later(120))).analysed, 1, 'the grace period ran out: analysed with one patch');
    const [once] = await store.listSeriesVersions();
    assert.ok(once);
    assert.equal(once.messageIds.length, 2);
    const replies = (await store.listPublications({ channel: 'email' })).filter((p) => p.state === 'sent');
    assert.equal(replies.length, 1, `one reply for the version (the source is ${(await store.getRecords(once.messageIds))[0]?.source})`);
    assert.equal(rec.seen.length, 1);
    const before = (await store.findings(once.key, once.revision)).map((f) => f.ruleId);

    await appendFile(join(dir, 'inbox.mbox'), toMbox([last]));
    const third = await round(later(240));
    assert.equal(third.analysed, 1, 'the late patch re-opened the version: analysed again');
    const [again] = await store.listSeriesVersions();
    assert.ok(again);
    assert.equal(again.state, 'done');
    assert.equal(again.messageIds.length, 3, 'with the late patch');
    assert.equal(again.completions, 1, 'its current mails analysed once');
    const findings = (await store.findings(again.key, again.revision)).map((f) => f.ruleId);
    assert.notDeepEqual(findings, before, `the late patch was analysed (findings ${before.join(',')} then ${findings.join(',')})`);
    assert.equal(rec.seen.length, 2, 'offered to the channels again');
    assert.equal(rec.seen[1]?.length, 2, 'both patches this time');
    assert.deepEqual((await store.listPublications({ channel: 'email' })).map((p) => p.state), ['sent'], 'the first reply stands');
    assert.equal((await readdir(outDir)).length, 1, 'no second reply written');

    const fourth = await round(later(360));
    assert.deepEqual([fourth.analysed, fourth.published], [0, 0], 'nothing to do once it is published again');
  } finally {
    email.close();
    await store.close();
  }
});
