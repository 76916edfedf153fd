import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../../../src/cli/main.js';
import { captureOutput } from '../../support/capture-output.js';
import { makeSeries, put, REVIEWER, replyMail, withTmp } from '../support/mail.js';

const S = makeSeries({ tag: 'trl', n: 3 });
const ACKER = 'Ann Acker <ann@example.org>';
const MALLORY = 'Mal Lory <mallory@example.com>';
const R1 = '<r1.trl@example.net>';
const R2 = '<r2.trl@example.com>';
const R3 = '<r3.trl@example.org>';
const R4 = '<r4.trl@example.org>';
const p = (i: number): string => S.patchIds[i] as string;
const subj = (i: number): string => `Re: ${S.subjects[i] ?? ''}`;

/** The acceptance thread: a review whose trailer names its sender, one that names someone else, an ack to the cover. */
const THREAD = [
  S.cover,
  ...S.patches,
  replyMail({ subject: subj(0), messageId: R1, inReplyTo: p(0), references: [S.coverId, p(0)] }),
  replyMail({ subject: subj(1), messageId: R2, from: MALLORY, reviewedBy: 'Linus Torvalds <torvalds@linux-foundation.org>', inReplyTo: p(1), references: [S.coverId, p(1)] }),
  replyMail({ subject: 'Re: [PATCH 0/3] gpio: frob: harden offset handling', messageId: R3, from: ACKER, reviewedBy: null, text: '> Reviewed-by: Quo Ted <q@example.org>\n\nAcked-by: Ann Acker <ann@example.org>\nReviewed-by: Ann Acker &lt;ann@example.org&gt;', inReplyTo: S.coverId, references: [S.coverId] }),
  // A reply to the first review: followed back to patch 1.
  replyMail({ subject: subj(0), messageId: R4, from: ACKER, reviewedBy: null, text: 'Tested-by: Ann Acker <ann@example.org>', inReplyTo: R1, references: [S.coverId, p(0), R1] }),
].join('');

interface Trailer { key: string; value: string; name?: string; address?: string; messageId?: string; from?: string; status?: string; viaCover?: true; reason?: string }
interface Doc {
  series: {
    revision: number;
    resend: boolean;
    review?: { reviewed: number; total: number; by: string[]; reported: number; ignored: number };
    patches: { index: number; patchId?: string; trailers: Trailer[]; collected: Trailer[] }[];
  }[];
}

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return captureOutput(() => main(['node', 'kvetch', ...args]));
}

test('review trailers through check: applied, reported (sender is not the person named), cover ack on every patch, quoted and mangled ignored', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'thread.mbox', THREAD);
    const r = await run('check', f, '--format', 'json', '--no-progress');
    assert.equal(r.code, 0, r.stderr);
    const s = (JSON.parse(r.stdout) as Doc).series;
    assert.equal(s.length, 1);
    const series = s[0];
    assert.ok(series);
    assert.equal(series.resend, false);
    const short = (t: Trailer): string => `${t.key}|${t.address ?? t.value}|${t.messageId ?? ''}|${t.status ?? ''}|${t.viaCover ? 'cover' : ''}`;
    assert.deepEqual(series.patches.map((x) => x.collected.map(short)), [
      [`Acked-by|ann@example.org|${R3}|applied|cover`, `Reviewed-by|rob@example.net|${R1}|applied|`, `Tested-by|ann@example.org|${R4}|applied|`],
      [`Acked-by|ann@example.org|${R3}|applied|cover`, `Reviewed-by|torvalds@linux-foundation.org|${R2}|reported|`],
      [`Acked-by|ann@example.org|${R3}|applied|cover`],
    ]);
    const reported = series.patches[1]?.collected[1];
    assert.equal(reported?.from, 'mallory@example.com');
    assert.match(reported?.reason ?? '', /names torvalds@linux-foundation\.org but the mail came from mallory@example\.com/);
    // Their own trailers: the Signed-off-by of each patch.
    assert.deepEqual(series.patches.map((x) => x.trailers.map((t) => `${t.key}: ${t.address ?? ''}`)), [
      ['Signed-off-by: jane@example.org'], ['Signed-off-by: jane@example.org'], ['Signed-off-by: jane@example.org'],
    ]);
    assert.deepEqual(series.review, { reviewed: 3, total: 3, by: [ACKER, REVIEWER], reported: 1, ignored: 1 });

    const t = await run('check', f, '--no-progress');
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /\n {2}review: 3\/3 patches reviewed by Ann Acker <ann@example\.org>, Rob Reviewer <rob@example\.net>; 1 trailer reported, not applied, 1 ignored as malformed\n/);
  });
});

test('review trailers: without the cover ack only the matching review counts (1/3)', async () => {
  await withTmp(async (dir) => {
    const mails = [S.cover, ...S.patches,
      replyMail({ subject: subj(0), messageId: R1, inReplyTo: p(0), references: [S.coverId, p(0)] }),
      replyMail({ subject: subj(1), messageId: R2, from: MALLORY, reviewedBy: 'Linus Torvalds <torvalds@linux-foundation.org>', inReplyTo: p(1), references: [S.coverId, p(1)] })];
    const f = await put(dir, 'two.mbox', mails.join(''));
    const r = await run('check', f, '--format', 'json', '--no-progress');
    assert.equal(r.code, 0, r.stderr);
    const review = (JSON.parse(r.stdout) as Doc).series[0]?.review;
    assert.deepEqual(review, { reviewed: 1, total: 3, by: [REVIEWER], reported: 1, ignored: 0 });
  });
});

test('review trailers carry to v2: unchanged patches (same patch-id) get them as carried, a changed one as given on v1', async () => {
  const V2 = makeSeries({ tag: 'trl', n: 3, version: 2, date: new Date('2024-03-11T10:00:00Z') });
  const v2 = [V2.cover, ...V2.patches].join('').replaceAll('<trl.', '<trl-v2.').replace('/* step 2 of trl */', '/* step 2 of trl, reworked */');
  await withTmp(async (dir) => {
    const f = await put(dir, 'both.mbox', THREAD + v2);
    const r = await run('check', f, '--format', 'json', '--no-progress');
    assert.equal(r.code, 0, r.stderr);
    const all = JSON.parse(r.stdout) as Doc;
    assert.deepEqual(all.series.map((s) => s.revision), [1, 2]);
    const [one, two] = all.series;
    assert.ok(one && two);
    assert.equal(two.patches[0]?.patchId, one.patches[0]?.patchId);
    assert.notEqual(two.patches[1]?.patchId, one.patches[1]?.patchId);
    const short = (t: Trailer & { given?: number }): string => `${t.key}|${t.address ?? ''}|${t.status ?? ''}|v${t.given ?? '-'}|${t.messageId ?? ''}`;
    assert.deepEqual(two.patches.map((x) => x.collected.map(short)), [
      [`Acked-by|ann@example.org|carried|v1|${R3}`, `Reviewed-by|rob@example.net|carried|v1|${R1}`, `Tested-by|ann@example.org|carried|v1|${R4}`],
      [`Acked-by|ann@example.org|changed|v1|${R3}`],
      [`Acked-by|ann@example.org|carried|v1|${R3}`],
    ]);
    assert.deepEqual(two.review, { reviewed: 2, total: 3, by: [ACKER, REVIEWER], reported: 0, ignored: 0 });
    // v1 is left as it was.
    assert.deepEqual(one.review, { reviewed: 3, total: 3, by: [ACKER, REVIEWER], reported: 1, ignored: 1 });
  });
});
