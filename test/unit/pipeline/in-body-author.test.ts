/**
 * Who wrote the patch: a record keeps the in-body From:/Subject:/Date:, the assembled series
 * credit the in-body author and still name the sender, and series keys and subject markers
 * keep going by the sender.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SeriesAssembler } from '../../../src/mail/series.js';
import type { MessageRecord } from '../../../src/model/record.js';
import { recordOf } from '../../support/thread-mail.js';

const DIFF = ['---', 'diff --git a/a.c b/a.c', '--- a/a.c', '+++ b/a.c', '@@ -1 +1,2 @@', ' x', '+y', ''].join('\n');

function mail(id: string, subject: string, minute: number, inBody: string, from = 'Mae Ntainer <maint@example.org>'): string {
  const date = new Date(Date.UTC(2024, 0, 1, 10, minute)).toUTCString();
  return `From: ${from}\nTo: list@vger.kernel.org\nSubject: ${subject}\nDate: ${date}\nMessage-ID: <${id}@example.org>\n\n${inBody}Commit text.\n\nSigned-off-by: X <x@example.org>\n${DIFF}`;
}

async function assemble(raws: string[]) {
  const records: MessageRecord[] = [];
  for (const [i, raw] of raws.entries()) records.push({ ...(await recordOf(raw)), index: i });
  const a = new SeriesAssembler();
  for (const r of records) a.add(r);
  return { records, series: a.finish().series };
}

test('a series forwarded by a maintainer: patch authors from the body, the sender kept, markers and key by the sender', async () => {
  const forwarded = await assemble([
    mail('p1', '[PATCH 1/2] gpio: one', 0, 'From: =?UTF-8?q?Zo=C3=AB?= Hacker <zoe@example.org>\n\n'),
    mail('p2', '[PATCH 2/2] gpio: two', 3, 'From: Bob Dev <bob@example.org>\n\n'),
  ]);
  assert.deepEqual(forwarded.records[0]?.inBody, { from: { name: 'Zoë Hacker', address: 'zoe@example.org' } });
  assert.equal(forwarded.records[0]?.author, 'Mae Ntainer <maint@example.org>');
  assert.equal(forwarded.series.length, 1, 'no threading: joined by subject markers, same sender');
  const s = forwarded.series[0]!;
  assert.deepEqual([s.author, s.sender], ['Zoë Hacker <zoe@example.org>', 'Mae Ntainer <maint@example.org>']);
  assert.deepEqual(s.patches.map((p) => [p.author, p.sender]), [
    ['Zoë Hacker <zoe@example.org>', 'Mae Ntainer <maint@example.org>'],
    ['Bob Dev <bob@example.org>', 'Mae Ntainer <maint@example.org>'],
  ]);
  // The same mails without in-body headers: the same series key (it goes by the sender).
  const plain = await assemble([mail('p1', '[PATCH 1/2] gpio: one', 0, ''), mail('p2', '[PATCH 2/2] gpio: two', 3, '')]);
  assert.equal(plain.series[0]?.key, s.key);
  assert.equal(plain.series[0]?.author, 'Mae Ntainer <maint@example.org>');
  assert.equal(plain.records[0]?.inBody, undefined);
});

test('in-body Subject: and Date: give the patch title and author date; the mail subject and date stay', async () => {
  const { series } = await assemble([
    mail('r1', '[PATCH RESEND] gpio: resent title', 0, 'From: Zoë Hacker <zoe@example.org>\nSubject: [PATCH] gpio: the\n  original title\nDate: Tue, 5 Dec 2023 08:30:00 +0100\n\n'),
  ]);
  const p = series[0]!.patches[0]!;
  assert.equal(p.subject, '[PATCH RESEND] gpio: resent title');
  assert.equal(p.title, 'gpio: the original title');
  assert.equal(p.authorDate, '2023-12-05T07:30:00.000Z');
  assert.equal(p.date, '2024-01-01T10:00:00.000Z');
  assert.equal(series[0]!.subject, 'gpio: resent title');
});

test('a reply opening with From: is a comment: no in-body author is kept', async () => {
  const r = await recordOf(mail('c1', 'Re: [PATCH 1/2] gpio: one', 5, 'From: Zoë Hacker <zoe@example.org>\n\n', 'Rev Iewer <rev@example.org>'));
  assert.equal(r.kind, 'comment');
  assert.equal(r.inBody, undefined);
});

test('an in-body Date: that cannot be parsed: no author date, an input/bad-date warning naming the mail', async () => {
  const r = await recordOf(mail('d1', '[PATCH] gpio: one', 0, 'From: Zoë Hacker <zoe@example.org>\nDate: the day before yesterday\n\n'));
  assert.deepEqual(r.inBody, { from: { name: 'Zoë Hacker', address: 'zoe@example.org' } });
  assert.deepEqual(r.problems.map((p) => [p.kind, p.fatal]), [['bad-date', false]]);
  assert.match(r.problems[0]?.message ?? '', /^<d1@example\.org>: its in-body Date: "the day before yesterday" cannot be parsed/);
});
