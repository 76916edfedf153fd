import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { InputError, listMailFiles, readPath, type FileReadOptions } from '../../../../src/ingest/files/read-files.js';
import { withBytes } from '../../../../src/ingest/mbox/read-range.js';
import { readStream } from '../../../../src/ingest/mbox/read-stream.js';
import type { IngestItem, RawMessage, SourceProblem } from '../../../../src/model/raw-message.js';
import { makeSeries, mbox, patchMail, put, withTmp } from '../../support/mail.js';

/** The inputs in order, ranges read, messages numbered in arrival order (as triage numbers them). */
async function* readInputs(args: string[], o: FileReadOptions = {}): AsyncGenerator<IngestItem> {
  let index = 0;
  for (const a of args) {
    for await (const item of withBytes(readPath(a, o))) yield item.type === 'message' ? { type: 'message', message: { ...item.message, index: index++ } } : item;
  }
}

async function collect(it: AsyncIterable<IngestItem>): Promise<{ messages: RawMessage[]; problems: SourceProblem[] }> {
  const messages: RawMessage[] = [];
  const problems: SourceProblem[] = [];
  for await (const item of it) {
    if (item.type === 'message') messages.push(item.message);
    else if (item.type === 'problem') problems.push(item.problem);
  }
  return { messages, problems };
}

const subjectOf = (m: RawMessage): string => /^Subject: (.*)$/m.exec(m.bytes.toString())?.[1] ?? '';
const brief = (ms: RawMessage[]) => ms.map((m) => ({ source: m.source, offset: m.offset, index: m.index, text: m.bytes.toString('latin1'), size: m.size, truncated: m.truncated }));

const S = makeSeries({ tag: 'read', n: 3 });
const MBOX = mbox(S.cover, ...S.patches);

test('plain mbox file: every message, in order, with offsets and run-wide indexes', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'a.mbox', MBOX);
    const { messages, problems } = await collect(readInputs([f]));
    assert.deepEqual(problems, []);
    assert.deepEqual(messages.map(subjectOf), [`[PATCH 0/3] gpio: frob: harden offset handling`, ...S.subjects]);
    assert.deepEqual(
      messages.map((m) => m.index),
      [0, 1, 2, 3],
    );
    assert.deepEqual(
      messages.map((m) => m.offset),
      [0, S.cover.length, S.cover.length + (S.patches[0]?.length ?? 0), S.cover.length + (S.patches[0]?.length ?? 0) + (S.patches[1]?.length ?? 0)],
    );
    assert.ok(messages.every((m) => m.source === f && !m.truncated && !m.oversized));
  });
});

test('.gz of an mbox gives the same messages as the plain mbox', async () => {
  await withTmp(async (dir) => {
    const plain = await put(dir, 'a.mbox', MBOX);
    const gz = await put(dir, 'a.mbox.gz', gzipSync(Buffer.from(MBOX)));
    const a = await collect(readInputs([plain]));
    const b = await collect(readInputs([gz]));
    assert.deepEqual(b.problems, []);
    assert.equal(b.messages.length, 4);
    assert.deepEqual(
      brief(b.messages).map(({ source: _s, ...rest }) => rest),
      brief(a.messages).map(({ source: _s, ...rest }) => rest),
    );
    assert.ok(b.messages.every((m) => m.source === gz));
  });
});

test('gzip is detected by magic bytes, not by name', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'archive.bin', gzipSync(Buffer.from(MBOX)));
    const { messages } = await collect(readInputs([f]));
    assert.equal(messages.length, 4);
    assert.equal(subjectOf(messages[3] as RawMessage), S.subjects[2]);
  });
});

