import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPath } from '../../../src/ingest/files/read-files.js';
import { mailsParsed } from '../../../src/mail/message.js';
import type { IngestItem, MessageRange, SourceProblem } from '../../../src/model/raw-message.js';
import type { MessageRecord } from '../../../src/model/record.js';
import { parseItems, type ParseOptions } from '../../../src/pipeline/parse-items.js';
import { processMessage } from '../../../src/pipeline/process-message.js';
import { mbox, patchMail, put, withTmp } from '../support/mail.js';

const mail = (name: string): string => patchMail({ subject: `[PATCH] gpio: frob: ${name}`, messageId: `<${name}@example.org>`, added: [`\t/* ${name} */`] });
/** The mail as a source cuts it out: without its mbox From line. */
const bare = (name: string): Buffer => {
  const t = mail(name);
  return Buffer.from(t.slice(t.indexOf('\n') + 1));
};

const message = (name: string, source = 'stdin'): IngestItem => {
  const bytes = bare(name);
  return { type: 'message', message: { source, offset: 0, index: 0, bytes, size: bytes.length, oversized: false, truncated: false } };
};

/** The byte ranges of a plain mbox, as `kvetch check` reads it. */
async function ranges(file: string): Promise<IngestItem[]> {
  const out: IngestItem[] = [];
  for await (const item of readPath(file)) if (item.type === 'range') out.push(item);
  return out;
}

/** A record parsed before (as the daemon's store keeps it), with a subject parsing would not give. */
async function stored(name: string): Promise<MessageRecord> {
  const bytes = bare(name);
  const r = await processMessage({ source: 'store', offset: 0, index: 41, bytes, size: bytes.length, oversized: false, truncated: false });
  return { ...r, subject: `stored: ${r.subject}` };
}

async function* stream(items: readonly IngestItem[]): AsyncGenerator<IngestItem> {
  for (const i of items) yield i;
}

async function parse(items: readonly IngestItem[], o: ParseOptions): Promise<{ records: MessageRecord[]; totals: { bytes: number; problems: SourceProblem[] }; parsed: number }> {
  const records: MessageRecord[] = [];
  const before = mailsParsed();
  const totals = await parseItems(stream(items), o, (r) => records.push(r));
  return { records, totals, parsed: mailsParsed() - before };
}

const names = (rs: readonly MessageRecord[]): string[] => rs.map((r) => r.subject.replace(/^(stored: )?\[PATCH\] gpio: frob: /, '$1'));

test('messages, byte ranges and records in one stream: records numbered 0, 1, 2… in input order, with jobs 1 and 2', async () => {
  await withTmp(async (dir) => {
    const a = await put(dir, 'a.mbox', mbox(mail('range-a1'), mail('range-a2')));
    const b = await put(dir, 'b.mbox', mail('range-b1'));
    const [a1, a2] = await ranges(a);
    const [b1] = await ranges(b);
    const recX = await stored('record-x');
    const recY = await stored('record-y');
    const problem: SourceProblem = { kind: 'truncated-gzip', source: 'c.mbox.gz', offset: 10, message: 'c.mbox.gz ends early' };
    const items: IngestItem[] = [
      message('msg-1'),
      a1!,
      { type: 'record', record: recX },
      a2!,
      b1!,
      { type: 'problem', problem },
      message('msg-2'),
      { type: 'record', record: recY },
      { type: 'read', source: a, bytes: 1234 },
      message('msg-3'),
    ];
    const want = ['msg-1', 'range-a1', 'stored: record-x', 'range-a2', 'range-b1', 'msg-2', 'stored: record-y', 'msg-3'];
    for (const jobs of [1, 2]) {
      const { records, totals } = await parse(items, { jobs });
      assert.deepEqual(names(records), want, `jobs ${jobs}`);
      assert.deepEqual(records.map((r) => r.index), [0, 1, 2, 3, 4, 5, 6, 7], `jobs ${jobs}: numbered in arrival order; problems and reads take no number`);
      assert.deepEqual(totals.problems, [problem]);
      assert.equal(totals.bytes, 1234);
      assert.deepEqual(records.map((r) => r.messageId), ['<msg-1@example.org>', '<range-a1@example.org>', '<record-x@example.org>', '<range-a2@example.org>', '<range-b1@example.org>', '<msg-2@example.org>', '<record-y@example.org>', '<msg-3@example.org>']);
      assert.deepEqual(records.map((r) => r.source), ['stdin', a, 'store', a, b, 'stdin', 'store', 'stdin'], 'ranges are read from their files');
      assert.deepEqual(records[2], { ...recX, index: 2 }, 'the record is passed through, renumbered only');
    }
  });
});

