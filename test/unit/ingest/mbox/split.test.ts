import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MboxSplitter, unquoteFromLines, type SplitMessage, type SplitterOptions } from '../../../../src/ingest/mbox/split.js';
import { makeSeries, mbox, patchMail, replyMail } from '../../support/mail.js';

function split(input: Buffer | string, chunk = Number.MAX_SAFE_INTEGER, opts: Partial<SplitterOptions> = {}): SplitMessage[] {
  const buf = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const out: SplitMessage[] = [];
  const s = new MboxSplitter((m) => out.push(m), opts);
  for (let i = 0; i < buf.length; i += chunk) s.push(buf.subarray(i, Math.min(buf.length, i + chunk)));
  s.end();
  return out;
}

/** Split at exact cut points (byte offsets). */
function splitAt(input: Buffer, cuts: number[]): SplitMessage[] {
  const out: SplitMessage[] = [];
  const s = new MboxSplitter((m) => out.push(m));
  let prev = 0;
  for (const c of [...cuts, input.length]) {
    s.push(input.subarray(prev, c));
    prev = c;
  }
  s.end();
  return out;
}

const view = (ms: SplitMessage[]) => ms.map((m) => ({ offset: m.offset, size: m.size, text: m.bytes.toString('latin1'), oversized: m.oversized, truncated: m.truncated }));

/** Offsets of every line starting with `From ` followed by a time. */
function separatorOffsets(text: string): number[] {
  const out: number[] = [];
  const re = /^From \S+ .*\d{1,2}:\d\d.*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(Buffer.byteLength(text.slice(0, m.index), 'latin1'));
  return out;
}

const s1 = makeSeries({ tag: 'split' });
const MBOX = mbox(s1.cover, s1.patches[0] as string, replyMail({ subject: 'Re: [PATCH 1/2] gpio: frob: step 1 of split', messageId: '<r1@example.net>', inReplyTo: s1.patchIds[0] }), s1.patches[1] as string);

test('splits a format-patch mbox at its From lines, offsets at the From lines, From line not in the bytes', () => {
  const ms = split(MBOX);
  const offs = separatorOffsets(MBOX);
  assert.equal(offs.length, 4);
  assert.deepEqual(
    ms.map((m) => m.offset),
    offs,
  );
  for (const [i, m] of ms.entries()) {
    const text = m.bytes.toString('latin1');
    assert.ok(text.startsWith('From: '), `message ${i} starts with its headers, not the mbox From line: ${text.slice(0, 40)}`);
    const nextOff = offs[i + 1] ?? Buffer.byteLength(MBOX);
    const fromLineLen = MBOX.indexOf('\n', offs[i]) + 1 - (offs[i] as number);
    assert.equal(m.size, nextOff - (offs[i] as number) - fromLineLen);
    assert.equal(m.bytes.length, m.size);
    assert.equal(m.oversized, false);
    assert.equal(m.truncated, false);
  }
  assert.match(ms[2]?.bytes.toString() ?? '', /Message-ID: <r1@example\.net>/);
});

test('mboxo: a `>From ` body line is unquoted to `From `', () => {
  const body = 'Some text.\n>From the start this was broken.\nMore.\n';
  const text = `From abc Mon Sep 17 00:00:00 2001\nFrom: a@example.org\nSubject: x\n\n${body}\nFrom def Mon Sep 17 00:00:00 2001\nFrom: b@example.org\nSubject: y\n\nhi\n`;
  const ms = split(text);
  assert.equal(ms.length, 2);
  const t0 = ms[0]?.bytes.toString() ?? '';
  assert.match(t0, /\nFrom the start this was broken\.\n/);
  assert.doesNotMatch(t0, />From/);
});

test('mboxrd: `>>From ` becomes `>From `, `>From ` becomes `From `', () => {
  const text =
    'From abc Mon Sep 17 00:00:00 2001\nFrom: a@example.org\nSubject: x\n\n' +
    '>From Mon Sep 17 00:00:00 2001 was a separator once\n' +
    '>>From a quoted quote\n' +
    '>>>From three deep\n' +
    'a line with >From inside is left alone\n';
  const [m, ...rest] = split(text);
  assert.equal(rest.length, 0, 'a quoted From line with a time must not split the message');
  assert.equal(
    m?.bytes.toString(),
    'From: a@example.org\nSubject: x\n\n' +
      'From Mon Sep 17 00:00:00 2001 was a separator once\n' +
      '>From a quoted quote\n' +
      '>>From three deep\n' +
      'a line with >From inside is left alone\n',
  );
});

test('unquoteFromLines: same buffer back when nothing is quoted; CRLF lines unquoted too', () => {
  const plain = Buffer.from('From: a\n\nhello\n');
  assert.equal(unquoteFromLines(plain), plain);
  assert.equal(unquoteFromLines(Buffer.from('a\r\n>From b\r\n>>From c\r\n')).toString(), 'a\r\nFrom b\r\n>From c\r\n');
  assert.equal(unquoteFromLines(Buffer.from('>From first line\n')).toString(), 'From first line\n');
});

