/**
 * Bad input never crashes a run and never loses a message: each bad mail sits between the
 * patches of a good 2-patch series (cover + 2 patches), the run is done in this thread and with
 * worker threads, and both must keep the series whole and report the bad mail by name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Finding } from '../../../src/model/finding.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../../../src/ingest/mbox/split.js';
import { checkPaths as runCheck, type CheckResult } from '../../support/check.js';
import { ARCHIVE_ENVELOPE, AUTHOR, BASE_DATE, makeDiff, makeSeries, mboxDate, patchMail, pseudoRandomBytes, put, withTmp } from '../support/mail.js';

const S = makeSeries({ tag: 'good' });
const COVER = S.cover;
const P1 = S.patches[0] as string;
const P2 = S.patches[1] as string;
/** Byte offset of the bad mail's first byte when it sits between P1 and P2. */
const BAD_AT = Buffer.byteLength(COVER) + Buffer.byteLength(P1);

function between(bad: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(COVER), Buffer.from(P1), typeof bad === 'string' ? Buffer.from(bad) : bad, Buffer.from(P2)]);
}

/** What must not depend on the job count: everything (stats.bytes aside when asked). */
function comparable(r: CheckResult, withBytes: boolean) {
  const { bytes, ...stats } = r.stats;
  return { series: r.series, findings: r.findings, duplicates: r.stats.duplicates, orphans: r.stats.orphans, stats: withBytes ? { bytes, ...stats } : stats };
}

/** Run with jobs 1 and jobs 2; both must succeed and agree. Returns the jobs-1 result. */
async function runBoth(inputs: string[], opts: { maxMessageBytes?: number } = {}, withBytes = true): Promise<CheckResult> {
  const one = await runCheck(inputs, { jobs: 1, ...opts });
  const two = await runCheck(inputs, { jobs: 2, ...opts });
  assert.deepEqual(comparable(two, withBytes), comparable(one, withBytes), 'jobs 2 must give the same result as jobs 1');
  return one;
}


/** The good series is there, complete, with its cover and both patches. */
function assertGoodSeries(r: CheckResult): void {
  const s = r.series.find((x) => x.cover?.messageId === S.coverId);
  assert.ok(s, `the good series is missing; series: ${JSON.stringify(r.series.map((x) => x.subject))}`);
  assert.equal(s.complete, true);
  assert.equal(s.total, 2);
  assert.deepEqual(s.missing, []);
  assert.deepEqual(
    s.patches.map((p) => [p.index, p.messageId]),
    [
      [1, S.patchIds[0]],
      [2, S.patchIds[1]],
    ],
  );
  assert.deepEqual(
    s.patches.map((p) => p.files.map((f) => f.path)),
    [['drivers/gpio/gpio-frob1.c'], ['drivers/gpio/gpio-frob2.c']],
  );
  // Nothing was reported against the good mails.
  const goodIds = new Set([S.coverId, ...S.patchIds]);
  assert.deepEqual(
    r.findings.filter((f) => f.subject.messageId !== undefined && goodIds.has(f.subject.messageId)),
    [],
  );
}

function only(r: CheckResult, ruleId: string): Finding {
  const fs = r.findings.filter((f) => f.ruleId === ruleId);
  assert.equal(fs.length, 1, `expected one ${ruleId}; findings: ${JSON.stringify(r.findings.map((f) => f.ruleId))}`);
  return fs[0] as Finding;
}

const ruleIds = (r: CheckResult): string[] => r.findings.map((f) => f.ruleId).sort();

test('no Message-ID: missing-message-id warning, stable derived id, still a patch of its own series', async () => {
  await withTmp(async (dir) => {
    const bad = patchMail({ subject: '[PATCH] gpio: frob: drop the unused lock', messageId: null, date: new Date(BASE_DATE.getTime() + 90_000), envelope: ARCHIVE_ENVELOPE });
    const f = await put(dir, 'noid.mbox', between(bad));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/missing-message-id']);
    const finding = only(r, 'input/missing-message-id');
    assert.equal(finding.fatal, undefined);
    assert.equal(finding.severity, 'warning');
    assert.equal(finding.data?.offset, BAD_AT);
    assert.equal(finding.data?.source, f);
    const derived = finding.subject.messageId as string;
    assert.match(derived, /^<kvetch-derived\.[0-9a-f]+@message-id\.invalid>$/);
    assert.equal(finding.data?.messageId, derived);
    // Still processed as a patch: a one-patch series of its own, its diff read.
    const own = r.series.find((s) => s.patches.some((p) => p.messageId === derived));
    assert.ok(own, 'the Message-ID-less patch must still be assembled');
    assert.equal(own.complete, true);
    assert.equal(own.subject, 'gpio: frob: drop the unused lock');
    assert.deepEqual(
      own.patches[0]?.files.map((x) => [x.path, x.additions]),
      [['drivers/gpio/gpio-frob.c', 2]],
    );
    assert.equal(finding.subject.key, own.key);
    assert.equal(finding.subject.patch, 1);
    assert.equal(r.stats.messages, 4);
    assert.equal(r.stats.patches, 3);
    // Same derived id, same fingerprint on a second run, and in another file at another offset.
    const again = await runCheck([f], { jobs: 1 });
    assert.equal(only(again, 'input/missing-message-id').subject.messageId, derived);
    assert.equal(only(again, 'input/missing-message-id').fingerprint, finding.fingerprint);
    const moved = await put(dir, 'moved.mbox', Buffer.concat([Buffer.from(P2), Buffer.from(bad)]));
    assert.equal(only(await runCheck([moved], { jobs: 1 }), 'input/missing-message-id').subject.messageId, derived);
  });
});

