import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SeriesAssembler } from '../../../src/mail/series.js';
import type { Series } from '../../../src/model/series.js';
import { parseSubject } from '../../../src/mail/subject.js';
import { checkPaths as runCheck, type CheckResult } from '../../support/check.js';
import type { MessageRecord } from '../../../src/model/record.js';
import { AUTHOR, BASE_DATE, coverMail, makeSeries, patchMail, put, replyMail, withTmp } from '../support/mail.js';

// ---- direct: MessageRecord-like objects -------------------------------------------------

let nextIndex = 0;
function rec(r: { messageId: string; subject: string; date?: string; from?: string; inReplyTo?: string; references?: string[]; hasDiff?: boolean }): MessageRecord {
  const parsedSubject = parseSubject(r.subject);
  const hasDiff = r.hasDiff ?? (!parsedSubject.isReply && parsedSubject.index !== 0);
  const kind = parsedSubject.isReply ? 'comment' : hasDiff ? 'patch' : parsedSubject.index === 0 ? 'cover' : 'comment';
  const addr = r.from ?? 'jane@example.org';
  return {
    index: nextIndex++,
    source: 'mem',
    offset: 0,
    messageId: r.messageId,
    messageIdDerived: false,
    author: `Someone <${addr}>`,
    authorAddress: addr,
    date: r.date ?? BASE_DATE.toISOString(),
    subject: r.subject,
    parsedSubject,
    inReplyTo: r.inReplyTo ?? null,
    references: r.references ?? (r.inReplyTo ? [r.inReplyTo] : []),
    kind,
    hasDiff,
    automated: null,
    files: hasDiff ? [{ path: 'drivers/gpio/gpio-frob.c', status: 'modified', additions: 1, deletions: 0, binary: false }] : [],
    changeId: null,
    problems: [],
  };
}

const at = (min: number): string => new Date(BASE_DATE.getTime() + min * 60_000).toISOString();

function assemble(records: MessageRecord[]) {
  const a = new SeriesAssembler();
  for (const r of records) a.add(r);
  return a.finish();
}

const ids = (s: Series | undefined): string[] => (s ? s.patches.map((p) => p.messageId) : []);

test('records: cover + 3 patches make one complete series', () => {
  const out = assemble([
    rec({ messageId: '<c@x>', subject: '[PATCH 0/3] gpio: frob: tidy', date: at(0) }),
    rec({ messageId: '<1@x>', subject: '[PATCH 1/3] gpio: frob: a', inReplyTo: '<c@x>', date: at(1) }),
    rec({ messageId: '<2@x>', subject: '[PATCH 2/3] gpio: frob: b', inReplyTo: '<c@x>', date: at(1) }),
    rec({ messageId: '<3@x>', subject: '[PATCH 3/3] gpio: frob: c', inReplyTo: '<c@x>', date: at(2) }),
  ]);
  assert.equal(out.series.length, 1);
  const s = out.series[0] as Series;
  assert.equal(s.complete, true);
  assert.deepEqual(s.cover, { messageId: '<c@x>', subject: '[PATCH 0/3] gpio: frob: tidy' });
  assert.deepEqual(ids(s), ['<1@x>', '<2@x>', '<3@x>']);
  assert.equal(s.subject, 'gpio: frob: tidy');
  assert.equal(s.total, 3);
  assert.deepEqual(out.duplicates, []);
  assert.deepEqual(out.orphans, []);
});

test('records: unthreaded patches join by subject markers within 20 minutes, not after', () => {
  const near = assemble([
    rec({ messageId: '<n1@x>', subject: '[PATCH 1/2] gpio: frob: a', date: at(0) }),
    rec({ messageId: '<n2@x>', subject: '[PATCH 2/2] gpio: frob: b', date: at(10) }),
  ]);
  assert.equal(near.series.length, 1);
  assert.equal(near.series[0]?.complete, true);
  const far = assemble([
    rec({ messageId: '<f1@x>', subject: '[PATCH 1/2] gpio: frob: a', date: at(0) }),
    rec({ messageId: '<f2@x>', subject: '[PATCH 2/2] gpio: frob: b', date: at(120) }),
  ]);
  assert.equal(far.series.length, 2);
  assert.deepEqual(
    far.series.map((s) => [s.complete, s.missing]),
    [
      [false, [{ from: 2, to: 2 }]],
      [false, [{ from: 1, to: 1 }]],
    ],
  );
  const otherSender = assemble([
    rec({ messageId: '<o1@x>', subject: '[PATCH 1/2] gpio: frob: a', date: at(0) }),
    rec({ messageId: '<o2@x>', subject: '[PATCH 2/2] gpio: frob: b', date: at(1), from: 'someone-else@example.com' }),
  ]);
  assert.equal(otherSender.series.length, 2);
});

