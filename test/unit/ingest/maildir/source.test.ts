import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { intake } from '../../../../src/daemon/intake.js';
import { maildirKey, maildirSource, type MaildirConfig } from '../../../../src/ingest/maildir/source.js';
import { UserError } from '../../../../src/model/errors.js';
import type { PollContext, Polled } from '../../../../src/model/source.js';
import { openSqliteStore } from '../../../../src/store/sqlite.js';
import { memoryPollContext } from '../../../support/poll-context.js';
import { patchMail, withTmp } from '../../support/mail.js';

const T0 = 1_700_000_000;

/** One mail as an MDA writes it into a maildir: no mbox `From ` line. */
function mail(n: string | number, body = `body of mail ${n}\n`): string {
  return `From: Jane Hacker <jane@example.org>\nTo: linux-gpio@vger.kernel.org\nSubject: mail ${n}\nMessage-ID: <mail-${n}@example.org>\nDate: Mon, 04 Mar 2024 10:00:00 +0000\n\n${body}`;
}

/** A maildir with new/, cur/ and tmp/ under `dir/name`. */
async function makeMaildir(dir: string, name = 'Maildir'): Promise<string> {
  const md = join(dir, name);
  for (const sub of ['new', 'cur', 'tmp']) await mkdir(join(md, sub), { recursive: true });
  return md;
}

/** Deliver `content` as `md/sub/file`, its mtime `T0 + at` seconds. */
async function deliver(md: string, sub: 'new' | 'cur' | 'tmp', file: string, content: string, at: number): Promise<string> {
  const p = join(md, sub, file);
  await writeFile(p, content);
  await utimes(p, T0 + at, T0 + at);
  return p;
}

const subjects = (p: Polled): string[] => p.mails.map((m) => /^Subject: (.*)$/m.exec(m.toString('utf8'))?.[1] ?? '?');

const cfg = (path: string, maxPerRound?: number): MaildirConfig => maildirSource.config!.parse({ type: 'maildir', path, ...(maxPerRound ? { maxPerRound } : {}) });

async function poll(c: MaildirConfig, ctx: PollContext): Promise<Polled> {
  return maildirSource.poll!(c, ctx);
}

test('maildirKey: the unique part before the flags', () => {
  assert.equal(maildirKey('1700000000.M1P2.host'), '1700000000.M1P2.host');
  assert.equal(maildirKey('1700000000.M1P2.host:2,S'), '1700000000.M1P2.host');
  assert.equal(maildirKey('1700000000.M1P2.host:2,FRS'), '1700000000.M1P2.host');
  assert.equal(maildirKey('1700000000.M1P2.host:2,'), '1700000000.M1P2.host');
  assert.equal(maildirKey(':odd'), ':odd', 'a name that is all flags keeps its name');
});

test('config: path required, maxPerRound 1000 by default, unknown keys refused', () => {
  assert.equal(cfg('/m').maxPerRound, 1000);
  assert.equal(maildirSource.defaultId!(cfg('/srv/Maildir')), 'maildir:/srv/Maildir');
  assert.equal(maildirSource.config!.safeParse({ type: 'maildir', path: '' }).success, false);
  assert.equal(maildirSource.config!.safeParse({ type: 'maildir', path: '/m', maxPerRound: 0 }).success, false);
  assert.equal(maildirSource.config!.safeParse({ type: 'maildir', path: '/m', max: 3 }).success, false);
});

test('every mail in new/ and cur/ is taken once, in mtime order; tmp/ and dot-files never', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    // Names sort the other way from their arrival: the order must come from the mtimes.
    await deliver(md, 'new', '1700000009.M9P1.host', mail('first'), 1);
    await deliver(md, 'cur', '1700000008.M8P1.host:2,S', mail('second'), 2);
    await deliver(md, 'new', '1700000007.M7P1.host', mail('third'), 3);
    await deliver(md, 'cur', '1700000006.M6P1.host:2,RS', mail('fourth'), 4);
    await deliver(md, 'tmp', '1700000001.M1P1.host', mail('being written'), 0);
    await deliver(md, 'new', '.1700000002.M2P1.host', mail('hidden new'), 0);
    await deliver(md, 'cur', '.hidden', mail('hidden cur'), 0);
    const p = memoryPollContext({ baseDir: dir, id: 'maildir:test' });
    const first = await poll(cfg(md), p.ctx);
    assert.deepEqual(subjects(first), ['mail first', 'mail second', 'mail third', 'mail fourth']);
    assert.deepEqual(first.items, ['1700000009.M9P1.host', '1700000008.M8P1.host', '1700000007.M7P1.host', '1700000006.M6P1.host'], 'items are the keys, flags left out');
    assert.equal(first.cursor, null, 'a maildir keeps no cursor: the items are its memory');
    assert.equal(first.mails[0]?.toString('utf8'), mail('first'), 'the mail exactly as delivered');
    p.record(first);
    const second = await poll(cfg(md), p.ctx);
    assert.deepEqual(second.mails, [], 'nothing is taken twice');
    assert.deepEqual(second.items, []);
    assert.ok(p.asked.flat().every((k) => !k.includes(':') && !k.startsWith('.')), 'seen() is asked about keys only');
  });
});

