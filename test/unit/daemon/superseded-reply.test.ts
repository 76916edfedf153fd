/**
 * Only the newest revision gets a list reply: a daemon that finds v1 and v2 of a series in the
 * same round (a backlog, a restart after downtime) answers v2 and records v1 skipped as
 * superseded; a v1 answered before its v2 arrived keeps its reply, and v2 gets its own.
 */
import assert from 'node:assert/strict';
import { appendFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { daemonScene } from '../support/daemon-scene.js';
import { mbox } from '../support/mail.js';
import { at, partialV2, rerollV1 } from '../support/reroll-mails.js';

test('superseded-reply: v1 and v2 in one round: one reply, to v2; v1 recorded skipped (superseded)', async () => {
  const v1 = rerollV1();
  const { inbox, outDir, store, seen, round, close } = await daemonScene('kvetch-superseded-');
  try {
    await writeFile(inbox, mbox(...v1.mails, ...partialV2(v1, 'patch')));
    assert.equal((await round(at(70))).analysed, 2);
    assert.equal(seen.length, 2, 'the other channels are offered both versions');
    const mails = await readdir(outDir);
    assert.equal(mails.length, 1, mails.join(', '));
    const text = await readFile(join(outDir, mails[0] as string), 'utf8');
    assert.match(text, /^In-Reply-To: <pr\.v2\.3@example\.org>/m, 'the reply answers v2');
    const [one] = (await store.listSeriesVersions()).filter((v) => v.revision === 1);
    assert.ok(one);
    const pub = await store.getPublication(one.key, 1, 'email', 'files:inbox.mbox');
    assert.equal(pub?.state, 'skipped');
    assert.match(pub.payload ?? '', /v2 was sent already; only the newest revision gets a reply/);
    assert.ok(await store.getPublication(one.key, 1, 'email#done', ''), 'v1 is done on the email channel: not asked again');
    assert.equal((await round(at(200))).analysed, 0);
    assert.equal((await readdir(outDir)).length, 1, 'still one reply');
  } finally {
    await close();
  }
});

test('superseded-reply: v1 answered before v2 arrived keeps its reply; v2 gets its own', async () => {
  const v1 = rerollV1();
  const { inbox, outDir, round, close } = await daemonScene('kvetch-superseded-');
  try {
    await writeFile(inbox, mbox(...v1.mails));
    await round(at(10));
    assert.equal((await readdir(outDir)).length, 1);
    await appendFile(inbox, mbox(...partialV2(v1, 'patch')));
    await round(at(70));
    assert.equal((await readdir(outDir)).length, 2);
  } finally {
    await close();
  }
});