test('no Message-ID on a threaded patch: it still joins its series through In-Reply-To', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'noid-in', n: 3 });
    const p2 = (s.patches[1] as string).replace(/^Message-ID: .*\n/m, '').replace(/^From \S+ Mon Sep 17 00:00:00 2001$/m, ARCHIVE_ENVELOPE);
    const f = await put(dir, 'x.mbox', [s.cover, s.patches[0], p2, s.patches[2]].join(''));
    const r = await runBoth([f]);
    assert.equal(r.series.length, 1);
    const only1 = r.series[0];
    assert.equal(only1?.complete, true);
    assert.deepEqual(
      only1?.patches.map((p) => p.index),
      [1, 2, 3],
    );
    const finding = only(r, 'input/missing-message-id');
    assert.equal(only1?.patches[1]?.messageId, finding.subject.messageId);
    assert.equal(finding.subject.patch, 2);
    assert.equal(finding.subject.key, only1?.key);
  });
});

test('unknown charset: unknown-charset warning naming the mail, mail still processed', async () => {
  await withTmp(async (dir) => {
    const bad = patchMail({
      subject: '[PATCH] gpio: frob: odd charset',
      messageId: '<charset@example.org>',
      contentType: 'text/plain; charset=x-no-such-charset',
    });
    const f = await put(dir, 'charset.mbox', between(bad));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/unknown-charset']);
    const finding = only(r, 'input/unknown-charset');
    assert.equal(finding.fatal, undefined);
    assert.equal(finding.subject.messageId, '<charset@example.org>');
    assert.equal(finding.data?.messageId, '<charset@example.org>');
    assert.equal(finding.data?.offset, BAD_AT);
    assert.match(finding.message, /x-no-such-charset/);
    const own = r.series.find((s) => s.patches.some((p) => p.messageId === '<charset@example.org>'));
    assert.ok(own, 'the mail with the odd charset is still processed as a patch');
    assert.deepEqual(
      own.patches[0]?.files.map((x) => x.path),
      ['drivers/gpio/gpio-frob.c'],
    );
  });
});

test('a known charset (iso-8859-1, windows-1252) is not reported', async () => {
  await withTmp(async (dir) => {
    const a = patchMail({ subject: '[PATCH] gpio: frob: latin1', messageId: '<l1@example.org>', contentType: 'text/plain; charset=iso-8859-1' });
    const b = patchMail({ subject: '[PATCH] gpio: frob: cp1252', messageId: '<cp@example.org>', contentType: 'text/plain; charset="windows-1252"' });
    const f = await put(dir, 'ok.mbox', between(a + b));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(r.findings, []);
  });
});

test('malformed header (a header line without a colon): malformed-header, mail still processed', async () => {
  await withTmp(async (dir) => {
    const bad = patchMail({ subject: '[PATCH] gpio: frob: bad header', messageId: '<hdr@example.org>', headers: ['X-Mangled this header lost its colon'] });
    const f = await put(dir, 'hdr.mbox', between(bad));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/malformed-header']);
    const finding = only(r, 'input/malformed-header');
    assert.equal(finding.fatal, undefined);
    assert.equal(finding.subject.messageId, '<hdr@example.org>');
    assert.equal(finding.data?.offset, BAD_AT);
    assert.match(finding.message, /X-Mangled this header lost its colon/);
    assert.ok(r.series.some((s) => s.patches.some((p) => p.messageId === '<hdr@example.org>')));
  });
});

