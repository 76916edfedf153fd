/**
 * Issue 16's input cases, each of which failed on main before: reports that depended on the
 * clock, patches lost to a repeated Message-ID, series called complete with patches missing,
 * a counter of 99,999 listing 99,998 missing numbers, and one warning per local format-patch mail.
 */
import { Readable } from 'node:stream';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../../src/model/finding.js';
import { checkPaths as runCheck, type CheckResult } from '../../support/check.js';
import { ARCHIVE_ENVELOPE, BASE_DATE, makeSeries, mboxDate, patchMail, put, replyMail, withTmp } from '../support/mail.js';

async function both(path: string): Promise<CheckResult> {
  const one = await runCheck([path], { jobs: 1 });
  const two = await runCheck([path], { jobs: 2 });
  assert.deepEqual({ series: two.series, findings: two.findings }, { series: one.series, findings: one.findings }, 'jobs 2 must agree with jobs 1');
  return one;
}

const rules = (r: CheckResult, ruleId: string): Finding[] => r.findings.filter((f) => f.ruleId === ruleId);

test('an unparseable Date: is not replaced by the clock: dated by the mbox From line, else undated, and said', async () => {
  await withTmp(async (dir) => {
    const bad = (subject: string, envelope: string): string =>
      patchMail({ subject, messageId: `<${subject.length}.date@example.org>`, envelope }).replace(`Date: ${mboxDate(BASE_DATE)}`, 'Date: Mon, 32 Foo 2023 25:61:00 +0000');
    const f = await put(dir, 'dates.mbox', bad('[PATCH] gpio: frob: dated by the envelope', 'From jane at example.org  Thu Mar 16 09:19:48 2023') + bad('[PATCH] gpio: frob: no date at all', ARCHIVE_ENVELOPE));
    const first = await both(f);
    await new Promise((r) => setTimeout(r, 1100));
    const again = await both(f);
    assert.deepEqual(again, first, 'the same input must give the same report, whenever it runs');
    const dates = first.series.map((s) => [s.subject, s.date]);
    assert.deepEqual(dates, [
      ['gpio: frob: dated by the envelope', '2023-03-16T09:19:48.000Z'],
      ['gpio: frob: no date at all', null],
    ]);
    const said = rules(first, 'input/bad-date');
    assert.equal(said.length, 2);
    assert.ok(said.every((x) => x.severity === 'warning' && x.message.includes('Mon, 32 Foo 2023')), JSON.stringify(said));
    assert.match(said[0]?.message ?? '', /dated 2023-03-16T09:19:48\.000Z by its mbox From line/);
    assert.match(said[1]?.message ?? '', /left undated/);
  });
});

test('a patch reusing an earlier reply\'s Message-ID is kept, in its series, and the repeat is said', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'dup', n: 2 });
    const reply = replyMail({ subject: 'Re: [PATCH 0/2] gpio: frob: harden offset handling', messageId: '<shared@example.org>', inReplyTo: s.coverId });
    const patch = (s.patches[1] as string).replace('Message-ID: <dup.2@example.org>', 'Message-ID: <shared@example.org>');
    const f = await put(dir, 'dup.mbox', s.cover + (s.patches[0] as string) + reply + patch);
    const r = await both(f);
    assert.equal(r.series.length, 1);
    const only = r.series[0];
    assert.deepEqual(only?.patches.map((p) => [p.index, p.messageId]), [[1, '<dup.1@example.org>'], [2, '<shared@example.org>']]);
    assert.equal(only?.complete, true);
    assert.deepEqual(only?.replies, [], 'the reply copy is not also a reply');
    assert.deepEqual(r.stats.duplicates, ['<shared@example.org>']);
    const said = rules(r, 'input/duplicate-message-id');
    assert.equal(said.length, 1);
    assert.equal(said[0]?.severity, 'warning');
    assert.equal(said[0]?.subject.patch, 2);
    assert.match(said[0]?.message ?? '', /kept the patch at byte \d+ .* dropped the comment/);
  });
});

test('the same mail twice (overlapping archives): kept once, an info note, nothing else', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'twice', n: 1 });
    const f = await put(dir, 'twice.mbox', s.cover + (s.patches[0] as string) + (s.patches[0] as string));
    const r = await both(f);
    assert.equal(r.series.length, 1);
    assert.equal(r.series[0]?.complete, true);
    assert.deepEqual(r.findings.map((x) => [x.ruleId, x.severity]), [['input/duplicate-message-id', 'info']]);
  });
});

