/**
 * Issue 17 §4: a mail whose body holds a diff kvetch cannot fully parse is still a patch of its
 * series, with an `input/*` finding naming it; never a comment, never an orphan. Every case of
 * malformed diff below is one numbered patch of one series: the series must hold them all.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkBytes } from '../../support/check.js';
import { coverMail, mbox, patchMail } from '../support/mail.js';

const CASES: Array<[string, string]> = [
  ['a non-git diff whose hunk header is @@@', '--- a/drivers/gpio/gpio-a.c\n+++ b/drivers/gpio/gpio-a.c\n@@@ -1,1 +1,1 @@\n-old\n+new\n'],
  ['a git diff whose hunk counts lie', 'diff --git a/drivers/gpio/gpio-b.c b/drivers/gpio/gpio-b.c\n--- a/drivers/gpio/gpio-b.c\n+++ b/drivers/gpio/gpio-b.c\n@@ -1,5 +1,9 @@\n-old\n+new\n'],
  ['a git diff cut short after its header', 'diff --git a/drivers/gpio/gpio-c.c b/drivers/gpio/gpio-c.c\nindex 1111111..2222222 100644\n--- a/drivers/gpio/gpio-c.c\n'],
  ['a diff --git line with no usable path', 'diff --git garbage\n@@ -1 +1 @@\n-old\n+new\n'],
  ['a non-git diff with a garbage hunk header', '--- a/drivers/gpio/gpio-e.c\n+++ b/drivers/gpio/gpio-e.c\n@@ what @@\n-old\n+new\n'],
  ['a hunk cut in the middle', 'diff --git a/drivers/gpio/gpio-f.c b/drivers/gpio/gpio-f.c\n--- a/drivers/gpio/gpio-f.c\n+++ b/drivers/gpio/gpio-f.c\n@@ -10,6 +10,7 @@ static int f(void)\n \tint a;\n'],
];

const N = CASES.length;
const COVER_ID = '<broken.0@example.org>';
const idOf = (i: number) => `<broken.${i}@example.org>`;

function build(): Buffer {
  const mails = [coverMail({ subject: `[PATCH 0/${N}] gpio: malformed diffs`, messageId: COVER_ID })];
  CASES.forEach(([what, diff], k) => {
    const i = k + 1;
    mails.push(patchMail({ subject: `[PATCH ${i}/${N}] gpio: ${what}`, messageId: idOf(i), inReplyTo: COVER_ID, references: [COVER_ID], date: new Date(Date.UTC(2024, 2, 4, 10, i)), diff }));
  });
  return Buffer.from(mbox(...mails));
}

for (const jobs of [1, 2]) {
  test(`every mail with a diff is a patch of its series, broken diffs included (--jobs ${jobs})`, async () => {
    const r = await checkBytes(build(), 'broken.mbox', { jobs });
    assert.equal(r.stats.patches, N, 'as many patches as mails with a diff');
    assert.equal(r.stats.comments, 0, 'no broken patch counted as a comment');
    assert.deepEqual(r.stats.orphans ?? [], []);
    assert.equal(r.series.length, 1, JSON.stringify(r.series.map((s) => s.subject)));
    const s = r.series[0]!;
    assert.equal(s.cover?.messageId, COVER_ID);
    assert.deepEqual(s.patches.map((p) => p.messageId), CASES.map((_, k) => idOf(k + 1)));
    assert.equal(s.complete, true);
    // Each patch whose diff could not be fully parsed is named by an input finding.
    CASES.forEach(([what], k) => {
      const named = r.findings.filter((f) => f.subject.messageId === idOf(k + 1) && f.ruleId.startsWith('input/diff-'));
      assert.ok(named.length > 0, `${what}: no input/diff-* finding names it; findings: ${JSON.stringify(r.findings.map((f) => [f.ruleId, f.subject.messageId]))}`);
    });
  });
}