test('records: a duplicate Message-ID is listed in duplicates and not stored twice', () => {
  const p1 = rec({ messageId: '<1@x>', subject: '[PATCH 1/2] gpio: frob: a', inReplyTo: '<c@x>', date: at(1) });
  const out = assemble([
    rec({ messageId: '<c@x>', subject: '[PATCH 0/2] gpio: frob: tidy', date: at(0) }),
    p1,
    { ...p1, index: nextIndex++ },
    rec({ messageId: '<2@x>', subject: '[PATCH 2/2] gpio: frob: b', inReplyTo: '<c@x>', date: at(2) }),
    rec({ messageId: '<c@x>', subject: '[PATCH 0/2] gpio: frob: tidy', date: at(0) }),
  ]);
  assert.equal(out.series.length, 1);
  assert.deepEqual(ids(out.series[0]), ['<1@x>', '<2@x>']);
  assert.deepEqual(out.duplicates, ['<1@x>', '<c@x>']);
});

test('records: a patch number already taken starts a new series', () => {
  const out = assemble([
    rec({ messageId: '<c@x>', subject: '[PATCH 0/2] gpio: frob: tidy', date: at(0) }),
    rec({ messageId: '<1@x>', subject: '[PATCH 1/2] gpio: frob: a', inReplyTo: '<c@x>', date: at(1) }),
    rec({ messageId: '<1b@x>', subject: '[PATCH 1/2] gpio: frob: a', inReplyTo: '<c@x>', date: at(3) }),
  ]);
  assert.equal(out.series.length, 2);
  assert.deepEqual(
    out.series.map(ids),
    [['<1@x>'], ['<1b@x>']],
  );
});

test('records: a comment whose thread is not in the input is an orphan', () => {
  const out = assemble([rec({ messageId: '<r@x>', subject: 'Re: [PATCH 1/2] gpio: frob: a', inReplyTo: '<not-here@x>' })]);
  assert.deepEqual(out.series, []);
  assert.deepEqual(out.orphans, ['<r@x>']);
});

// ---- through runCheck, real mails --------------------------------------------------------

async function check(dir: string, name: string, mails: string[], jobs = 1): Promise<CheckResult> {
  const f = await put(dir, name, mails.join(''));
  return runCheck([f], { jobs });
}

/** git send-email --chain-reply-to: every patch answers the previous one. */
function deepSeries(tag: string, n: number, opts: { date?: Date } = {}): { mails: string[]; ids: string[] } {
  const t0 = (opts.date ?? BASE_DATE).getTime();
  const idsOut = [`<${tag}.0@example.org>`];
  const mails = [coverMail({ subject: `[PATCH 0/${n}] spi: frob: rework the FIFO handling`, messageId: idsOut[0], date: new Date(t0) })];
  for (let i = 1; i <= n; i++) {
    const id = `<${tag}.${i}@example.org>`;
    mails.push(
      patchMail({
        subject: `[PATCH ${i}/${n}] spi: frob: FIFO step ${i}`,
        messageId: id,
        date: new Date(t0 + i * 1000),
        inReplyTo: idsOut[i - 1],
        references: [...idsOut],
        path: `drivers/spi/spi-frob-${i}.c`,
      }),
    );
    idsOut.push(id);
  }
  return { mails, ids: idsOut };
}

test('deep threading (each patch replies to the previous): one complete series', async () => {
  await withTmp(async (dir) => {
    const d = deepSeries('deep', 5);
    const r = await check(dir, 'deep.mbox', d.mails);
    assert.equal(r.series.length, 1);
    const s = r.series[0] as Series;
    assert.equal(s.complete, true);
    assert.equal(s.cover?.messageId, d.ids[0]);
    assert.deepEqual(ids(s), d.ids.slice(1));
    assert.deepEqual(
      s.patches.map((p) => p.files[0]?.path),
      [1, 2, 3, 4, 5].map((i) => `drivers/spi/spi-frob-${i}.c`),
    );
  });
});

