/**
 * Issue 17 §2, versions as b4 assembles them, through the whole pipeline (real mails): a partial
 * reroll is one series vN that takes the patches it did not resend from v(N-1); a `0/N` with a
 * diff is the cover letter; each series says whether it is the newest revision and which
 * revision supersedes it; a lone `[PATCH v2]` and a v2 with more patches are series of their own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Series } from '../../../src/model/series.js';
import { checkBytes } from '../../support/check.js';
import { coverMail, makeSeries, mbox, patchMail } from '../support/mail.js';
import { at, partialV2, rerollV1 } from '../support/reroll-mails.js';

const family = (r: { series: Series[] }, key: string) => r.series.filter((s) => s.key === key).sort((a, b) => a.revision - b.revision);

for (const threadedTo of ['patch', 'cover'] as const) {
  test(`a partial reroll answering v1's ${threadedTo === 'patch' ? 'same-numbered patches' : 'cover letter'} is one series v2 completed from v1, findings linked to v1's`, async () => {
    const one = rerollV1();
    const mails = [...one.mails, ...partialV2(one, threadedTo)];
    const r = await checkBytes(Buffer.from(mbox(...mails)), 'reroll.mbox');
    assert.equal(r.series.length, 2, JSON.stringify(r.series.map((s) => [s.key, s.revision, s.patches.length])));
    const [s1, s2] = family(r, r.series[0]!.key);
    assert.ok(s1 && s2, 'both revisions share the key');
    assert.deepEqual([s1.revision, s1.newest, s1.supersededBy, s1.rerollOf], [1, false, 2, undefined]);
    assert.deepEqual([s2.revision, s2.newest, s2.supersededBy, s2.rerollOf], [2, true, null, 1]);
    assert.equal(s2.subject, s1.subject, 'the reroll keeps the series title');
    assert.deepEqual(
      s2.patches.map((p) => [p.index, p.messageId, p.fromRevision]),
      [[1, one.ids[0], 1], [2, one.ids[1], 1], [3, '<pr.v2.3@example.org>', undefined], [4, '<pr.v2.4@example.org>', undefined], [5, one.ids[4], 1]],
    );
    assert.equal(s2.complete, true);
    assert.deepEqual(s2.missing, []);
    assert.equal(r.stats.patches, 7, 'every patch mail counted once');
    const exportsOf = (rev: number) => r.findings.filter((f) => f.ruleId.startsWith('symbol-exports') && f.subject.revision === rev);
    const v2 = exportsOf(2).map((f) => [f.subject.patch, f.data?.symbol, f.versions?.status]).sort();
    // frob_get (patch 1, not resent) is still there in v2; frob_put changed from plain to GPL-only.
    assert.deepEqual(v2.filter((x) => x[1] === 'frob_get'), [[1, 'frob_get', 'still-present']]);
    assert.ok(v2.some((x) => x[1] === 'frob_put' && x[2] === 'new'), JSON.stringify(v2));
    assert.ok(v2.some((x) => x[1] === 'frob_put' && x[2] === 'fixed'), `v1's plain frob_put export is fixed in v2: ${JSON.stringify(v2)}`);
  });
}

test('a lone [PATCH v2] answering [PATCH] is its own series, same key; v1 is superseded by v2', async () => {
  const p1 = patchMail({ subject: '[PATCH] gpio: frob: reject bad offsets', messageId: '<lone.1@example.org>', date: at(0) });
  const p2 = patchMail({ subject: '[PATCH v2] gpio: frob: reject bad offsets', messageId: '<lone.2@example.org>', inReplyTo: '<lone.1@example.org>', date: at(30), added: ['\tif (off >= fg->ngpio)', '\t\treturn -ERANGE;'] });
  const r = await checkBytes(Buffer.from(mbox(p1, p2)), 'lone.mbox');
  assert.deepEqual(r.series.map((s) => [s.revision, s.total, s.patches.length, s.newest, s.supersededBy, s.rerollOf]), [[1, 1, 1, false, 2, undefined], [2, 1, 1, true, null, undefined]]);
  assert.equal(r.series[0]!.key, r.series[1]!.key);
});

test('a v2 with more patches and its own cover (in reply to v1\'s cover) is a series of its own: nothing taken from v1', async () => {
  const a = makeSeries({ tag: 'grow1', n: 2 });
  const b = makeSeries({ tag: 'grow2', n: 3, version: 2, date: at(120) });
  // git send-email --in-reply-to=<v1 cover>: the v2 cover answers v1's cover.
  const cover2 = b.cover.replace(/^(Message-ID: .*)$/m, `$1\nIn-Reply-To: ${a.coverId}\nReferences: ${a.coverId}`);
  const r = await checkBytes(Buffer.from(mbox(a.cover, ...a.patches, cover2, ...b.patches)), 'grow.mbox');
  assert.deepEqual(r.series.map((s) => [s.revision, s.total, s.patches.length, s.complete, s.newest, s.supersededBy]), [[1, 2, 2, true, false, 2], [2, 3, 3, true, true, null]]);
  assert.ok(r.series[1]!.patches.every((p) => p.fromRevision === undefined));
});

test('a 0/N mail holding a diff (an interdiff) is the cover letter: never a patch, never analysed', async () => {
  const s = makeSeries({ tag: 'idiff', n: 2, version: 2 });
  const interdiff = 'Interdiff against v1:\ndiff --git a/drivers/gpio/gpio-frob1.c b/drivers/gpio/gpio-frob1.c\n--- a/drivers/gpio/gpio-frob1.c\n+++ b/drivers/gpio/gpio-frob1.c\n@@ -1,1 +1,2 @@\n int x;\n+EXPORT_SYMBOL(frob_interdiff);\n';
  const cover = s.cover.replace('-- \n2.39.2', `${interdiff}-- \n2.39.2`);
  assert.notEqual(cover, s.cover);
  const r = await checkBytes(Buffer.from(mbox(cover, ...s.patches)), 'interdiff.mbox');
  assert.equal(r.series.length, 1);
  const only = r.series[0]!;
  assert.equal(only.cover?.messageId, s.coverId);
  assert.deepEqual(only.patches.map((p) => p.index), [1, 2]);
  assert.equal(only.total, 2);
  assert.equal(r.stats.patches, 2);
  assert.deepEqual(r.findings.filter((f) => JSON.stringify(f).includes('frob_interdiff')), [], 'the interdiff was not analysed');
});

test('v2 patches answering v1 that arrive before their own cover letter: the cover joins them, a series of its own (no reroll)', async () => {
  const one = rerollV1();
  const cover2 = '<pr.v2.0@example.org>';
  const p = (n: number) => patchMail({ subject: `[PATCH v2 ${n}/5] gpio: frob: step ${n}`, messageId: `<pr.v2.${n}@example.org>`, inReplyTo: cover2, references: [one.ids[4] as string], date: at(60 + n), path: `drivers/gpio/gpio-frob${n}.c` });
  const cover = coverMail({ subject: '[PATCH v2 0/5] gpio: frob: exports', messageId: cover2, inReplyTo: one.ids[4], references: [one.ids[4] as string], date: at(60) });
  const r = await checkBytes(Buffer.from(mbox(...one.mails, p(2), p(1), p(3), p(4), p(5), cover)), 'ooo.mbox');
  assert.deepEqual(r.series.map((s) => [s.revision, s.cover?.messageId, s.patches.length, s.rerollOf, s.patches.some((x) => x.fromRevision !== undefined)]), [[1, one.coverId, 5, undefined, false], [2, cover2, 5, undefined, false]]);
});

test("b4's change-id footer is kept on the series (and names it), for every revision", async () => {
  const a = makeSeries({ tag: 'cid1', n: 1 });
  const b = makeSeries({ tag: 'cid2', n: 1, version: 2, date: at(120) });
  const footer = (cover: string) => cover.replace('-- \n2.39.2', '---\nbase-commit: 0123456789abcdef0123456789abcdef01234567\nchange-id: 20240304-frob-1a2b3c4d5e6f\n\n-- \n2.39.2');
  const r = await checkBytes(Buffer.from(mbox(footer(a.cover), ...a.patches, footer(b.cover), ...b.patches)), 'cid.mbox');
  assert.deepEqual(r.series.map((s) => [s.revision, s.changeId, s.key, s.baseCommit]), [
    [1, '20240304-frob-1a2b3c4d5e6f', 'change-id:20240304-frob-1a2b3c4d5e6f', '0123456789abcdef0123456789abcdef01234567'],
    [2, '20240304-frob-1a2b3c4d5e6f', 'change-id:20240304-frob-1a2b3c4d5e6f', '0123456789abcdef0123456789abcdef01234567'],
  ]);
});
