/**
 * A review that comes after its version was analysed and answered (the usual order on a list):
 * the next round reassembles the thread from the same mails, so the version stays done (not
 * analysed again, no second reply) and its stored series takes the new trailer, which the
 * digest then shows.
 */
import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseDaemonConfig } from '../../../src/daemon/config.js';
import { watch } from '../../../src/daemon/watch.js';
import { collectFromStore } from '../../../src/report/digest/collect.js';
import { createEmailChannel } from '../../../src/report/email/channel.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { createLogger } from '../../../src/util/logger.js';
import { BASE_DATE, makeSeries, mbox, REVIEWER, replyMail } from '../support/mail.js';

let dir = '';
after(() => rm(dir, { recursive: true, force: true }));
const at = (min: number): Date => new Date(BASE_DATE.getTime() + min * 60_000);

test('a review after the analysis reaches the stored series and the digest; the version is not analysed or answered again', async () => {
  dir = await mkdtemp(join(tmpdir(), 'kvetch-late-review-'));
  const s = makeSeries({ tag: 'lr', n: 2 });
  await writeFile(join(dir, 'inbox.mbox'), mbox(s.cover, ...s.patches));
  const store = await openSqliteStore(join(dir, 'kvetch.db'));
  const outDir = join(dir, 'outbox');
  const email = createEmailChannel({
    from: 'kvetch bot <kvetch@example.org>', smtp: { host: '127.0.0.1', port: 1, starttls: false, timeoutMs: 1000 }, outDir,
    docsBase: 'https://kvetch.example.org/src', policies: [{ list: 'files:inbox.mbox', enabled: true }], sendLogPath: join(dir, 'send-log.jsonl'),
  });
  try {
    await store.migrate();
    const config = parseDaemonConfig('gracePeriod: 60\nsources:\n  - type: files\n    path: inbox.mbox\n', join(dir, 'kvetch.yml'));
    const round = (when: Date) => watch({ config, store, log: createLogger({ level: 'silent' }), stateDir: dir, baseDir: dir, once: true, worker: 'w', channels: [email], now: () => when });
    assert.equal((await round(at(10))).analysed, 1);
    const [before] = await store.listSeriesVersions();
    assert.ok(before);
    assert.equal(before.series?.review?.reviewed ?? 0, 0, 'nobody reviewed it yet');
    await appendFile(join(dir, 'inbox.mbox'), mbox(replyMail({ subject: `Re: ${s.subjects[0] ?? ''}`, messageId: '<lr.review@example.net>', inReplyTo: s.patchIds[0], references: [s.coverId, s.patchIds[0] as string], date: at(30) })));
    const second = await round(at(40));
    assert.equal(second.analysed, 0, 'the same mails: not analysed again');
    const [now] = await store.listSeriesVersions();
    assert.ok(now);
    assert.deepEqual([now.state, now.completions], ['done', 1]);
    const collected = now.series?.patches[0]?.collected ?? [];
    assert.deepEqual(collected.map((t) => [t.key, t.person?.address, t.messageId, t.status]), [['Reviewed-by', 'rob@example.net', '<lr.review@example.net>', 'applied']]);
    assert.deepEqual(now.series?.review?.by, [REVIEWER]);
    // This series has nothing worth a reply: the channel's one decision for the version stands.
    assert.deepEqual((await store.listPublications({ channel: 'email' })).map((p) => [p.key, p.state]), [[now.key, 'skipped']], 'one decision for the version, made before the review');
    assert.deepEqual(await readdir(outDir).catch(() => []), [], 'no mail written');
    const digest = await collectFromStore(store);
    const v = digest.versions.find((x) => x.key === now.key);
    assert.deepEqual(v?.review, { reviewed: 1, of: 2, by: [REVIEWER] });
  } finally {
    email.close();
    await store.close();
  }
});
