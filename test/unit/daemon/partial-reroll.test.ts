/**
 * The daemon and a partial reroll: v1 (5 patches) is analysed and answered, then v2 resends
 * patches 3 and 4 in reply to v1's. v2 is one version of the same key holding all 5 patches
 * (1, 2, 5 from v1), its findings are its own (v1's unchanged export still present, once; v1's
 * changed one fixed), per-patch channels are offered every patch, and the list reply answers a
 * mail v2 sent, never v1's patch.
 */
import assert from 'node:assert/strict';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { daemonScene } from '../support/daemon-scene.js';
import { mbox } from '../support/mail.js';
import { at, partialV2, rerollV1 } from '../support/reroll-mails.js';

test('a partial reroll in the daemon: one v2 version with every patch, its own findings, a reply to a v2 mail', async () => {
  const v1 = rerollV1();
  const { inbox, outDir, store, seen, round, close } = await daemonScene('kvetch-reroll-');
  try {
    await writeFile(inbox, mbox(...v1.mails));
    assert.equal((await round(at(10))).analysed, 1, 'v1 is complete');
    await appendFile(inbox, mbox(...partialV2(v1, 'patch')));
    assert.equal((await round(at(70))).analysed, 1, 'v2 is complete with the patches it took from v1');
    const versions = (await store.listSeriesVersions()).sort((a, b) => a.revision - b.revision);
    assert.deepEqual(versions.map((v) => [v.revision, v.state]), [[1, 'done'], [2, 'done']]);
    const [one, two] = versions;
    assert.ok(one && two);
    assert.equal(two.key, one.key, 'the reroll is the same series');
    assert.deepEqual([...two.messageIds].sort(), [v1.ids[0], v1.ids[1], v1.ids[4], '<pr.v2.3@example.org>', '<pr.v2.4@example.org>'].sort());
    assert.deepEqual(seen[1]?.map((p) => [p.index, p.messageId, p.fromRevision]), [[1, v1.ids[0], 1], [2, v1.ids[1], 1], [3, '<pr.v2.3@example.org>', undefined], [4, '<pr.v2.4@example.org>', undefined], [5, v1.ids[4], 1]]);
    const found = (await store.findings(two.key, 2)).filter((f) => f.ruleId.startsWith('symbol-exports')).map((f) => [f.subject.revision, f.data?.symbol, f.versions?.status]);
    assert.deepEqual(found.filter((x) => x[1] === 'frob_get'), [[2, 'frob_get', 'still-present']], 'v1 patch 1 export: still present, reported once');
    assert.ok(found.some((x) => x[1] === 'frob_put' && x[2] === 'fixed'), JSON.stringify(await store.findings(two.key, 2)));
    const mails = await readdir(outDir);
    assert.equal(mails.length, 2, 'one reply per version');
    const texts = await Promise.all(mails.map((m) => readFile(join(outDir, m), 'utf8')));
    const v2reply = texts.find((t) => /^Subject: .*\bv2\b/m.test(t) || /In-Reply-To: <pr\.v2\./m.test(t));
    assert.ok(v2reply, texts.map((t) => t.split('\n\n')[0]).join('\n---\n'));
    assert.match(v2reply, /^In-Reply-To: <pr\.v2\.3@example\.org>/m, 'the reply answers the first patch v2 sent');
  } finally {
    await close();
  }
});
