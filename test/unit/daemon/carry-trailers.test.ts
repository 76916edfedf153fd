/**
 * The daemon carries review trailers across versions too: a v1 reviewed in one round, its v2
 * (patch 1 unchanged, patch 2 reworked) in a later round; the stored v2 series has patch 1's
 * review as carried from v1.
 */
import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { makeSeries, replyMail, withTmp } from '../support/mail.js';

const T0 = new Date('2024-03-04T12:00:00Z');

test('watch: review trailers of a stored v1 carry to the v2 assembled in a later round', async () => {
  await withTmp(async (dir) => {
    const v1 = makeSeries({ tag: 'dcarry', n: 2 });
    const v2 = makeSeries({ tag: 'dcarry', n: 2, version: 2, date: new Date('2024-03-04T11:00:00Z') });
    const p1 = v1.patchIds[0] as string;
    const review = replyMail({ subject: `Re: ${v1.subjects[0] ?? ''}`, messageId: '<rev.dcarry@example.net>', inReplyTo: p1, references: [v1.coverId, p1] });
    await writeFile(join(dir, 'inbox.mbox'), [v1.cover, ...v1.patches, review].join(''));
    const store = await openSqliteStore(join(dir, 'kvetch.db'));
    try {
      await store.migrate();
      const config = parseDaemonConfig('gracePeriod: 0\nsources:\n  - type: files\n    path: inbox.mbox\n', join(dir, 'kvetch.yml'));
      const round = (at: Date) => watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: dir, baseDir: dir, once: true, worker: 'w', now: () => at });
      await round(T0);
      const second = [v2.cover, ...v2.patches].join('').replaceAll('<dcarry.', '<dcarry-v2.').replace('/* step 2 of dcarry */', '/* step 2 of dcarry, reworked */');
      await appendFile(join(dir, 'inbox.mbox'), second);
      await round(new Date(T0.getTime() + 60_000));
      const versions = await store.listSeriesVersions();
      assert.deepEqual(versions.map((v) => v.revision), [1, 2]);
      const stored = versions[1]?.series;
      assert.deepEqual(stored?.patches.map((p) => (p.collected ?? []).map((t) => `${t.key}|${t.status}|v${t.given ?? '-'}|${t.messageId}`)), [
        ['Reviewed-by|carried|v1|<rev.dcarry@example.net>'],
        [],
      ]);
      assert.deepEqual(stored?.review?.reviewed, 1);
    } finally {
      await store.close();
    }
  });
});