test('a body line `From the start…` without a time is not a separator', () => {
  const p = patchMail({ subject: '[PATCH] gpio: frob: fix init', message: 'The driver was wrong\n\nFrom the start, the bank size was read too late.\nFrom here on it is read in probe.' });
  const ms = split(p + p.replace('fix init', 'fix exit'));
  assert.equal(ms.length, 2);
  assert.match(ms[0]?.bytes.toString() ?? '', /\nFrom the start, the bank size was read too late\.\nFrom here on/);
});

test('a From line with a sender but no time is body; so is `From ` alone', () => {
  const text = 'From abc Mon Sep 17 00:00:00 2001\nSubject: x\n\nFrom someone else\nFrom \nFrom  12:30\nend\n';
  const ms = split(text);
  assert.equal(ms.length, 1);
  assert.match(ms[0]?.bytes.toString() ?? '', /From someone else\nFrom \nFrom {2}12:30\nend\n$/);
});

test('pipermail-style separator (`From user at host  Thu Mar 16 09:19:48 2023`) splits', () => {
  const text =
    'From jane at example.org  Thu Mar 16 09:19:48 2023\nFrom: jane at example.org (Jane)\nSubject: a\n\none\n\n' +
    'From rob at example.net  Thu Mar 16 10:01:02 2023\nFrom: rob at example.net (Rob)\nSubject: b\n\ntwo\n';
  const ms = split(text);
  assert.deepEqual(
    ms.map((m) => m.bytes.toString().split('\n')[1]),
    ['Subject: a', 'Subject: b'],
  );
});

test('CRLF mbox: split at the From lines, CRLF kept in the bytes', () => {
  const a = patchMail({ subject: '[PATCH] gpio: frob: a', eol: '\r\n' });
  const b = patchMail({ subject: '[PATCH] gpio: frob: b', eol: '\r\n' });
  const text = a + b;
  const ms = split(text);
  assert.equal(ms.length, 2);
  assert.deepEqual(
    ms.map((m) => m.offset),
    [0, Buffer.byteLength(a)],
  );
  assert.ok(ms[0]?.bytes.toString().startsWith('From: Jane Hacker <jane@example.org>\r\nDate: '));
  assert.match(ms[1]?.bytes.toString() ?? '', /Subject: \[PATCH\] gpio: frob: b\r\n/);
  for (const c of [1, 7, 4096]) assert.deepEqual(view(split(text, c)), view(ms), `CRLF, chunks of ${c}`);
});

test('one message without a From line: whole file, offset 0', () => {
  const text = 'From: jane@example.org\nSubject: [PATCH] x: y\nMessage-ID: <one@example.org>\n\nbody\nFrom the start.\n';
  const ms = split(text);
  assert.equal(ms.length, 1);
  assert.equal(ms[0]?.offset, 0);
  assert.equal(ms[0]?.bytes.toString(), text);
  assert.equal(ms[0]?.size, Buffer.byteLength(text));
});

test('leading blank lines and an all-whitespace input yield no blank message', () => {
  const text = `\n\n  \n${MBOX}`;
  const ms = split(text);
  assert.equal(ms.length, 4);
  assert.equal(ms[0]?.offset, 5);
  assert.deepEqual(split(' \n\n\t\r\n\n'), []);
  assert.deepEqual(split(''), []);
});

test('last message without a trailing newline is kept whole', () => {
  const text = 'From a Mon Sep 17 00:00:00 2001\nSubject: x\n\none\nFrom b Mon Sep 17 00:00:00 2001\nSubject: y\n\nno newline at end';
  const ms = split(text);
  assert.equal(ms.length, 2);
  assert.equal(ms[1]?.bytes.toString(), 'Subject: y\n\nno newline at end');
});

test('end(true) marks the last message truncated, and only it', () => {
  const out: SplitMessage[] = [];
  const s = new MboxSplitter((m) => out.push(m));
  s.push(Buffer.from(MBOX.slice(0, MBOX.length - 50)));
  s.end(true);
  assert.equal(out.length, 4);
  assert.deepEqual(
    out.map((m) => m.truncated),
    [false, false, false, true],
  );
});

// Chunking: the same bytes, whatever the chunk size, give the same messages and offsets.
const quoted =
  'From q Mon Sep 17 00:00:00 2001\nFrom: q@example.org\nSubject: quoted\n\n>From Mon Sep 17 00:00:00 2001\n>>From x\nFrom the top\n\n';