test('same mtime: the order falls back to the key', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    await deliver(md, 'new', 'b.host', mail('b'), 5);
    await deliver(md, 'new', 'a.host', mail('a'), 5);
    await deliver(md, 'cur', 'c.host:2,S', mail('c'), 5);
    const p = memoryPollContext({ baseDir: dir });
    assert.deepEqual(subjects(await poll(cfg(md), p.ctx)), ['mail a', 'mail b', 'mail c']);
  });
});

test('a mail moved from new/ to cur/ and flagged :2,S is not taken again', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    await deliver(md, 'new', '1700000001.M1P1.host', mail(1), 1);
    const p = memoryPollContext({ baseDir: dir });
    const first = await poll(cfg(md), p.ctx);
    assert.deepEqual(subjects(first), ['mail 1']);
    p.record(first);
    // A mail reader saw it.
    await rename(join(md, 'new', '1700000001.M1P1.host'), join(md, 'cur', '1700000001.M1P1.host:2,S'));
    await deliver(md, 'new', '1700000002.M2P1.host', mail(2), 2);
    const second = await poll(cfg(md), p.ctx);
    assert.deepEqual(subjects(second), ['mail 2'], 'only the new delivery');
    assert.deepEqual(second.items, ['1700000002.M2P1.host']);
    p.record(second);
    // Flagged again (replied, flagged): still the same mail.
    await rename(join(md, 'cur', '1700000001.M1P1.host:2,S'), join(md, 'cur', '1700000001.M1P1.host:2,FRS'));
    assert.deepEqual((await poll(cfg(md), p.ctx)).mails, []);
  });
});

test('a mail caught in new/ and cur/ at once (mid-move) is taken once', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    await deliver(md, 'new', '1700000001.M1P1.host', mail(1), 1);
    await deliver(md, 'cur', '1700000001.M1P1.host:2,S', mail(1), 1);
    const p = memoryPollContext({ baseDir: dir });
    const got = await poll(cfg(md), p.ctx);
    assert.deepEqual(subjects(got), ['mail 1']);
    assert.deepEqual(got.items, ['1700000001.M1P1.host']);
  });
});

test('maxPerRound limits a round; the rest come in the next rounds, oldest first', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    for (let i = 1; i <= 5; i++) await deliver(md, i % 2 ? 'new' : 'cur', `${1700000000 + 10 - i}.M${i}P1.host${i % 2 ? '' : ':2,S'}`, mail(i), i);
    const p = memoryPollContext({ baseDir: dir });
    const rounds: string[][] = [];
    for (let r = 0; r < 4; r++) {
      const got = await poll(cfg(md, 2), p.ctx);
      assert.equal(got.items?.length, got.mails.length, 'one item per one-mail file');
      rounds.push(subjects(got));
      p.record(got);
    }
    assert.deepEqual(rounds, [['mail 1', 'mail 2'], ['mail 3', 'mail 4'], ['mail 5'], []]);
    const waits = p.log.lines.filter((l) => l.level === 'info' && /next rounds/.test(l.msg ?? ''));
    assert.deepEqual(waits.map((l) => l.obj), [{ taken: 2, left: 3 }, { taken: 2, left: 1 }], 'the log says how much waits');
  });
});

test('a mail delivered between rounds that is older than the ones waiting comes first', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    for (let i = 1; i <= 3; i++) await deliver(md, 'new', `m${i}.host`, mail(i), 10 + i);
    const p = memoryPollContext({ baseDir: dir });
    const one = await poll(cfg(md, 1), p.ctx);
    p.record(one);
    await deliver(md, 'new', 'late.host', mail('late'), 0); // an MDA that kept the sender's time
    const two = await poll(cfg(md, 1), p.ctx);
    assert.deepEqual([subjects(one), subjects(two)], [['mail 1'], ['mail late']]);
  });
});

test('a directory with neither new/ nor cur/ is an error saying so; one of them is enough', async () => {
  await withTmp(async (dir) => {
    await mkdir(join(dir, 'notmail', 'tmp'), { recursive: true });
    const p = memoryPollContext({ baseDir: dir });
    await assert.rejects(poll(cfg(join(dir, 'notmail')), p.ctx), (e: unknown) => e instanceof UserError && e.message === `${join(dir, 'notmail')} is not a maildir (it has neither new/ nor cur/); check the source's path`);
    await mkdir(join(dir, 'onlycur', 'cur'), { recursive: true });
    await writeFile(join(dir, 'onlycur', 'cur', 'x.host:2,S'), mail('x'));
    assert.deepEqual(subjects(await poll(cfg(join(dir, 'onlycur')), p.ctx)), ['mail x']);
    await mkdir(join(dir, 'onlynew', 'new'), { recursive: true });
    assert.deepEqual((await poll(cfg(join(dir, 'onlynew')), p.ctx)).mails, [], 'an empty maildir is no error');
  });
});

test('a missing maildir is an error too', async () => {
  await withTmp(async (dir) => {
    const p = memoryPollContext({ baseDir: dir });
    await assert.rejects(poll(cfg(join(dir, 'nowhere')), p.ctx), /nowhere is not a maildir/);
  });
});