test('deep threading without a cover, In-Reply-To only (no References): still one series', async () => {
  await withTmp(async (dir) => {
    const mails: string[] = [];
    for (let i = 1; i <= 3; i++) {
      mails.push(
        patchMail({
          subject: `[PATCH ${i}/3] spi: frob: step ${i}`,
          messageId: `<nc.${i}@example.org>`,
          date: new Date(BASE_DATE.getTime() + i * 3_600_000),
          ...(i > 1 ? { inReplyTo: `<nc.${i - 1}@example.org>`, references: [] } : {}),
        }),
      );
    }
    const r = await check(dir, 'nc.mbox', mails);
    assert.equal(r.series.length, 1, 'patches hours apart join through threading alone');
    assert.equal(r.series[0]?.complete, true);
    assert.equal(r.series[0]?.cover, null);
  });
});

test('out-of-order arrival (patches before their cover, 3 before 1): the same series as in order', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'ooo', n: 3 });
    const inOrder = await check(dir, 'in.mbox', [s.cover, ...s.patches]);
    const shuffled = await check(dir, 'ooo.mbox', [s.patches[2] as string, s.patches[0] as string, s.cover, s.patches[1] as string]);
    assert.equal(shuffled.series.length, 1);
    const x = shuffled.series[0] as Series;
    assert.equal(x.complete, true);
    assert.equal(x.cover?.messageId, s.coverId);
    assert.deepEqual(ids(x), s.patchIds);
    assert.equal(x.key, inOrder.series[0]?.key);
    assert.equal(x.subject, 'gpio: frob: harden offset handling');
    assert.equal(x.author, AUTHOR);
  });
});

test('out-of-order arrival: series date is the cover letter\'s date, as in order', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'ooo-date', n: 3 });
    const inOrder = await check(dir, 'in.mbox', [s.cover, ...s.patches]);
    const shuffled = await check(dir, 'ooo.mbox', [s.patches[2] as string, s.patches[0] as string, s.cover, s.patches[1] as string]);
    assert.equal(inOrder.series[0]?.date, BASE_DATE.toISOString());
    assert.equal(shuffled.series[0]?.date, BASE_DATE.toISOString());
  });
});

test('a duplicate Message-ID (overlapping archives) is counted in duplicates, not doubled', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'dup' });
    const a = await put(dir, 'a.mbox', [s.cover, s.patches[0]].join(''));
    const b = await put(dir, 'b.mbox', [s.patches[0], s.patches[1]].join(''));
    for (const jobs of [1, 2]) {
      const r = await runCheck([a, b], { jobs });
      assert.equal(r.series.length, 1);
      assert.deepEqual(ids(r.series[0]), s.patchIds);
      assert.equal(r.series[0]?.complete, true);
      assert.deepEqual(r.stats.duplicates, [s.patchIds[0]]);
      assert.equal(r.stats.patches + r.stats.comments + 1, r.stats.messages, `jobs ${jobs}`);
    }
  });
});

test('v1 missing its last patch, then v2: two series, same key, revisions 1 and 2', async () => {
  await withTmp(async (dir) => {
    const v1 = makeSeries({ tag: 'v1', n: 3 });
    const v2 = makeSeries({ tag: 'v2', n: 3, version: 2, date: new Date(BASE_DATE.getTime() + 86_400_000) });
    const r = await check(dir, 'versions.mbox', [v1.cover, v1.patches[0] as string, v1.patches[1] as string, v2.cover, ...v2.patches]);
    assert.equal(r.series.length, 2);
    const [a, b] = r.series as [Series, Series];
    assert.equal(a.revision, 1);
    assert.equal(a.versionInferred, true);
    assert.equal(a.complete, false);
    assert.deepEqual(a.missing, [{ from: 3, to: 3 }]);
    assert.deepEqual(ids(a), v1.patchIds.slice(0, 2));
    assert.equal(b.revision, 2);
    assert.equal(b.versionInferred, false);
    assert.equal(b.complete, true);
    assert.deepEqual(b.missing, []);
    assert.deepEqual(ids(b), v2.patchIds);
    assert.equal(a.key, b.key, 'v1 and v2 share the key');
    assert.match(a.key, /^s-[0-9a-f]{16}$/);
  });
});

