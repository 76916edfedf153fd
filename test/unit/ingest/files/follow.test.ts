import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { followFiles, readCursor, type FilesCursor } from '../../../../src/ingest/files/follow.js';
import { filesSource, type FilesConfig } from '../../../../src/ingest/files/source.js';
import { memoryPollContext } from '../../../support/poll-context.js';
import { mbox, patchMail, put, withTmp } from '../../support/mail.js';

/** A format-patch mail (mbox `From ` line included) with subject `[PATCH] <name>`. */
const m = (name: string): string => patchMail({ subject: `[PATCH] ${name}`, messageId: `<${name}@example.org>`, path: `drivers/gpio/gpio-${name}.c` });

const subjects = (mails: Buffer[]): string[] => mails.map((b) => /^Subject: \[PATCH\] (.*)$/m.exec(b.toString('utf8'))?.[1] ?? '?');
const cursorOf = (text: string): FilesCursor => JSON.parse(text) as FilesCursor;

test('readCursor: null, empty and unreadable cursors start from nothing', () => {
  assert.deepEqual(readCursor(null), { files: {} });
  assert.deepEqual(readCursor(''), { files: {} });
  assert.deepEqual(readCursor('not json'), { files: {} });
  assert.deepEqual(readCursor('{"files": 3}'), { files: {} });
  assert.deepEqual(readCursor('{"files": {"a": {"ino": 1, "size": 2, "mtime": 3, "offset": 2}}}'), { files: { a: { ino: 1, size: 2, mtime: 3, offset: 2 } } });
});

test('a plain mbox followed as it grows: only the appended message comes, the offset moves', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'inbox.mbox', mbox(m('one'), m('two')));
    const first = await followFiles(file, dir, null, 1000);
    assert.deepEqual(subjects(first.mails), ['one', 'two']);
    const c1 = cursorOf(first.cursor);
    assert.deepEqual(Object.keys(c1.files), ['inbox.mbox'], 'keyed by the path relative to the base');
    const size1 = (await stat(file)).size;
    assert.equal(c1.files['inbox.mbox']?.offset, size1, 'taken to the end of the last message');
    assert.equal(c1.files['inbox.mbox']?.size, size1);
    assert.equal(c1.files['inbox.mbox']?.count, undefined);
    assert.equal(first.mails[0]?.toString('utf8'), m('one').slice(m('one').indexOf('\n') + 1), 'the mail without its mbox From line');

    await appendFile(file, m('three'));
    const second = await followFiles(file, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['three']);
    const c2 = cursorOf(second.cursor);
    assert.equal(c2.files['inbox.mbox']?.offset, (await stat(file)).size);
    assert.ok((c2.files['inbox.mbox']?.offset ?? 0) > size1);
    assert.equal(c2.files['inbox.mbox']?.ino, c1.files['inbox.mbox']?.ino);

    await appendFile(file, mbox(m('four'), m('five')));
    const third = await followFiles(file, dir, second.cursor, 1000);
    assert.deepEqual(subjects(third.mails), ['four', 'five']);
  });
});

test('unchanged files produce nothing and keep their cursor; a touched one produces nothing new', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'inbox.mbox', mbox(m('one'), m('two')));
    const gz = await put(dir, 'old.mbox.gz', gzipSync(Buffer.from(m('zipped'))));
    const first = await followFiles(dir, dir, null, 1000);
    assert.deepEqual(subjects(first.mails).sort(), ['one', 'two', 'zipped']);
    const again = await followFiles(dir, dir, first.cursor, 1000);
    assert.deepEqual(again.mails, []);
    assert.deepEqual(cursorOf(again.cursor), cursorOf(first.cursor));
    // Same bytes, new mtime (a mail reader, `touch`): read again, nothing new in it.
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    await utimes(gz, later, later);
    const touched = await followFiles(dir, dir, first.cursor, 1000);
    assert.deepEqual(touched.mails, []);
    assert.equal(cursorOf(touched.cursor).files['inbox.mbox']?.offset, cursorOf(first.cursor).files['inbox.mbox']?.offset);
    assert.equal(cursorOf(touched.cursor).files['old.mbox.gz']?.count, 1);
  });
});