test("baseDir resolves a relative path (kvetch.yml's directory); an absolute path ignores it", async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(join(dir, 'etc'), 'mail/lkml');
    await deliver(md, 'new', 'a.host', mail('rel'), 1);
    const p = memoryPollContext({ baseDir: join(dir, 'etc') });
    assert.deepEqual(subjects(await poll(cfg('mail/lkml'), p.ctx)), ['mail rel']);
    assert.deepEqual(subjects(await poll(cfg('./mail/../mail/lkml'), p.ctx)), ['mail rel']);
    const elsewhere = memoryPollContext({ baseDir: join(dir, 'somewhere-else') });
    assert.deepEqual(subjects(await poll(cfg(md), elsewhere.ctx)), ['mail rel']);
    await assert.rejects(poll(cfg('mail/lkml'), elsewhere.ctx), /not a maildir/, 'relative to baseDir, not to the working directory');
  });
});

test('a maildir file is one mail, even when its body carries a format-patch `From <sha>` line', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    // Someone pastes `git format-patch` output into a mail: a maildir stores no mbox separators,
    // so every line of the file is the mail's.
    const pasted = patchMail({ subject: '[PATCH] gpio: frob: pasted', messageId: '<pasted@example.org>' });
    const content = mail('fwd', `Could you take this one?\n\n${pasted}`);
    await deliver(md, 'new', 'fwd.host', content, 1);
    const p = memoryPollContext({ baseDir: dir });
    const got = await poll(cfg(md), p.ctx);
    assert.equal(got.mails.length, 1, 'one file, one mail');
    assert.equal(got.mails[0]?.toString('utf8'), content);
  });
});

test('items recorded through the SQLite store: what was stored is not taken again', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    await deliver(md, 'new', '1700000001.M1P1.host', mail(1), 1);
    await deliver(md, 'cur', '1700000002.M2P1.host:2,S', mail(2), 2);
    const store = await openSqliteStore(join(dir, 'state.db'));
    try {
      await store.migrate();
      const id = 'maildir:test';
      const ctx: PollContext = { ...memoryPollContext({ baseDir: dir, id }).ctx, seen: (items) => store.seenItems(id, items) };
      const round = async (): Promise<{ polled: Polled; fresh: string[] }> => {
        const polled = await poll(cfg(md), ctx);
        const stored = await intake(polled.mails, id, new Date());
        const fresh = await store.ingest(id, stored, polled.cursor, polled.items ?? []);
        return { polled, fresh };
      };
      const first = await round();
      assert.deepEqual(first.fresh, ['<mail-1@example.org>', '<mail-2@example.org>']);
      assert.deepEqual([...(await store.seenItems(id, ['1700000001.M1P1.host', '1700000002.M2P1.host', 'other.host']))].sort(), ['1700000001.M1P1.host', '1700000002.M2P1.host']);
      assert.deepEqual([...(await store.seenItems('maildir:other', ['1700000001.M1P1.host']))], [], 'items are kept per source');
      const records = await store.getRecords(['<mail-1@example.org>', '<mail-2@example.org>']);
      assert.deepEqual(records.map((r) => r.record?.subject), ['mail 1', 'mail 2']);
      await rename(join(md, 'new', '1700000001.M1P1.host'), join(md, 'cur', '1700000001.M1P1.host:2,S'));
      await deliver(md, 'new', '1700000003.M3P1.host', mail(3), 3);
      const second = await round();
      assert.deepEqual(subjects(second.polled), ['mail 3']);
      assert.deepEqual(second.fresh, ['<mail-3@example.org>']);
      const third = await round();
      assert.deepEqual(third.polled.mails, []);
      assert.deepEqual(third.fresh, []);
    } finally {
      await store.close();
    }
  });
});

test('seen() is asked in chunks of at most 500 keys, and every mail is still taken once', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    for (let i = 0; i < 601; i++) await deliver(md, i % 2 ? 'cur' : 'new', `k${String(i).padStart(4, '0')}.host${i % 2 ? ':2,S' : ''}`, mail(i), i);
    const p = memoryPollContext({ baseDir: dir });
    const one = await poll(cfg(md, 5000), p.ctx);
    assert.equal(one.mails.length, 601);
    assert.deepEqual(p.asked.map((a) => a.length), [500, 101]);
    assert.equal(p.asked.flat().length, 601);
    p.record(one);
    assert.equal((await poll(cfg(md, 5000), p.ctx)).mails.length, 0);
  });
});

test('a maildir mail is kept byte for byte: a `>From ` line is not mbox quoting', async () => {
  await withTmp(async (dir) => {
    const md = await makeMaildir(dir);
    const content = mail('quoted', 'hello\n\n>From the datasheet: the bank has 32 lines\n');
    await deliver(md, 'new', 'q.host', content, 1);
    const p = memoryPollContext({ baseDir: dir });
    const got = await poll(cfg(md), p.ctx);
    assert.deepEqual(got.mails.map((m) => m.toString('utf8')), [content]);
  });
});
