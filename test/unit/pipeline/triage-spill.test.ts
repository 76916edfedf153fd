/**
 * `kvetch check` spills records and findings to temporary files and builds one series at a time
 * (pipeline/triage-stream.ts); the daemon and the app hold them. Both must give the same result,
 * on a thread with versions, a partial reroll, reviews carried across versions, duplicates and
 * bad input, with and without worker threads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { openInputs } from '../../../src/ingest/index.js';
import { triage } from '../../../src/pipeline/triage.js';
import { triageInto } from '../../../src/pipeline/triage-stream.js';
import { SeriesAssembler } from '../../../src/mail/series.js';
import { makeSeries, mbox, patchMail, put, replyMail, withTmp } from '../support/mail.js';
import { at, partialV2, rerollV1 } from '../support/reroll-mails.js';
import { openSpillFiles } from '../../support/open-spills.js';

function thread(): string {
  const v1 = rerollV1();
  const s1 = makeSeries({ tag: 'spl', n: 3 });
  const s2 = makeSeries({ tag: 'spl2', n: 3, version: 2, date: at(600) });
  return mbox(
    ...v1.mails,
    replyMail({ subject: 'Re: [PATCH 1/5] gpio: frob: step 1', messageId: '<rv.1@example.net>', inReplyTo: v1.ids[0], references: [v1.coverId, v1.ids[0] as string], date: at(30) }),
    ...partialV2(v1, 'patch'),
    s1.cover,
    ...s1.patches,
    replyMail({ subject: `Re: ${s1.subjects[1] ?? ''}`, messageId: '<rv.2@example.net>', inReplyTo: s1.patchIds[1], references: [s1.coverId, s1.patchIds[1] as string] }),
    ...s2.patches,
    s2.cover,
    // The same patch twice, and a mail whose Date: cannot be parsed.
    s1.patches[0] as string,
    patchMail({ subject: '[PATCH] misc: lone', messageId: '<lone@example.org>', headers: [], date: at(5) }).replace(/^Date: .*$/m, 'Date: Mon, 32 Foo 2024 99:99:99'),
    // A reply whose thread is not in the input.
    replyMail({ subject: 'Re: [PATCH] gone', messageId: '<orphan@example.net>', inReplyTo: '<gone@example.org>', references: ['<gone@example.org>'] }),
  );
}

test('triage-spill: spilled and held runs give the same series, findings and stats, at --jobs 1 and 2', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'thread.mbox', thread());
    const run = (jobs: number, spill: boolean) => triage(openInputs([file], { env: {}, bases: {} }).items, { jobs, spill, sources: [file] });
    const held = await run(1, false);
    assert.ok(held.series.length >= 4, 'several series');
    assert.ok(held.findings.some((f) => f.versions?.status === 'fixed'), 'a finding fixed in a later version');
    assert.ok(held.findings.some((f) => f.ruleId === 'input/duplicate-message-id'), 'a duplicate');
    assert.ok(held.findings.some((f) => f.ruleId === 'input/bad-date'), 'a bad date');
    assert.ok(held.series.some((s) => s.patches.some((p) => p.fromRevision === 1)), 'a partial reroll');
    assert.ok(held.series.some((s) => s.review && s.review.reviewed > 0), 'a review');
    assert.ok((held.stats.orphans ?? []).length === 1, 'an orphan');
    for (const [jobs, spill] of [[1, true], [2, true], [2, false]] as const) {
      assert.deepEqual(await run(jobs, spill), held, `--jobs ${jobs}, spill ${spill}`);
    }
  });
});

test('triage-spill: the run holds its spill files open (removed from the temp dir at once), and closes them after it', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'thread.mbox', thread());
    const inTmp = (): string[] => readdirSync(tmpdir()).filter((n) => /^kvetch-(records|findings|series)-/.test(n));
    const open = (): string[] => [...openSpillFiles('records'), ...openSpillFiles('findings'), ...openSpillFiles('series')];
    const before = inTmp();
    let during: string[] = [];
    let duringTmp: string[] = [];
    let series = 0;
    await triageInto(openInputs([file], { env: {}, bases: {} }).items, { jobs: 2, spill: true }, {
      start: () => {
        during = open();
        duringTmp = inTmp().filter((n) => !before.includes(n));
      },
      series: () => void series++,
      finding: () => undefined,
    });
    assert.ok(series >= 4);
    assert.deepEqual(duringTmp, [], 'nothing in the temp dir, even during the run');
    if (existsSync('/proc/self/fd')) assert.deepEqual(during.map((t) => /kvetch-(\w+)-/.exec(t)?.[1]).sort(), ['findings', 'records', 'series'], 'the three spills open, deleted');
    assert.deepEqual(open(), [], 'closed after the run');
  });
});

test('triage-spill: a key with many revisions is built once per series, and every revision is analysed', async () => {
  const REVS = 40;
  const mails = Array.from({ length: REVS }, (_, i) =>
    patchMail({ subject: `[PATCH v${i + 1}] gpio: frob: export frob_get`, messageId: `<many.${i + 1}@example.org>`, date: at(i * 60), path: 'drivers/gpio/gpio-frob.c', added: ['EXPORT_SYMBOL_GPL(frob_get);'] }),
  );
  // Counting the builds: plan() wrapped, and called on the assembler it belongs to (apply).
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = SeriesAssembler.prototype.plan;
  let builds = 0;
  SeriesAssembler.prototype.plan = function (this: SeriesAssembler, ...args: Parameters<typeof original>) {
    const plan = original.apply(this, args);
    const build = plan.build;
    plan.build = (e, load) => {
      builds++;
      return build(e, load);
    };
    return plan;
  };
  try {
    await withTmp(async (dir) => {
      const file = await put(dir, 'many.mbox', mbox(...mails));
      for (const spill of [false, true]) {
        builds = 0;
        const r = await triage(openInputs([file], { env: {}, bases: {} }).items, { jobs: 1, spill });
        assert.equal(r.series.length, REVS);
        assert.equal(new Set(r.series.map((s) => s.key)).size, 1, 'one key');
        assert.equal(builds, REVS, `spill ${spill}: one build per series`);
        const exports = r.findings.filter((f) => f.ruleId.startsWith('symbol-exports'));
        assert.deepEqual([...new Set(exports.map((f) => f.subject.revision))].sort((a, b) => a - b), Array.from({ length: REVS }, (_, i) => i + 1), 'every revision analysed');
        assert.ok(exports.some((f) => f.subject.revision === REVS && f.versions?.status === 'still-present' && f.versions.since === 1));
      }
    });
  } finally {
    SeriesAssembler.prototype.plan = original;
  }
});