test('replies attach to the patch they answer; a reply to a reply resolves to the patch', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'rep' });
    const p1 = s.patchIds[0] as string;
    const r1 = replyMail({ subject: 'Re: [PATCH 1/2] gpio: frob: step 1 of rep', messageId: '<rep-r1@example.net>', inReplyTo: p1, references: [s.coverId, p1] });
    const r2 = replyMail({
      subject: 'Re: [PATCH 1/2] gpio: frob: step 1 of rep',
      messageId: '<rep-r2@example.org>',
      from: AUTHOR,
      inReplyTo: '<rep-r1@example.net>',
      references: [s.coverId, p1, '<rep-r1@example.net>'],
    });
    // In-Reply-To only, no References: resolved through the reply it answers.
    const r3 = replyMail({ subject: 'Re: [PATCH 1/2] gpio: frob: step 1 of rep', messageId: '<rep-r3@example.net>', inReplyTo: '<rep-r2@example.org>', references: [] });
    const rc = replyMail({ subject: 'Re: [PATCH 0/2] gpio: frob: harden offset handling', messageId: '<rep-rc@example.net>', inReplyTo: s.coverId });
    const r = await check(dir, 'replies.mbox', [s.cover, s.patches[0] as string, r1, s.patches[1] as string, r2, r3, rc]);
    assert.equal(r.series.length, 1);
    const x = r.series[0] as Series;
    assert.equal(x.complete, true);
    assert.deepEqual(
      x.replies.map((y) => [y.messageId, y.parent]),
      [
        ['<rep-r1@example.net>', p1],
        ['<rep-r2@example.org>', p1],
        ['<rep-r3@example.net>', p1],
        ['<rep-rc@example.net>', s.coverId],
      ],
    );
    assert.deepEqual(
      x.patches.map((p) => p.replies),
      [3, 0],
    );
    assert.deepEqual(r.stats.orphans, []);
    assert.equal(r.stats.comments, 4);
  });
});

test('a reply arriving before the patch it answers still attaches to it (its thread is in the input)', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'early' });
    const early = replyMail({ subject: 'Re: [PATCH 2/2] gpio: frob: step 2 of early', messageId: '<early-r@example.net>', inReplyTo: s.patchIds[1] });
    const r = await check(dir, 'early.mbox', [early, s.cover, ...s.patches]);
    assert.equal(r.series[0]?.complete, true);
    assert.deepEqual(r.stats.orphans, []);
    assert.deepEqual(
      r.series[0]?.replies.map((y) => [y.messageId, y.parent]),
      [['<early-r@example.net>', s.patchIds[1]]],
    );
  });
});

test('RESEND with identical subjects 2 hours later: a separate series, mails not mixed', async () => {
  await withTmp(async (dir) => {
    const first = makeSeries({ tag: 'send1' });
    const later = new Date(BASE_DATE.getTime() + 2 * 3_600_000);
    // Same subjects (re-sent with git send-email, new Message-IDs), threaded to their own cover.
    const again = makeSeries({ tag: 'send1', date: later });
    const rename = (m: string) => m.replace(/<send1\.(\d)@example\.org>/g, '<send2.$1@example.org>');
    const resent = [again.cover, ...again.patches].map(rename);
    const r = await check(dir, 'resend.mbox', [first.cover, ...first.patches, ...resent]);
    assert.equal(r.series.length, 2);
    const [a, b] = r.series as [Series, Series];
    assert.deepEqual(ids(a), first.patchIds);
    assert.deepEqual(ids(b), ['<send2.1@example.org>', '<send2.2@example.org>']);
    assert.equal(a.cover?.messageId, '<send1.0@example.org>');
    assert.equal(b.cover?.messageId, '<send2.0@example.org>');
    assert.ok(a.complete && b.complete);
    assert.equal(a.revision, b.revision);
    assert.notEqual(a.key, b.key, 'same key and revision twice: told apart');
    assert.ok(b.key.startsWith(a.key), `${b.key} is ${a.key} with a suffix`);
  });
});

test('RESEND of unthreaded patches with identical subjects 2 hours later: separate series', async () => {
  await withTmp(async (dir) => {
    const mk = (tag: string, t0: number) =>
      [1, 2].map((i) => patchMail({ subject: `[PATCH ${i}/2] i2c: frob: fix clock stretching`, messageId: `<${tag}.${i}@example.org>`, date: new Date(t0 + i * 1000) }));
    const r = await check(dir, 'resend2.mbox', [...mk('u1', BASE_DATE.getTime()), ...mk('u2', BASE_DATE.getTime() + 2 * 3_600_000)]);
    assert.equal(r.series.length, 2);
    assert.deepEqual(
      r.series.map(ids),
      [
        ['<u1.1@example.org>', '<u1.2@example.org>'],
        ['<u2.1@example.org>', '<u2.2@example.org>'],
      ],
    );
    assert.ok(r.series.every((s) => s.complete));
  });
});