test('a gzip mbox rewritten in place with one more message: only the new one', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'list.mbox.gz', gzipSync(Buffer.from(mbox(m('one'), m('two')))));
    const ino = (await stat(file)).ino;
    const first = await followFiles(file, dir, null, 1000);
    assert.deepEqual(subjects(first.mails), ['one', 'two']);
    assert.equal(cursorOf(first.cursor).files['list.mbox.gz']?.count, 2, 'a gzip is followed by message count');
    assert.equal(cursorOf(first.cursor).files['list.mbox.gz']?.offset, undefined);
    await writeFile(file, gzipSync(Buffer.from(mbox(m('one'), m('two'), m('three')))));
    assert.equal((await stat(file)).ino, ino, 'rewritten in place: the same file');
    const second = await followFiles(file, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['three']);
    assert.equal(cursorOf(second.cursor).files['list.mbox.gz']?.count, 3);
  });
});

test('a plain mbox that shrank is read from the start', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'inbox.mbox', mbox(m('one'), m('two'), m('three')));
    const first = await followFiles(file, dir, null, 1000);
    const ino = (await stat(file)).ino;
    // Expunged by a mail reader: the same file, shorter.
    await writeFile(file, mbox(m('four')));
    assert.equal((await stat(file)).ino, ino);
    const second = await followFiles(file, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['four']);
    assert.equal(cursorOf(second.cursor).files['inbox.mbox']?.offset, (await stat(file)).size);
    await appendFile(file, m('five'));
    assert.deepEqual(subjects((await followFiles(file, dir, second.cursor, 1000)).mails), ['five'], 'and followed from there');
  });
});

test('a gzip that shrank is read from the start', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'a.mbox.gz', gzipSync(Buffer.from(mbox(m('one'), m('two'), m('three')))));
    const first = await followFiles(file, dir, null, 1000);
    await writeFile(file, gzipSync(Buffer.from(m('four'))));
    const second = await followFiles(file, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['four']);
    assert.equal(cursorOf(second.cursor).files['a.mbox.gz']?.count, 1);
  });
});

test('a file replaced by another (a new inode) is read from the start, even when it is larger', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'inbox.mbox', mbox(m('one'), m('two')));
    const first = await followFiles(file, dir, null, 1000);
    const before = (await stat(file)).ino;
    // Written beside it and renamed over it, as rsync and archive mirrors do.
    const tmp = await put(dir, '.inbox.mbox.tmp', mbox(m('one'), m('two'), m('three')));
    await rename(tmp, file);
    assert.notEqual((await stat(file)).ino, before, 'a new file');
    const second = await followFiles(file, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['one', 'two', 'three'], 'the store keeps each Message-ID once');
    assert.equal(cursorOf(second.cursor).files['inbox.mbox']?.ino, (await stat(file)).ino);

    const gz = await put(dir, 'list.mbox.gz', gzipSync(Buffer.from(mbox(m('a'), m('b')))));
    const g1 = await followFiles(gz, dir, null, 1000);
    const gtmp = await put(dir, '.list.tmp', gzipSync(Buffer.from(mbox(m('a'), m('b'), m('c')))));
    await rename(gtmp, gz);
    assert.deepEqual(subjects((await followFiles(gz, dir, g1.cursor, 1000)).mails), ['a', 'b', 'c']);
  });
});

test('an empty file is followed once mail arrives in it', async () => {
  await withTmp(async (dir) => {
    const file = await put(dir, 'inbox.mbox', '');
    const first = await followFiles(file, dir, null, 1000);
    assert.deepEqual(first.mails, []);
    await appendFile(file, mbox(m('one'), m('two')));
    const second = await followFiles(file, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['one', 'two']);
    await appendFile(file, m('three'));
    assert.deepEqual(subjects((await followFiles(file, dir, second.cursor, 1000)).mails), ['three']);
  });
});