test('diff whose hunk counts lie: fatal diff-hunk-count-mismatch naming the mail and file', async () => {
  await withTmp(async (dir) => {
    const diff = makeDiff('drivers/gpio/gpio-frob.c', ['\tfrob_reset(fg);', '\tfrob_unlock(fg);']).replace('@@ -40,6 +40,8 @@', '@@ -40,6 +40,11 @@');
    assert.match(diff, /@@ -40,6 \+40,11 @@/);
    const bad = patchMail({ subject: '[PATCH] gpio: frob: lying hunk', messageId: '<hunk@example.org>', diff });
    const f = await put(dir, 'hunk.mbox', between(bad));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/diff-hunk-count-mismatch']);
    const finding = only(r, 'input/diff-hunk-count-mismatch');
    assert.equal(finding.fatal, true);
    assert.equal(finding.severity, 'error');
    assert.equal(finding.subject.messageId, '<hunk@example.org>');
    assert.equal(finding.data?.offset, BAD_AT);
    assert.equal(finding.location?.path, 'drivers/gpio/gpio-frob.c');
    assert.match(finding.message, /\+11/);
  });
});

/** A mail that compresses badly, so that the last 100 bytes of a gzip stay inside it. */
function noisyTail(): string {
  const noise = pseudoRandomBytes(3000, 7).toString('hex');
  const lines = noise.match(/.{1,64}/g) ?? [];
  return patchMail({ subject: '[PATCH] firmware: frob: add key table', messageId: '<cut@example.org>', path: 'drivers/firmware/frob_keys.c', added: lines.map((l) => `\t"${l}",`) });
}