test('a record item is not parsed again: only raw messages and ranges are', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'a.mbox', mbox(mail('r1'), mail('r2')));
    const rs = await ranges(f);
    const records = await Promise.all(['s1', 's2', 's3'].map(stored));
    const items: IngestItem[] = [...records.map((record): IngestItem => ({ type: 'record', record })), message('m1'), ...rs];
    const one = await parse(items, { jobs: 1 });
    assert.equal(one.parsed, 3, 'one message and two ranges parsed, three records not');
    assert.deepEqual(names(one.records), ['stored: s1', 'stored: s2', 'stored: s3', 'm1', 'r1', 'r2']);
    const onlyRecords = await parse(records.map((record) => ({ type: 'record', record })), { jobs: 1 });
    assert.equal(onlyRecords.parsed, 0);
    assert.deepEqual(onlyRecords.records.map((r) => r.index), [0, 1, 2]);
    // With workers the main thread parses nothing: messages and ranges go to the workers, records pass.
    const two = await parse(items, { jobs: 2 });
    assert.equal(two.parsed, 0);
    assert.deepEqual(two.records, one.records, 'jobs 2 gives the very same records');
  });
});

test('runs longer than a worker batch (64), switches between kinds and files: order and numbers kept', async () => {
  await withTmp(async (dir) => {
    const n = 70;
    const fa = await put(dir, 'a.mbox', mbox(...Array.from({ length: n }, (_, i) => mail(`a${i}`))));
    const fb = await put(dir, 'b.mbox', mbox(...Array.from({ length: 6 }, (_, i) => mail(`b${i}`))));
    const ra = await ranges(fa);
    const rb = await ranges(fb);
    const items: IngestItem[] = [];
    const want: string[] = [];
    const add = (item: IngestItem, name: string): void => {
      items.push(item);
      want.push(name);
    };
    for (let i = 0; i < n; i++) add(message(`m${i}`), `m${i}`);
    add({ type: 'record', record: await stored('s0') }, 'stored: s0');
    for (let i = 0; i < n; i++) add(ra[i]!, `a${i}`);
    // Then short alternations: a message, a range of b, now and then a record; a range of a again.
    for (let i = 0; i < 6; i++) {
      add(message(`x${i}`), `x${i}`);
      add(rb[i]!, `b${i}`);
      if (i % 2) add({ type: 'record', record: await stored(`s${i}`) }, `stored: s${i}`);
    }
    add(ra[0]!, 'a0');
    const one = await parse(items, { jobs: 1 });
    const two = await parse(items, { jobs: 2 });
    assert.deepEqual(names(one.records), want);
    assert.deepEqual(one.records.map((r) => r.index), want.map((_, i) => i));
    assert.deepEqual(two.records, one.records, 'jobs 2');
  });
});

test('options reach the parse, in this thread and in the workers: reply facts when asked, no analysis when analyze is false', async () => {
  const t = patchMail({ subject: '[PATCH] gpio: frob: export', messageId: '<export@example.org>', added: ['EXPORT_SYMBOL(frob_thing);'] });
  const bytes = Buffer.from(t.slice(t.indexOf('\n') + 1));
  const items: IngestItem[] = [{ type: 'message', message: { source: 'stdin', offset: 0, index: 0, bytes, size: bytes.length, oversized: false, truncated: false } }];
  const plain = await parse(items, { jobs: 1 });
  assert.equal(plain.records[0]?.reply, undefined);
  assert.ok(plain.records[0]?.analysis, 'an added export is analysed by default');
  for (const jobs of [1, 2]) {
    const r = await parse(items, { jobs, reply: true, analyze: false });
    assert.equal(r.records[0]?.reply?.from.address, 'jane@example.org', `jobs ${jobs}`);
    assert.equal(r.records[0]?.analysis, undefined, `jobs ${jobs}`);
    assert.equal(r.records[0]?.kind, 'patch');
  }
});

test('an mbox with blank lines before its first message: records still numbered from 0', async () => {
  await withTmp(async (dir) => {
    const f = await put(dir, 'a.mbox', `\n\n${mbox(mail('first'), mail('second'))}`);
    const items = await ranges(f);
    for (const jobs of [1, 2]) {
      const { records } = await parse(items, { jobs });
      assert.deepEqual(names(records), ['first', 'second'], `jobs ${jobs}`);
      assert.deepEqual(records.map((r) => r.index), [0, 1], `jobs ${jobs}: the blank lines are no message, and take no number`);
    }
  });
});

test('an empty stream gives no records and empty totals', async () => {
  for (const jobs of [1, 2]) {
    const { records, totals } = await parse([], { jobs });
    assert.deepEqual(records, []);
    assert.deepEqual(totals, { bytes: 0, problems: [] });
  }
});

test('a range whose file is gone fails the run (with workers too)', async () => {
  const gone: MessageRange = { source: '/nonexistent/kvetch-test.mbox', index: 0, offset: 0, start: 0, end: 10 };
  for (const jobs of [1, 2]) await assert.rejects(parse([{ type: 'range', range: gone }], { jobs }), /ENOENT/, `jobs ${jobs}`);
});