test('truncated gzip: messages before the cut are read, the last is marked truncated, a truncated-gzip problem follows', async () => {
  await withTmp(async (dir) => {
    const filler = Array.from({ length: 400 }, (_, i) => `\t0x${((i * 2654435761) >>> 0).toString(16)}, /* ${i} */`);
    const tail = patchMail({ subject: '[PATCH] firmware: frob: add table', messageId: '<tail@example.org>', added: filler });
    const gz = gzipSync(Buffer.from(MBOX + tail));
    const f = await put(dir, 'cut.mbox.gz', gz.subarray(0, gz.length - 100));
    const { messages, problems } = await collect(readInputs([f]));
    assert.equal(messages.length, 5);
    assert.deepEqual(messages.slice(0, 4).map(subjectOf), [`[PATCH 0/3] gpio: frob: harden offset handling`, ...S.subjects]);
    assert.deepEqual(
      messages.map((m) => m.truncated),
      [false, false, false, false, true],
    );
    assert.match(messages[4]?.bytes.toString() ?? '', /Message-ID: <tail@example\.org>/);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.kind, 'truncated-gzip');
    assert.equal(problems[0]?.source, f);
    assert.ok((problems[0]?.offset ?? 0) > MBOX.length && (problems[0]?.offset ?? 0) < MBOX.length + tail.length);
  });
});

test('maildir: cur/ and new/ are read (sorted), tmp/ is ignored, hidden files skipped', async () => {
  await withTmp(async (dir) => {
    const md = join(dir, 'Maildir');
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(md, sub), { recursive: true });
    const one = (subject: string) => `From: jane@example.org\nSubject: ${subject}\nMessage-ID: <${subject.replace(/\W+/g, '-')}@example.org>\n\nbody of ${subject}\n`;
    await writeFile(join(md, 'cur', '1709546400.M2P1.host:2,S'), one('cur two'));
    await writeFile(join(md, 'cur', '1709546400.M1P1.host:2,S'), one('cur one'));
    await writeFile(join(md, 'new', '1709546500.M3P1.host'), one('new three'));
    await writeFile(join(md, 'tmp', '1709546600.M4P1.host'), one('tmp half-delivered'));
    await writeFile(join(md, 'cur', '.hidden'), one('hidden'));
    const files = await listMailFiles(md);
    assert.deepEqual(files, [join(md, 'cur', '1709546400.M1P1.host:2,S'), join(md, 'cur', '1709546400.M2P1.host:2,S'), join(md, 'new', '1709546500.M3P1.host')]);
    const { messages, problems } = await collect(readInputs([md]));
    assert.deepEqual(problems, []);
    assert.deepEqual(messages.map(subjectOf), ['cur one', 'cur two', 'new three']);
    assert.deepEqual(
      messages.map((m) => [m.offset, m.index]),
      [
        [0, 0],
        [0, 1],
        [0, 2],
      ],
    );
    assert.equal(messages[2]?.source, join(md, 'new', '1709546500.M3P1.host'));
  });
});

test('a directory named tmp that is not in a maildir is read', async () => {
  await withTmp(async (dir) => {
    await mkdir(join(dir, 'tmp'));
    await writeFile(join(dir, 'tmp', 'x.patch'), patchMail({ subject: '[PATCH] gpio: frob: in tmp' }));
    const files = await listMailFiles(dir);
    assert.deepEqual(files, [join(dir, 'tmp', 'x.patch')]);
  });
});

test('directory of .patch files: read in name order, each from offset 0, indexes continue', async () => {
  await withTmp(async (dir) => {
    const names = ['0003-gpio-frob-step-3.patch', '0001-gpio-frob-step-1.patch', '0000-cover-letter.patch', '0002-gpio-frob-step-2.patch'];
    const content: Record<string, string> = {
      '0000-cover-letter.patch': S.cover,
      '0001-gpio-frob-step-1.patch': S.patches[0] as string,
      '0002-gpio-frob-step-2.patch': S.patches[1] as string,
      '0003-gpio-frob-step-3.patch': S.patches[2] as string,
    };
    for (const n of names) await put(dir, n, content[n] as string);
    const { messages } = await collect(readInputs([dir]));
    assert.deepEqual(
      messages.map((m) => m.source),
      [...names].sort().map((n) => join(dir, n)),
    );
    assert.deepEqual(messages.map(subjectOf), [`[PATCH 0/3] gpio: frob: harden offset handling`, ...S.subjects]);
    assert.ok(messages.every((m) => m.offset === 0));
    assert.deepEqual(
      messages.map((m) => m.index),
      [0, 1, 2, 3],
    );
  });
});

