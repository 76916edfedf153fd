/**
 * A patch taken in a round after its incomplete version was analysed (the grace period ran
 * out) re-opens the version: it is analysed again with every patch and offered to every
 * channel again. The email channel still sends one reply per version (the first stands); a
 * channel that publishes per patch sees the late patch.
 */
import assert from 'node:assert/strict';
import { appendFile, readdir, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { rawMessages } from '../../support/check.js';
import { toMbox } from '../../support/mbox-write.js';
import { daemonScene } from '../support/daemon-scene.js';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/kvm-vfio.mbox', import.meta.url));
const T0 = new Date('2024-03-01T12:00:00Z');
const later = (s: number): Date => new Date(T0.getTime() + s * 1000);

test('a late patch re-opens an analysed version: analysed again, per-patch channels see it, one reply', async () => {
  const v2 = (await rawMessages([EXAMPLE])).map((m) => m.bytes).filter((m) => /^Subject: \[PATCH v2 /m.test(m.toString('latin1')));
  assert.equal(v2.length, 3, 'the example has a v2 of a cover letter and 2 patches');
  const last = v2.pop() as Buffer;
  const { inbox, outDir, store, seen, round, close } = await daemonScene('kvetch-late-patch-');
  try {
    await writeFile(inbox, toMbox(v2));
    assert.equal((await round(T0)).analysed, 0, 'patch 2 of 2 is missing: the version waits');
    assert.equal((await round(later(120))).analysed, 1, 'the grace period ran out: analysed with one patch');
    const [once] = await store.listSeriesVersions();
    assert.ok(once);
    assert.equal(once.messageIds.length, 2);
    const replies = (await store.listPublications({ channel: 'email' })).filter((p) => p.state === 'sent');
    assert.equal(replies.length, 1, `one reply for the version (the source is ${(await store.getRecords(once.messageIds))[0]?.source})`);
    assert.equal(seen.length, 1);
    const before = (await store.findings(once.key, once.revision)).map((f) => f.ruleId);

    await appendFile(inbox, toMbox([last]));
    const third = await round(later(240));
    assert.equal(third.analysed, 1, 'the late patch re-opened the version: analysed again');
    const [again] = await store.listSeriesVersions();
    assert.ok(again);
    assert.equal(again.state, 'done');
    assert.equal(again.messageIds.length, 3, 'with the late patch');
    assert.equal(again.completions, 1, 'its current mails analysed once');
    const findings = (await store.findings(again.key, again.revision)).map((f) => f.ruleId);
    assert.notDeepEqual(findings, before, `the late patch was analysed (findings ${before.join(',')} then ${findings.join(',')})`);
    assert.equal(seen.length, 2, 'offered to the channels again');
    assert.equal(seen[1]?.length, 2, 'both patches this time');
    assert.deepEqual((await store.listPublications({ channel: 'email' })).map((p) => p.state), ['sent'], 'the first reply stands');
    assert.equal((await readdir(outDir)).length, 1, 'no second reply written');

    const fourth = await round(later(360));
    assert.deepEqual([fourth.analysed, fourth.published], [0, 0], 'nothing to do once it is published again');
  } finally {
    await close();
  }
});
