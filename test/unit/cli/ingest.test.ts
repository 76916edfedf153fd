import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ingestCommand, type IngestCommandOptions } from '../../../src/cli/commands/ingest.js';
import type { StateStore } from '../../../src/model/store.js';
import { openSqliteStore } from '../../../src/store/sqlite.js';
import { captureOutput } from '../../support/capture-output.js';
import { makeSeries, mbox, patchMail, put, replyMail, withTmp } from '../support/mail.js';

/** ingestCommand with what it prints captured (only its own writes; the test reporter's pass through). */
function ingest(inputs: string[], o: IngestCommandOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  return captureOutput(() => ingestCommand(inputs, o));
}

async function withDb<T>(db: string, fn: (s: StateStore) => Promise<T>): Promise<T> {
  const s = await openSqliteStore(db);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

const BIN = fileURLToPath(new URL('../../../src/cli/main.js', import.meta.url));

/** The built CLI with `input` on its standard input. */
function runWithStdin(args: string[], input: string | Buffer): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.end(input);
  });
}

const S = makeSeries({ tag: 'ingest', n: 2 });
const IDS = [S.coverId, ...S.patchIds];

test('ingesting the same mbox twice stores each Message-ID once', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'state', 'kvetch.db');
    const file = await put(dir, 'series.mbox', mbox(S.cover, ...S.patches));
    const first = await ingest([file], { db });
    assert.equal(first.code, 0);
    assert.equal(first.stdout, 'kvetch ingest: 3 mail(s) read, 3 new, stored under source local; the next kvetch watch round analyses them\n');
    const second = await ingest([file], { db });
    assert.equal(second.code, 0);
    assert.match(second.stdout, /: 3 mail\(s\) read, 0 new,/);
    await withDb(db, async (s) => {
      const waiting = await s.unassembled(100);
      assert.deepEqual(waiting.map((r) => r.messageId), IDS, 'each once, in arrival order');
      assert.deepEqual((await s.getMessages(IDS)).map((m) => m.raw.toString('utf8')), [S.cover, ...S.patches].map((t) => t.slice(t.indexOf('\n') + 1)), 'kept raw, without the mbox From line');
    });
  });
});

test('a Message-ID twice in one input, or in two inputs of one run, is stored once', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const a = await put(dir, 'a.mbox', mbox(S.cover, S.cover, S.patches[0]!));
    const b = await put(dir, 'b.mbox', mbox(S.patches[0]!, S.patches[1]!));
    const r = await ingest([a, b], { db });
    assert.match(r.stdout, /: 5 mail\(s\) read, 3 new,/);
    await withDb(db, async (s) => assert.deepEqual((await s.unassembled(100)).map((x) => x.messageId), IDS));
  });
});

test('records are stored with the mail: parsed once, subject and kind included', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const reply = replyMail({ subject: `Re: ${S.subjects[0]}`, messageId: '<reply.ingest@example.net>', inReplyTo: S.patchIds[0]! });
    const file = await put(dir, 'series.mbox', mbox(S.cover, ...S.patches, reply));
    await ingest([file], { db });
    await withDb(db, async (s) => {
      const records = await s.getRecords([S.patchIds[1]!, S.coverId, '<reply.ingest@example.net>', '<unknown@example.org>']);
      assert.deepEqual(records.map((r) => r.messageId), [S.patchIds[1], S.coverId, '<reply.ingest@example.net>'], 'in the order asked, unknown ids left out');
      const [patch, cover, re] = records.map((r) => r.record);
      assert.ok(patch && cover && re);
      assert.equal(patch.subject, S.subjects[1]);
      assert.equal(patch.parsedSubject.index, 2);
      assert.equal(patch.parsedSubject.total, 2);
      assert.equal(patch.parsedSubject.title, 'gpio: frob: step 2 of ingest');
      assert.equal(patch.kind, 'patch');
      assert.equal(patch.hasDiff, true);
      assert.deepEqual(patch.files.map((f) => f.path), ['drivers/gpio/gpio-frob2.c']);
      assert.equal(patch.inReplyTo, S.coverId);
      assert.ok(patch.reply?.diff?.includes('step 2 of ingest'), 'what a reply needs is kept');
      assert.equal(cover.kind, 'cover');
      assert.equal(cover.parsedSubject.index, 0);
      assert.equal(re.kind, 'comment');
      assert.equal(re.parsedSubject.isReply, true);
      assert.ok(records.every((r) => r.source === 'local'));
    });
  });
});

