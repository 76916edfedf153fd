import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { scanBoundaries, type Boundary } from '../../../../src/ingest/mbox/boundary-scan.js';
import { MboxSplitter, isBlank, unquoteFromLines, type SplitMessage } from '../../../../src/ingest/mbox/split.js';
import { makeSeries, mbox, patchMail, put, replyMail, withTmp } from '../../support/mail.js';

async function boundaries(path: string): Promise<Boundary[]> {
  const out: Boundary[] = [];
  for await (const b of scanBoundaries(path)) out.push(b);
  return out;
}

function splitWhole(buf: Buffer): SplitMessage[] {
  const out: SplitMessage[] = [];
  const s = new MboxSplitter((m) => out.push(m));
  s.push(buf);
  s.end();
  return out;
}

/** What a range worker makes of the boundaries: blank ranges dropped, From quoting undone. */
function fromRanges(buf: Buffer, bs: Boundary[]): { offset: number; size: number; text: string }[] {
  return bs
    .map((b) => ({ offset: b.offset, size: b.end - b.start, bytes: buf.subarray(b.start, b.end) }))
    .filter((m) => !isBlank(m.bytes))
    .map((m) => ({ offset: m.offset, size: m.size, text: unquoteFromLines(m.bytes).toString('latin1') }));
}

const fromSplitter = (ms: SplitMessage[]) => ms.map((m) => ({ offset: m.offset, size: m.size, text: m.bytes.toString('latin1') }));

const S = makeSeries({ tag: 'scan' });
const reply = replyMail({ subject: 'Re: [PATCH 1/2] gpio: frob: step 1 of scan', messageId: '<scan-r@example.net>', inReplyTo: S.patchIds[0] });
const quoted =
  'From q Mon Sep 17 00:00:00 2001\nFrom: q@example.org\nSubject: quoted\n\n>From Mon Sep 17 00:00:00 2001\n>>From x\nFrom the top, no time here\n\n';
const BIG_LINE = `From l Mon Sep 17 00:00:00 2001\nSubject: long lines\n\n${'x'.repeat(3000)}\nFrom ${'y'.repeat(1100)} 10:00\n\n`;

const CASES: [string, string | Buffer][] = [
  ['format-patch series', mbox(S.cover, ...S.patches, reply)],
  ['mboxrd with >From lines', mbox(quoted, S.cover, quoted, ...S.patches)],
  ['starts with blank lines', `\n\n\n${mbox(S.cover, ...S.patches)}`],
  ['first message has no From line', `From: a@example.org\nSubject: no sep\n\nbody\n\n${mbox(S.cover, ...S.patches)}`],
  ['CRLF', mbox(S.cover, ...S.patches).replace(/\n/g, '\r\n')],
  ['long lines, an over-long From line', mbox(S.cover, BIG_LINE, ...S.patches)],
  ['no trailing newline', mbox(S.cover, ...S.patches).trimEnd()],
  ['single format-patch file', patchMail({ subject: '[PATCH] gpio: frob: alone' })],
];

for (const [name, content] of CASES) {
  test(`scanBoundaries agrees with MboxSplitter: ${name}`, async () => {
    await withTmp(async (dir) => {
      const f = await put(dir, 'x.mbox', content);
      const buf = await readFile(f);
      const bs = await boundaries(f);
      const want = fromSplitter(splitWhole(buf));
      assert.ok(want.length >= 1);
      assert.deepEqual(fromRanges(buf, bs), want);
      // Ranges tile the file: each starts where the previous ended, the last ends at EOF.
      assert.equal(bs[0]?.offset, 0);
      for (let i = 1; i < bs.length; i++) assert.equal(bs[i]?.offset, bs[i - 1]?.end);
      assert.equal(bs.at(-1)?.end, buf.length);
      for (const b of bs) assert.ok(b.offset <= b.start && b.start <= b.end);
    });
  });
}

test('scanBoundaries: a From line exactly at offsets around its 1 MiB read chunk gives the same ranges as the splitter', async () => {
  await withTmp(async (dir) => {
    for (const shift of [-40, -2, -1, 0, 1, 2, 40]) {
      const at = (1 << 20) + shift;
      const head = 'From a Mon Sep 17 00:00:00 2001\nSubject: big\nMessage-ID: <big@example.org>\n\n';
      let body = '';
      while (head.length + body.length + 80 < at) body += `${'z'.repeat(79)}\n`;
      body += `${'w'.repeat(at - head.length - body.length - 1)}\n`;
      const text = `${head}${body}\nFrom b Mon Sep 17 00:00:00 2001\nSubject: after\n\nhi\n`;
      const f = await put(dir, `s${shift}.mbox`, text);
      const buf = await readFile(f);
      const bs = await boundaries(f);
      assert.deepEqual(
        bs.map((b) => b.offset),
        [0, at + 1],
        `blank line at ${at}`,
      );
      assert.deepEqual(fromRanges(buf, bs), fromSplitter(splitWhole(buf)), `blank line at ${at}`);
    }
  });
});

test('scanBoundaries reports every byte read through onBytes', async () => {
  await withTmp(async (dir) => {
    const content = mbox(S.cover, ...S.patches);
    const f = await put(dir, 'x.mbox', content);
    let n = 0;
    for await (const _b of scanBoundaries(f, (k) => (n += k))) void _b;
    assert.equal(n, Buffer.byteLength(content));
  });
});

test('scanBoundaries on an empty file yields nothing', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'e.mbox', '');
    assert.deepEqual(await boundaries(f), []);
  });
});