test('several inputs: read in the order given', async () => {
  await withTmp(async (dir) => {
    const a = await put(dir, 'a.mbox', mbox(S.cover, S.patches[0] as string));
    const b = await put(dir, 'b.mbox', mbox(S.patches[1] as string, S.patches[2] as string));
    const { messages } = await collect(readInputs([b, a]));
    assert.deepEqual(
      messages.map((m) => [m.source, m.index]),
      [
        [b, 0],
        [b, 1],
        [a, 2],
        [a, 3],
      ],
    );
  });
});

test('stdin (-): read from the given stream, source "-"', async () => {
  const buf = Buffer.from(MBOX);
  const chunks = [buf.subarray(0, 100), buf.subarray(100, 1001), buf.subarray(1001)];
  const { messages, problems } = await collect(readInputs(['-'], { stdin: Readable.from(chunks) }));
  assert.deepEqual(problems, []);
  assert.equal(messages.length, 4);
  assert.ok(messages.every((m) => m.source === '-'));
  assert.deepEqual(messages.map(subjectOf), [`[PATCH 0/3] gpio: frob: harden offset handling`, ...S.subjects]);
});

test('stdin with gzip data in small chunks (magic in the first chunk)', async () => {
  const gz = gzipSync(Buffer.from(MBOX));
  const chunks: Buffer[] = [];
  for (let i = 0; i < gz.length; i += 5) chunks.push(gz.subarray(i, i + 5));
  const { messages } = await collect(readInputs(['-'], { stdin: Readable.from(chunks) }));
  assert.equal(messages.length, 4);
  assert.deepEqual(messages.map(subjectOf), [`[PATCH 0/3] gpio: frob: harden offset handling`, ...S.subjects]);
});

test('stdin with gzip data, magic split over two chunks', async () => {
  const gz = gzipSync(Buffer.from(MBOX));
  const { messages } = await collect(readInputs(['-'], { stdin: Readable.from([gz.subarray(0, 1), gz.subarray(1, 50), gz.subarray(50)]) }));
  assert.equal(messages.length, 4, 'gzip magic split across the first two chunks must still be recognised');
});

test('stdin and files mixed: order of the arguments kept', async () => {
  await withTmp(async (dir) => {
    const a = await put(dir, 'a.mbox', S.cover);
    const { messages } = await collect(readInputs([a, '-'], { stdin: Readable.from([Buffer.from(S.patches[0] as string)]) }));
    assert.deepEqual(
      messages.map((m) => [m.source, m.index]),
      [
        [a, 0],
        ['-', 1],
      ],
    );
  });
});

test('readStream reports bytes consumed through onBytes', async () => {
  const buf = Buffer.from(MBOX);
  let n = 0;
  const { messages } = await collect(readStream(Readable.from([buf.subarray(0, 10), buf.subarray(10)]), 'mem', { onBytes: (k: number) => (n += k) }));
  assert.equal(messages.length, 4);
  assert.equal(n, buf.length);
});

test('empty file: an empty-source problem, no message, no throw', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'empty.mbox', '');
    const { messages, problems } = await collect(readInputs([f]));
    assert.equal(messages.length, 0);
    assert.deepEqual(
      problems.map((p) => [p.kind, p.source, p.offset]),
      [['empty-source', f, 0]],
    );
  });
});