test('--source names the source the mail is stored under', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const file = await put(dir, 'one.mbox', S.patches[0]!);
    const r = await ingest([file], { db, source: 'lore:linux-gpio' });
    assert.match(r.stdout, /stored under source lore:linux-gpio;/);
    await withDb(db, async (s) => {
      const [rec] = await s.getRecords([S.patchIds[0]!]);
      assert.equal(rec?.source, 'lore:linux-gpio');
      assert.equal(rec?.record?.source, 'lore:linux-gpio');
    });
  });
});

test('a directory, a gzip and a mail without Message-ID are all taken in', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const d = join(dir, 'in');
    await mkdir(d);
    await put(d, 'a.mbox', S.cover);
    await put(d, 'b.mbox.gz', gzipSync(Buffer.from(mbox(...S.patches))));
    await put(d, 'c.mbox', patchMail({ subject: '[PATCH] gpio: frob: no id', messageId: null }));
    const r = await ingest([d], { db });
    assert.match(r.stdout, /: 4 mail\(s\) read, 4 new,/);
    const again = await ingest([d], { db });
    assert.match(again.stdout, /: 4 mail\(s\) read, 0 new,/, 'the derived Message-ID is stable');
    await withDb(db, async (s) => {
      const waiting = await s.unassembled(100);
      assert.equal(waiting.length, 4);
      const derived = waiting.find((w) => w.record?.messageIdDerived);
      assert.match(derived?.messageId ?? '', /^<kvetch-derived\.[0-9a-f]{24}@message-id\.invalid>$/);
      assert.equal(derived?.record?.subject, '[PATCH] gpio: frob: no id');
    });
  });
});

test('more mail than one batch (200) is stored whole', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const mails = Array.from({ length: 450 }, (_, i) => patchMail({ subject: `[PATCH] gpio: frob: change ${i}`, messageId: `<batch-${i}@example.org>`, added: [`\t/* ${i} */`] }));
    const file = await put(dir, 'big.mbox', mbox(...mails));
    const r = await ingest([file], { db });
    assert.match(r.stdout, /: 450 mail\(s\) read, 450 new,/);
    await withDb(db, async (s) => {
      const waiting = await s.unassembled(1000);
      assert.deepEqual(waiting.map((w) => w.messageId), mails.map((_, i) => `<batch-${i}@example.org>`));
      assert.deepEqual(waiting.map((w) => w.record?.subject), mails.map((_, i) => `[PATCH] gpio: frob: change ${i}`), 'each record is its own mail');
    });
  });
});

test('kvetch ingest - reads one mail from standard input, as an MTA pipe hands it over', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    // No mbox From line: what a .forward or an aliases pipe gets.
    const mail = S.patches[0]!.slice(S.patches[0]!.indexOf('\n') + 1);
    const r = await runWithStdin(['ingest', '-', '--db', db], mail);
    assert.equal(r.stderr, '');
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'kvetch ingest: 1 mail(s) read, 1 new, stored under source local; the next kvetch watch round analyses them\n');
    const again = await runWithStdin(['ingest', '-', '--db', db, '--source', 'other'], mail);
    assert.equal(again.status, 0);
    assert.match(again.stdout, /: 1 mail\(s\) read, 0 new, stored under source other;/, 'kept once, whatever the source');
    await withDb(db, async (s) => {
      const stored = await s.getMessages([S.patchIds[0]!]);
      assert.equal(stored.length, 1);
      assert.equal(stored[0]?.raw.toString('utf8'), mail);
      assert.equal(stored[0]?.record?.subject, S.subjects[0]);
      assert.equal(stored[0]?.source, 'local');
    });
  });
});

test('kvetch ingest - takes an mbox on standard input too, beside files', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const file = await put(dir, 'cover.mbox', S.cover);
    const r = await runWithStdin(['ingest', file, '-', '--db', db], mbox(...S.patches));
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /: 3 mail\(s\) read, 3 new,/);
    await withDb(db, async (s) => assert.deepEqual((await s.unassembled(100)).map((x) => x.messageId), IDS));
  });
});

test('kvetch ingest of a missing file fails with exit 2 and says which', async () => {
  await withTmp(async (dir) => {
    const db = join(dir, 'kvetch.db');
    const r = await runWithStdin(['ingest', join(dir, 'nowhere.mbox'), '--db', db], '');
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read .*nowhere\.mbox: ENOENT/);
  });
});