test('a directory of files: each followed on its own, configs, READMEs and dot-files left out', async () => {
  await withTmp(async (dir) => {
    const d = join(dir, 'mail');
    await mkdir(join(d, 'sub'), { recursive: true });
    const a = await put(d, 'a.mbox', mbox(m('a1'), m('a2')));
    await put(d, 'b.mbox.gz', gzipSync(Buffer.from(m('b1'))));
    const c = await put(join(d, 'sub'), 'c.mbox', m('c1'));
    await put(d, 'README.md', m('readme'));
    await put(d, 'kvetch.yml', m('config'));
    await put(d, '.hidden.mbox', m('hidden'));
    const first = await followFiles(d, dir, null, 1000);
    assert.deepEqual(subjects(first.mails), ['a1', 'a2', 'b1', 'c1'], 'files in name order');
    assert.deepEqual(Object.keys(cursorOf(first.cursor).files).sort(), ['mail/a.mbox', 'mail/b.mbox.gz', 'mail/sub/c.mbox']);
    await appendFile(a, m('a3'));
    await appendFile(c, m('c2'));
    await put(d, 'd.mbox', m('d1'));
    const second = await followFiles(d, dir, first.cursor, 1000);
    assert.deepEqual(subjects(second.mails), ['a3', 'd1', 'c2']);
    assert.deepEqual(Object.keys(cursorOf(second.cursor).files).sort(), ['mail/a.mbox', 'mail/b.mbox.gz', 'mail/d.mbox', 'mail/sub/c.mbox']);
    assert.deepEqual((await followFiles(d, dir, second.cursor, 1000)).mails, []);
  });
});

test('max stops early: the files not read come next time, nothing is skipped', async () => {
  await withTmp(async (dir) => {
    for (const f of ['a', 'b', 'c']) await put(dir, `${f}.mbox`, mbox(m(`${f}1`), m(`${f}2`)));
    const first = await followFiles(dir, dir, null, 3);
    // A file is read whole once started: max is "about".
    assert.deepEqual(subjects(first.mails), ['a1', 'a2', 'b1', 'b2']);
    assert.deepEqual(Object.keys(cursorOf(first.cursor).files).sort(), ['a.mbox', 'b.mbox'], 'c.mbox is not marked as read');
    const second = await followFiles(dir, dir, first.cursor, 3);
    assert.deepEqual(subjects(second.mails), ['c1', 'c2']);
    const third = await followFiles(dir, dir, second.cursor, 3);
    assert.deepEqual(third.mails, []);
  });
});

test('max: a grown file left for later keeps its old mark, so its new mail is not lost', async () => {
  await withTmp(async (dir) => {
    const a = await put(dir, 'a.mbox', m('a1'));
    const b = await put(dir, 'b.mbox', m('b1'));
    const gz = await put(dir, 'c.mbox.gz', gzipSync(Buffer.from(m('c1'))));
    const first = await followFiles(dir, dir, null, 1000);
    await appendFile(a, m('a2'));
    await appendFile(b, m('b2'));
    await writeFile(gz, gzipSync(Buffer.from(mbox(m('c1'), m('c2')))));
    const second = await followFiles(dir, dir, first.cursor, 1);
    assert.deepEqual(subjects(second.mails), ['a2']);
    assert.deepEqual(cursorOf(second.cursor).files['b.mbox'], cursorOf(first.cursor).files['b.mbox'], 'b as it was');
    assert.deepEqual(cursorOf(second.cursor).files['c.mbox.gz'], cursorOf(first.cursor).files['c.mbox.gz'], 'c as it was');
    const third = await followFiles(dir, dir, second.cursor, 1);
    assert.deepEqual(subjects(third.mails), ['b2']);
    const fourth = await followFiles(dir, dir, third.cursor, 1);
    assert.deepEqual(subjects(fourth.mails), ['c2']);
    assert.deepEqual((await followFiles(dir, dir, fourth.cursor, 1)).mails, []);
  });
});