test('whitespace-only file: no messages, no problem', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'ws.mbox', '\n\n   \n\t\n');
    const { messages, problems } = await collect(readInputs([f]));
    assert.deepEqual(messages, []);
    assert.deepEqual(problems, []);
  });
});

test('missing input: InputError naming the path and what to do', async () => {
  await withTmp(async (dir) => {
    const f = join(dir, 'no-such.mbox');
    await assert.rejects(collect(readInputs([f])), (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /no-such\.mbox/);
      assert.match(e.message, /ENOENT/);
      assert.match(e.message, /check the path/);
      return true;
    });
  });
});

test('plain non-empty files come as byte ranges (read by whoever parses them); gzip, empty files and stdin as messages', async () => {
  await withTmp(async (dir) => {
    const plain = await put(dir, 'a.mbox', MBOX);
    const gz = await put(dir, 'a.mbox.gz', gzipSync(Buffer.from(MBOX)));
    const empty = await put(dir, 'e.mbox', '');
    const kinds = async (arg: string, o: FileReadOptions = {}): Promise<string[]> => {
      const out: string[] = [];
      for await (const item of readPath(arg, o)) out.push(item.type);
      return out;
    };
    assert.deepEqual(await kinds(plain), ['range', 'range', 'range', 'range', 'read']);
    assert.deepEqual(await kinds(gz), ['message', 'message', 'message', 'message', 'read']);
    assert.deepEqual(await kinds(empty), ['problem']);
    assert.deepEqual(await kinds('-', { stdin: Readable.from([Buffer.from(MBOX)]) }), ['message', 'message', 'message', 'message', 'read']);
    const ranges: number[][] = [];
    for await (const item of readPath(plain)) if (item.type === 'range') ranges.push([item.range.offset, item.range.start, item.range.end]);
    const fromRanges = ranges.map(([, start, end]) => Buffer.from(MBOX).subarray(start, end).toString());
    const { messages } = await collect(readInputs([plain]));
    assert.deepEqual(fromRanges, messages.map((m) => m.bytes.toString()));
  });
});

/** A file where a blank line begins exactly at byte `at`, followed by a From line. */
function blankLineAt(at: number): Buffer {
  const head = 'From a Mon Sep 17 00:00:00 2001\nFrom: jane@example.org\nSubject: big one\nMessage-ID: <big-one@example.org>\n\n';
  const lines: string[] = [head];
  let len = head.length;
  while (len + 80 < at) {
    const l = `${'x'.repeat(79)}\n`;
    lines.push(l);
    len += l.length;
  }
  lines.push(`${'y'.repeat(at - len - 1)}\n`);
  lines.push('\nFrom b Mon Sep 17 00:00:00 2001\nFrom: rob@example.net\nSubject: small one\nMessage-ID: <small-one@example.org>\n\nhi\n');
  const buf = Buffer.from(lines.join(''));
  assert.equal(buf[at - 1], 0x0a);
  assert.equal(buf.toString('latin1', at, at + 6), '\nFrom ');
  return buf;
}

test('a blank line right at a 1 MiB read boundary before a From line (file read in 1 MiB chunks)', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'boundary.mbox', blankLineAt(1 << 20));
    const { messages } = await collect(readInputs([f]));
    assert.deepEqual(messages.map(subjectOf), ['big one', 'small one']);
    assert.equal(messages[1]?.offset, (1 << 20) + 1);
  });
});

test('blank line near (not at) a 1 MiB read boundary: split correctly', async () => {
  await withTmp(async (dir) => {
    for (const at of [(1 << 20) - 1, (1 << 20) + 1, (1 << 20) - 7, (1 << 20) + 33]) {
      const f = await put(dir, `near-${at}.mbox`, blankLineAt(at));
      const { messages } = await collect(readInputs([f]));
      assert.deepEqual(messages.map(subjectOf), ['big one', 'small one'], `blank line at ${at}`);
      assert.equal(messages[1]?.offset, at + 1);
    }
  });
});
