/**
 * A review that comes after its version was analysed and answered (the usual order on a list):
 * the next round reassembles the thread from the same mails, so the version stays done (not
 * analysed again, no second reply) and its stored series takes the new trailer, which the
 * digest then shows.
 */
import assert from 'node:assert/strict';
import { appendFile, readdir, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { collectFromStore } from '../../../src/report/digest/collect.js';
import { daemonScene } from '../support/daemon-scene.js';
import { BASE_DATE, makeSeries, mbox, REVIEWER, replyMail } from '../support/mail.js';

const at = (min: number): Date => new Date(BASE_DATE.getTime() + min * 60_000);

test('a review after the analysis reaches the stored series and the digest; the version is not analysed or answered again', async () => {
  const s = makeSeries({ tag: 'lr', n: 2 });
  const { inbox, outDir, store, round, close } = await daemonScene('kvetch-late-review-');
  try {
    await writeFile(inbox, mbox(s.cover, ...s.patches));
    assert.equal((await round(at(10))).analysed, 1);
    const [before] = await store.listSeriesVersions();
    assert.ok(before);
    assert.equal(before.series?.review?.reviewed ?? 0, 0, 'nobody reviewed it yet');
    await appendFile(inbox, mbox(replyMail({ subject: `Re: ${s.subjects[0] ?? ''}`, messageId: '<lr.review@example.net>', inReplyTo: s.patchIds[0], references: [s.coverId, s.patchIds[0] as string], date: at(30) })));
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
    await close();
  }
});