test('truncated gzip: truncated-gzip (fatal), messages before the cut processed, the cut one reported', async () => {
  await withTmp(async (dir) => {
    const tail = noisyTail();
    const gzBytes = gzipSync(Buffer.from(COVER + P1 + P2 + tail));
    const gz = await put(dir, 'a.mbox.gz', gzBytes.subarray(0, gzBytes.length - 100));
    const r = await runBoth([gz]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/truncated-gzip', 'input/truncated-message']);
    const g = only(r, 'input/truncated-gzip');
    assert.equal(g.fatal, true);
    assert.equal(g.data?.source, gz);
    const at = g.data?.offset as number;
    const tailAt = Buffer.byteLength(COVER + P1 + P2);
    assert.ok(at > tailAt && at < tailAt + Buffer.byteLength(tail), `cut at ${at}, inside the last mail`);
    const t = only(r, 'input/truncated-message');
    assert.equal(t.fatal, true);
    assert.equal(t.subject.messageId, '<cut@example.org>');
    assert.equal(t.data?.offset, tailAt);
    assert.equal(t.data?.source, gz);
    assert.equal(r.stats.messages, 4);
  });
});

test('truncated gzip between two inputs: the series split over a cut .gz and a plain mbox is still whole', async () => {
  await withTmp(async (dir) => {
    const gzBytes = gzipSync(Buffer.from(COVER + P1 + noisyTail()));
    const gz = await put(dir, 'a.mbox.gz', gzBytes.subarray(0, gzBytes.length - 100));
    const rest = await put(dir, 'b.mbox', P2);
    const r = await runBoth([gz, rest]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/truncated-gzip', 'input/truncated-message']);
    assert.equal(only(r, 'input/truncated-message').subject.messageId, '<cut@example.org>');
    assert.equal(r.stats.messages, 4);
  });
});

test('plain and gzip inputs mixed: the job count does not change the result', async () => {
  await withTmp(async (dir) => {
    const gz = await put(dir, 'a.mbox.gz', gzipSync(Buffer.from(COVER + P1)));
    const rest = await put(dir, 'b.mbox', P2);
    await runBoth([gz, rest]);
  });
});

/** A format-patch mail adding one generated file of `lines` lines of 48 bytes, as one Buffer. */
function giantPatch(messageId: string, lines: number): Buffer {
  const path = 'drivers/firmware/frob/frob_fw_table.c';
  const head = Buffer.from(
    'From 5e1f0c3b2a4d6e8f0a1b2c3d4e5f60718293a4b5 Mon Sep 17 00:00:00 2001\n' +
      `From: ${AUTHOR}\n` +
      `Date: ${mboxDate(new Date(BASE_DATE.getTime() + 90_000))}\n` +
      'Subject: [PATCH] firmware: frob: add the generated firmware table\n' +
      `Message-ID: ${messageId}\n` +
      'To: linux-gpio@vger.kernel.org\nMIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n\n' +
      'Add the register table the firmware loader needs.\n\n' +
      `Signed-off-by: ${AUTHOR}\n---\n` +
      ` ${path} | ${lines} ${'+'.repeat(40)}\n 1 file changed, ${lines} insertions(+)\n create mode 100644 ${path}\n\n` +
      `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 000000000000..9f3c2b1a0d4e\n--- /dev/null\n+++ b/${path}\n` +
      `@@ -0,0 +1,${lines} @@\n`,
  );
  const LINE = 48;
  const body = Buffer.alloc(lines * LINE);
  for (let i = 0; i < lines; i++) {
    const hex = (i >>> 0).toString(16).padStart(8, '0');
    body.write(`+\t0x${hex}, 0x${hex}, 0x00000000, 0xdeadbeef,\n`.slice(0, LINE - 1).padEnd(LINE - 1, ' ') + '\n', i * LINE, 'latin1');
  }
  return Buffer.concat([head, body, Buffer.from('-- \n2.39.2\n\n')]);
}

async function writeBetween(path: string, bad: Buffer): Promise<void> {
  const fh = await open(path, 'w');
  try {
    for (const b of [Buffer.from(COVER), Buffer.from(P1), bad, Buffer.from(P2)]) await fh.write(b);
  } finally {
    await fh.close();
  }
}

const BIG_LINES = Math.ceil(50_000_000 / 48);

test('50 MB message, default limit: analysed if under DEFAULT_SPLITTER_OPTIONS.maxMessageBytes, else reported oversized', async () => {
  await withTmp(async (dir) => {
    const f = join(dir, 'big.mbox');
    const big = giantPatch('<giant@example.org>', BIG_LINES);
    const size = big.length - big.indexOf(0x0a) - 1;
    assert.ok(size > 50_000_000);
    await writeBetween(f, big);
    const r = await runBoth([f]);
    assertGoodSeries(r);
    if (size <= DEFAULT_SPLITTER_OPTIONS.maxMessageBytes) {
      assert.deepEqual(r.findings, []);
      const own = r.series.find((s) => s.patches.some((p) => p.messageId === '<giant@example.org>'));
      assert.ok(own, 'the 50 MB patch is analysed and assembled');
      assert.deepEqual(
        own.patches[0]?.files.map((x) => [x.path, x.status, x.additions]),
        [['drivers/firmware/frob/frob_fw_table.c', 'added', BIG_LINES]],
      );
    } else {
      const o = only(r, 'input/oversized-message');
      assert.equal(o.fatal, true);
      assert.equal(o.subject.messageId, '<giant@example.org>');
      assert.equal(o.data?.offset, BAD_AT);
      assert.match(o.message, new RegExp(`${size} bytes`));
    }
  });
});

test('message just under the default limit is analysed, not reported', async () => {
  await withTmp(async (dir) => {
    const f = join(dir, 'under.mbox');
    const lines = Math.floor((DEFAULT_SPLITTER_OPTIONS.maxMessageBytes - 64 * 1024) / 48);
    await writeBetween(f, giantPatch('<under@example.org>', lines));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(r.findings, []);
    const own = r.series.find((s) => s.patches.some((p) => p.messageId === '<under@example.org>'));
    assert.ok(own);
    assert.equal(own.patches[0]?.files[0]?.additions, lines);
  });
});

test('50 MB message with maxMessageBytes 1_000_000: oversized-message (fatal) naming its Message-ID, others fine', async () => {
  await withTmp(async (dir) => {
    const f = join(dir, 'big.mbox');
    const big = giantPatch('<giant@example.org>', BIG_LINES);
    await writeBetween(f, big);
    const r = await runBoth([f], { maxMessageBytes: 1_000_000 });
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/oversized-message']);
    const o = only(r, 'input/oversized-message');
    assert.equal(o.fatal, true);
    assert.equal(o.severity, 'error');
    assert.equal(o.subject.messageId, '<giant@example.org>');
    assert.equal(o.data?.messageId, '<giant@example.org>');
    assert.equal(o.data?.offset, BAD_AT);
    assert.equal(r.stats.messages, 4);
  });
});

test('a 4 KB binary blob in the mbox: unparseable-message (fatal) with its offset', async () => {
  await withTmp(async (dir) => {
    const noise = pseudoRandomBytes(4096, 42);
    for (let i = 0; i < noise.length; i += 97) noise[i] = 0;
    const blob = Buffer.concat([Buffer.from('From x Mon Sep 17 00:00:00 2001\n'), noise, Buffer.from('\n')]);
    const f = await put(dir, 'blob.mbox', between(blob));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/unparseable-message']);
    const u = only(r, 'input/unparseable-message');
    assert.equal(u.fatal, true);
    assert.equal(u.data?.offset, BAD_AT);
    assert.equal(u.data?.source, f);
    assert.equal(r.stats.messages, 4);
  });
});

test('text that is not mail (no header on the first line): unparseable-message with its offset', async () => {
  await withTmp(async (dir) => {
    const junk = 'From x Mon Sep 17 00:00:00 2001\nthis is not a mail header\njust some text pasted into the archive\n\n';
    const f = await put(dir, 'junk.mbox', between(junk));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    const u = only(r, 'input/unparseable-message');
    assert.equal(u.fatal, true);
    assert.equal(u.data?.offset, BAD_AT);
  });
});

test('an empty file between two mboxes: empty-source naming it, the run goes on', async () => {
  await withTmp(async (dir) => {
    const a = await put(dir, 'a.mbox', COVER + P1);
    const empty = await put(dir, 'empty.mbox', '');
    const b = await put(dir, 'b.mbox', P2);
    const r = await runBoth([a, empty, b]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/empty-source']);
    const e = only(r, 'input/empty-source');
    assert.equal(e.data?.source, empty);
    assert.equal(r.stats.messages, 3);
  });
});

test('an empty file alone: one empty-source finding, no series, no throw', async () => {
  await withTmp(async (dir) => {
    const empty = await put(dir, 'empty.mbox', '');
    const r = await runBoth([empty]);
    assert.deepEqual(r.series, []);
    assert.deepEqual(ruleIds(r), ['input/empty-source']);
  });
});

test('an mbox of only whitespace: no messages, no crash, neighbours fine', async () => {
  await withTmp(async (dir) => {
    const a = await put(dir, 'a.mbox', COVER + P1);
    const ws = await put(dir, 'ws.mbox', '\n\n  \n\t\r\n\n');
    const b = await put(dir, 'b.mbox', P2);
    const r = await runBoth([a, ws, b], {}, false);
    assertGoodSeries(r);
    assert.equal(r.stats.messages, 3);
    assert.deepEqual(r.findings, []);
  });
});

test('several bad mails in one mbox: each reported once, good series intact', async () => {
  await withTmp(async (dir) => {
    const noid = patchMail({ subject: '[PATCH] gpio: frob: no id', messageId: null, envelope: ARCHIVE_ENVELOPE });
    const cs = patchMail({ subject: '[PATCH] gpio: frob: charset', messageId: '<cs2@example.org>', contentType: 'text/plain; charset=x-no-such-charset' });
    const noise = pseudoRandomBytes(2048, 3);
    noise[0] = 0;
    const blob = Buffer.concat([Buffer.from('From x Mon Sep 17 00:00:00 2001\n'), noise, Buffer.from('\n')]);
    const f = await put(dir, 'many.mbox', between(Buffer.concat([Buffer.from(noid), blob, Buffer.from(cs)])));
    const r = await runBoth([f]);
    assertGoodSeries(r);
    assert.deepEqual(ruleIds(r), ['input/missing-message-id', 'input/unknown-charset', 'input/unparseable-message']);
    assert.equal(r.stats.messages, 6);
    assert.deepEqual(
      r.findings.map((x) => x.data?.offset).sort((x, y) => Number(x) - Number(y)),
      [BAD_AT, BAD_AT + Buffer.byteLength(noid), BAD_AT + Buffer.byteLength(noid) + blob.length],
    );
  });
});

test('stats.bytes is the mail bytes read, From lines included, whatever the job count or compression', async () => {
  await withTmp(async (dir) => {
    const text = COVER + P1 + P2;
    const f = await put(dir, 'a.mbox', text);
    const gz = await put(dir, 'a.mbox.gz', gzipSync(Buffer.from(text)));
    for (const jobs of [1, 2]) {
      assert.equal((await runCheck([f], { jobs })).stats.bytes, Buffer.byteLength(text), `plain, jobs ${jobs}`);
      assert.equal((await runCheck([gz], { jobs })).stats.bytes, Buffer.byteLength(text), `gzip, jobs ${jobs}`);
    }
  });
});

test('stats.bytes for blank regions (whitespace-only mbox, leading blank lines) does not depend on the job count', async () => {
  await withTmp(async (dir) => {
    const ws = await put(dir, 'ws.mbox', '\n\n  \n\t\r\n\n');
    const lead = await put(dir, 'lead.mbox', `\n\n\n${COVER}${P1}${P2}`);
    for (const f of [ws, lead]) {
      const one = await runCheck([f], { jobs: 1 });
      const two = await runCheck([f], { jobs: 2 });
      assert.equal(two.stats.bytes, one.stats.bytes, f);
    }
  });
});