const longLine = `From l Mon Sep 17 00:00:00 2001\nSubject: long\n\n${'x'.repeat(5000)}\nFrom ${'y'.repeat(1200)} 10:00\n\n`;
const CORPORA: [string, string][] = [
  ['format-patch mbox', MBOX],
  ['mbox with >From quoting', quoted + MBOX + quoted],
  ['mbox starting with blank lines', `\n\n${MBOX}`],
  ['mbox with a line over 1000 bytes and a too-long From line', MBOX + longLine + MBOX],
  ['message without From line first', `Subject: first\n\nbody\n\n${MBOX}`],
];

for (const [name, text] of CORPORA) {
  test(`chunking does not change the split: ${name} (1, 7, 4096 byte chunks)`, () => {
    const whole = view(split(text));
    assert.ok(whole.length >= 2);
    for (const c of [1, 2, 3, 7, 64, 4096]) assert.deepEqual(view(split(text, c)), whole, `chunks of ${c} bytes`);
  });
}

test('a chunk that starts with the blank line before a From line still splits there', () => {
  // Cut so that one chunk ends with "2.39.2\n" and the next starts with "\nFrom <sha> …\n…":
  // the separator sits at offset 1 of the new chunk.
  const buf = Buffer.from(MBOX);
  const whole = view(split(buf));
  const firstSep = MBOX.indexOf('\n\nFrom ', 10);
  assert.ok(firstSep > 0);
  const got = view(splitAt(buf, [firstSep + 1]));
  assert.deepEqual(
    got.map((m) => m.offset),
    whole.map((m) => m.offset),
  );
  assert.deepEqual(got, whole);
});

test('every single cut point gives the same split (two chunks)', () => {
  const text = quoted + MBOX;
  const buf = Buffer.from(text);
  const whole = view(split(buf));
  const bad: number[] = [];
  for (let cut = 1; cut < buf.length; cut++) {
    const got = view(splitAt(buf, [cut]));
    if (JSON.stringify(got) !== JSON.stringify(whole)) bad.push(cut);
  }
  assert.deepEqual(bad, [], `cut points that change the split: ${bad.slice(0, 10).join(', ')}`);
});

test('oversized message: only headBytes kept, size is the real size, neighbours intact', () => {
  const big = patchMail({ subject: '[PATCH] firmware: frob: add table', messageId: '<big@example.org>', added: Array.from({ length: 2000 }, (_, i) => `\t0x${i.toString(16).padStart(8, '0')},`) });
  const small = patchMail({ subject: '[PATCH] gpio: frob: small', messageId: '<small@example.org>' });
  const text = small + big + small.replace('small', 'small2');
  const opts = { maxMessageBytes: 10_000, headBytes: 1000 };
  for (const c of [Number.MAX_SAFE_INTEGER, 7, 4096]) {
    const ms = split(text, c, opts);
    assert.equal(ms.length, 3);
    assert.deepEqual(
      ms.map((m) => m.oversized),
      [false, true, false],
    );
    const b = ms[1] as SplitMessage;
    assert.equal(b.bytes.length, 1000);
    assert.equal(b.size, Buffer.byteLength(big) - big.indexOf('\n') - 1);
    assert.ok(b.bytes.toString().includes('Message-ID: <big@example.org>'));
    assert.equal(b.bytes.toString(), big.slice(big.indexOf('\n') + 1, big.indexOf('\n') + 1001));
    assert.match(ms[2]?.bytes.toString() ?? '', /Subject: \[PATCH\] gpio: frob: small2/);
  }
});

// Found by the fuzzing campaign (bench/fuzz, target mbox): with a limit below headBytes (a small
// --max-message-size), the head kept was whatever had arrived when the limit was crossed, so
// one-byte chunks kept less of the message than one push of the whole.
test('oversized message: the head is the first headBytes whatever the chunking, also when headBytes is over the limit', () => {
  const text = 'From mboxrd@z Thu Jan  1 00:00:00 1970\nMessage-Id: <cover.1@example.org>\nFrom: Ada <ada@example.org>\nSubject: [PATCH 0/2] x\n\nbody\n';
  const opts = { maxMessageBytes: 50, headBytes: 80 };
  const split = (chunk: number): SplitMessage[] => {
    const out: SplitMessage[] = [];
    const s = new MboxSplitter((m) => out.push(m), opts);
    const buf = Buffer.from(text);
    for (let at = 0; at < buf.length; at += chunk) s.push(buf.subarray(at, at + chunk));
    s.end();
    return out;
  };
  const body = text.slice(text.indexOf('\n') + 1);
  for (const chunk of [1, 7, text.length]) {
    const [m, ...rest] = split(chunk);
    assert.equal(rest.length, 0);
    assert.equal(m?.oversized, true, `chunk ${chunk}`);
    assert.equal(m?.size, body.length, `chunk ${chunk}`);
    assert.equal(m?.bytes.toString('latin1'), body.slice(0, 80), `chunk ${chunk}`);
  }
});