test('series keys are stable across runs, job counts and input order', async () => {
  await withTmp(async (dir) => {
    const v1 = makeSeries({ tag: 'k1', n: 3 });
    const v2 = makeSeries({ tag: 'k2', n: 3, version: 2, date: new Date(BASE_DATE.getTime() + 86_400_000) });
    const other = makeSeries({ tag: 'k3', title: 'pinctrl: frob: add the second bank', date: new Date(BASE_DATE.getTime() + 3_600_000) });
    const dupFirst = makeSeries({ tag: 'k4', title: 'pinctrl: frob: sent twice', date: new Date(BASE_DATE.getTime() + 7_200_000) });
    const dupAgain = makeSeries({ tag: 'k5', title: 'pinctrl: frob: sent twice', date: new Date(BASE_DATE.getTime() + 7_200_000 + 30 * 60_000) });
    const mails = [v1.cover, ...v1.patches, v2.cover, ...v2.patches, other.cover, ...other.patches, dupFirst.cover, ...dupFirst.patches, dupAgain.cover, ...dupAgain.patches];
    const summary = (r: CheckResult) =>
      r.series
        .map((s) => `${s.key}@${s.revision} cover=${s.cover?.messageId} ${ids(s).join(',')}`)
        .sort();
    const a = summary(await check(dir, 'a.mbox', mails));
    const again = summary(await check(dir, 'a2.mbox', mails));
    const reversed = summary(await check(dir, 'rev.mbox', [...mails].reverse()));
    const threaded = summary(await check(dir, 'j2.mbox', mails, 2));
    assert.equal(a.length, 5);
    assert.deepEqual(again, a);
    assert.deepEqual(reversed, a);
    assert.deepEqual(threaded, a);
    // The same-key-same-revision pair is told apart by date, whatever the input order.
    assert.ok(a.some((l) => l.includes('~2') && l.includes('<k5.0@example.org>')), a.join('\n'));
    // Keys are content-derived: a fixed value for fixed input (sender + normalised title).
    assert.equal(new Set(a.map((l) => l.split('@')[0])).size, 4);
  });
});

test('series key of v2 with a trailing "(v2)" in the title equals v1\'s', async () => {
  await withTmp(async (dir) => {
    const v1 = makeSeries({ tag: 't1', title: 'gpio: frob: add wakeup support' });
    const v2 = makeSeries({ tag: 't2', title: 'gpio: frob: add wakeup support (v2)', date: new Date(BASE_DATE.getTime() + 86_400_000) });
    const r = await check(dir, 'tv.mbox', [v1.cover, ...v1.patches, v2.cover, ...v2.patches]);
    assert.equal(r.series.length, 2);
    assert.equal(r.series[0]?.key, r.series[1]?.key);
  });
});

test('a thread of 5,000 replies delivered newest first, its patch last: every reply finds the patch', () => {
  const n = 5000;
  const mails: MessageRecord[] = [];
  for (let i = n; i >= 1; i--) {
    const parent = i === 1 ? '<chain-patch@x>' : `<chain-${i - 1}@x>`;
    mails.push(rec({ messageId: `<chain-${i}@x>`, subject: 'Re: [PATCH] gpio: frob: chain', inReplyTo: parent }));
  }
  mails.push(rec({ messageId: '<lost-2@x>', subject: 'Re: [PATCH] gpio: frob: other', inReplyTo: '<lost-1@x>' }));
  mails.push(rec({ messageId: '<chain-patch@x>', subject: '[PATCH] gpio: frob: chain' }));
  const a = new SeriesAssembler();
  for (const m of mails) a.add(m);
  const out = a.finish();
  assert.equal(out.series.length, 1);
  const replies = out.series[0]?.replies ?? [];
  assert.equal(replies.length, n);
  assert.ok(replies.every((r) => r.parent === '<chain-patch@x>'));
  assert.deepEqual(replies.slice(0, 2).map((r) => r.messageId), ['<chain-1@x>', '<chain-2@x>'], 'answered in thread order');
  assert.deepEqual(out.orphans, ['<lost-2@x>']);
});