test('a file gone from the directory leaves the cursor; one that comes back is read again', async () => {
  await withTmp(async (dir) => {
    await put(dir, 'a.mbox', m('a1'));
    const b = await put(dir, 'b.mbox', m('b1'));
    const first = await followFiles(dir, dir, null, 1000);
    await rename(b, join(dir, '.b.mbox.away'));
    const second = await followFiles(dir, dir, first.cursor, 1000);
    assert.deepEqual(second.mails, []);
    assert.deepEqual(Object.keys(cursorOf(second.cursor).files), ['a.mbox']);
    await rename(join(dir, '.b.mbox.away'), b);
    assert.deepEqual(subjects((await followFiles(dir, dir, second.cursor, 1000)).mails), ['b1']);
  });
});

test('the files source polls with the stored cursor; a relative path is relative to baseDir', async () => {
  await withTmp(async (dir) => {
    const etc = join(dir, 'etc');
    await mkdir(join(etc, 'mail'), { recursive: true });
    const file = await put(join(etc, 'mail'), 'lkml.mbox', mbox(m('one'), m('two')));
    const c: FilesConfig = filesSource.config!.parse({ type: 'files', path: 'mail/lkml.mbox' });
    assert.equal(c.maxPerRound, 1000);
    assert.equal(filesSource.defaultId!(c), 'files:mail/lkml.mbox');
    const p = memoryPollContext({ baseDir: etc, id: 'files:mail/lkml.mbox' });
    const first = await filesSource.poll!(c, p.ctx);
    assert.deepEqual(subjects(first.mails), ['one', 'two']);
    assert.deepEqual(Object.keys(cursorOf(first.cursor ?? '{}').files), ['mail/lkml.mbox'], 'keyed relative to kvetch.yml');
    assert.equal(first.items, undefined, 'the cursor is its memory, not items');
    p.record(first);
    await appendFile(file, m('three'));
    const second = await filesSource.poll!(c, p.ctx);
    assert.deepEqual(subjects(second.mails), ['three']);
    p.record(second);
    assert.deepEqual((await filesSource.poll!(c, p.ctx)).mails, []);
    const limited = filesSource.config!.parse({ type: 'files', path: 'mail', maxPerRound: 1 });
    const q = memoryPollContext({ baseDir: etc });
    assert.deepEqual(subjects((await filesSource.poll!(limited, q.ctx)).mails), ['one', 'two', 'three'], 'one file is read whole');
  });
});

test('a missing path is an error', async () => {
  await withTmp(async (dir) => {
    await assert.rejects(followFiles(join(dir, 'nowhere.mbox'), dir, null, 1000), /ENOENT/);
  });
});

test('a message still being appended when polled is not taken cut short for good', async () => {
  await withTmp(async (dir) => {
    const two = m('two');
    const cut = two.indexOf('\n---\n');
    // The MDA has written the first half of `two` when the poll comes.
    const file = await put(dir, 'inbox.mbox', m('one') + two.slice(0, cut));
    const first = await followFiles(file, dir, null, 1000);
    await appendFile(file, two.slice(cut) + m('three'));
    const second = await followFiles(file, dir, first.cursor, 1000);
    const taken = [...first.mails, ...second.mails].map((b) => b.toString('utf8'));
    const whole = two.slice(two.indexOf('\n') + 1);
    assert.ok(taken.includes(whole), 'patch two is taken whole, in this poll or the next');
    assert.deepEqual(subjects([...first.mails, ...second.mails]).filter((s) => s === 'two').length, 1, 'and once');
  });
});