test('odd counters: complete only when every number 1..N arrived, extras kept, N bounded, missing numbers as ranges', async () => {
  await withTmp(async (dir) => {
    const mails = [
      patchMail({ subject: '[PATCH 3/0] gpio: frob: three of zero', messageId: '<c30@example.org>' }),
      patchMail({ subject: '[PATCH 1/99999] gpio: frob: one of many', messageId: '<c1many@example.org>' }),
      patchMail({ subject: '[PATCH 99999/99999] gpio: frob: last of many', messageId: '<cmany@example.org>' }),
      patchMail({ subject: '[PATCH 1/5000] gpio: frob: one of five thousand', messageId: '<c1of5k@example.org>' }),
      patchMail({ subject: '[PATCH v0 1/2] gpio: frob: version zero', messageId: '<cv0@example.org>' }),
      patchMail({ subject: '[PATCH 0/0] gpio: frob: zero of zero', messageId: '<c00@example.org>', date: new Date(BASE_DATE.getTime() + 7_200_000) }),
    ];
    const s = makeSeries({ tag: 'five', n: 3 });
    const five = (s.patches[2] as string).replace('[PATCH 3/3]', '[PATCH 5/3]');
    const f = await put(dir, 'counters.mbox', mails.join('') + s.cover + (s.patches[0] as string) + (s.patches[1] as string) + five);
    const r = await both(f);
    const by = (id: string) => r.series.find((x) => x.patches.some((p) => p.messageId === id));
    const shape = (id: string) => {
      const x = by(id);
      return x && { total: x.total, complete: x.complete, missing: x.missing, patches: x.patches.map((p) => p.index) };
    };
    assert.deepEqual(shape('<c30@example.org>'), { total: 1, complete: false, missing: [{ from: 1, to: 1 }], patches: [3] });
    assert.deepEqual(shape('<c1many@example.org>'), { total: 1, complete: true, missing: [], patches: [1] });
    assert.deepEqual(shape('<cmany@example.org>'), { total: 1, complete: true, missing: [], patches: [1] });
    assert.deepEqual(shape('<c1of5k@example.org>'), { total: 5000, complete: false, missing: [{ from: 2, to: 5000 }], patches: [1] });
    assert.deepEqual(shape('<cv0@example.org>'), { total: 2, complete: false, missing: [{ from: 2, to: 2 }], patches: [1] });
    assert.equal(by('<c00@example.org>')?.complete, false);
    assert.deepEqual(shape(s.patchIds[0] as string), { total: 3, complete: false, missing: [{ from: 3, to: 3 }], patches: [1, 2, 5] });
    // Every complete series holds every number 1..total.
    for (const x of r.series) if (x.complete) assert.deepEqual(x.patches.map((p) => p.index).filter((i) => i >= 1 && i <= x.total), Array.from({ length: x.total }, (_, i) => i + 1), x.subject);
    // Every mail with a diff is a patch of exactly one series.
    const held = r.series.flatMap((x) => x.patches.map((p) => p.messageId));
    assert.equal(new Set(held).size, held.length);
    assert.equal(held.length, r.stats.patches);
    const counters = rules(r, 'input/bad-counter').map((x) => x.subject.messageId).sort();
    assert.deepEqual(counters, ['<c1many@example.org>', '<c30@example.org>', '<cmany@example.org>', s.patchIds[2]].sort());
  });
});

test('local git format-patch output without Message-IDs: one info note for the run, not a warning per mail', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'local', n: 3 });
    const strip = (m: string) => m.replace(/^Message-ID: .*\n/m, '');
    const f = await put(dir, 'local.mbox', [s.cover, ...s.patches].map(strip).join(''));
    const r = await both(f);
    assert.deepEqual(r.findings.map((x) => [x.ruleId, x.severity, x.data?.count]), [['input/no-message-ids', 'info', 4]]);
    assert.equal(r.series.length, 1, 'threading falls back to the subject markers');
    assert.equal(r.series[0]?.complete, true);
    // Archive mail without a Message-ID is still a warning of its own.
    const g = await put(dir, 'archive.mbox', patchMail({ subject: '[PATCH] gpio: frob: archived', messageId: null, envelope: ARCHIVE_ENVELOPE }));
    assert.deepEqual((await both(g)).findings.map((x) => [x.ruleId, x.severity]), [['input/missing-message-id', 'warning']]);
  });
});

test('the notes for repeated ids, missing ids and local patches do not depend on where the mail was read from (found by fuzzing)', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'where', n: 2 });
    const local = (s.patches[1] as string).replace(/^Message-ID: .*\n/m, '');
    const archived = patchMail({ subject: '[PATCH] gpio: frob: archived without id', messageId: null, envelope: ARCHIVE_ENVELOPE });
    const text = s.cover + (s.patches[0] as string) + (s.patches[0] as string) + local + archived;
    const a = await put(dir, 'a.mbox', text);
    const b = await put(dir, 'elsewhere.mbox', text);
    const fromStdin = await runCheck(['-'], { jobs: 1, stdin: Readable.from([Buffer.from(text)]) });
    const prints = (r: CheckResult) => r.findings.map((f) => [f.ruleId, f.fingerprint]);
    const first = prints(await runCheck([a], { jobs: 1 }));
    assert.deepEqual(first.map(([rule]) => rule).sort(), ['input/duplicate-message-id', 'input/missing-message-id', 'input/no-message-ids']);
    assert.deepEqual(prints(await runCheck([b], { jobs: 1 })), first);
    assert.deepEqual(prints(fromStdin), first);
  });
});
