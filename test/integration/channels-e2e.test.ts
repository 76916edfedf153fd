/**
 * Issue 6's acceptance run: `kvetch watch --send` follows a real public-inbox (the four seed
 * threads and the corpus sample), replies on a real SMTP server (smtp-server on 127.0.0.1) and posts checks to
 * the patchwork fake. Exactly one threaded reply per newest series version with findings (an
 * older revision's at most one), none to the kernel test robot's mail, none to an author who
 * opted out; one check per patch and context.
 * Then the daemon is started again and killed with SIGKILL at random points, and run once more:
 * zero additional mails, zero duplicate checks.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { toMbox } from '../support/mbox-write.js';
import { splitMbox } from '../../src/ingest/mbox/read-stream.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { rawMessages } from '../support/check.js';
import { supersededVersions } from '../support/superseded.js';
import { gitDiff } from '../support/diff-text.js';
import { startFakePatchwork, type FakePatchwork } from '../support/fake-patchwork.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';
import { runKvetch } from '../support/run-cli.js';
import { corpusDir, sharedDir } from '../support/shared-dir.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
const TOKEN = 'e2e-token';
let pi: PublicInbox | undefined;
let pw: FakePatchwork | undefined;
let smtp: SMTPServer | undefined;
let dir = '';

after(async () => {
  await pi?.stop();
  await pw?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ROBOT = Buffer.from(
  [
    'From: kernel test robot <lkp@intel.com>',
    'To: kvm@vger.kernel.org',
    'Subject: [PATCH] kvm: robot-made fix',
    'Date: Tue, 21 Nov 2023 10:00:00 +0000',
    'Message-ID: <robot.1@intel.com>',
    '',
    'Reported-by: kernel test robot <lkp@intel.com>',
    '---',
    gitDiff({ path: 'virt/kvm/kvm_main.c', lines: [' int kvm_robot(void)', ' {', '+}', '+EXPORT_SYMBOL(kvm_robot);'] }),
  ].join('\n'),
);

/** A patch whose author opted out: it has findings, and must get no reply. */
const OPTED_OUT = 'quiet@example.org';
const QUIET = Buffer.from(
  [
    `From: Quiet Developer <${OPTED_OUT}>`,
    'To: kvm@vger.kernel.org',
    'Subject: [PATCH] kvm: export a helper quietly',
    'Date: Tue, 21 Nov 2023 11:00:00 +0000',
    'Message-ID: <quiet.1@example.org>',
    '',
    'Signed-off-by: Quiet Developer <quiet@example.org>',
    '---',
    gitDiff({ path: 'virt/kvm/kvm_main.c', lines: [' int kvm_quiet(void)', ' {', '+}', '+EXPORT_SYMBOL_GPL(kvm_quiet);'] }),
  ].join('\n'),
);

async function startSmtp(received: ParsedMail[]): Promise<number> {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        simpleParser(Buffer.concat(chunks)).then((m) => {
          received.push(m);
          cb();
        }, cb);
      });
    },
  });
  await new Promise<void>((r) => smtp?.listen(0, '127.0.0.1', () => r()));
  return (smtp.server.address() as { port: number }).port;
}

function daemon(config: string, args: string[], log: string[]): ChildProcess {
  const c = spawn(process.execPath, [CLI, 'watch', '--config', config, '--send', ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, E2E_PW_TOKEN: TOKEN } });
  c.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return c;
}
const exited = (c: ChildProcess): Promise<number | null> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code))));
const header = (m: ParsedMail, k: string): string => {
  const v = m.headers.get(k);
  return typeof v === 'string' ? v : '';
};

test('watch --send with email and patchwork channels: one reply per version with findings, none to bots or after opt-out; no repeats after restarts and SIGKILL', { timeout: 15 * 60_000 }, async (t) => {
  const sample = readFileSync(join(corpusDir(), 'sample.mbox'));
  const seed = join(sharedDir(), 'seeds', '002_d3e5d54280f6b3b7.txt');
  pi = await startPublicInbox({ lists: [{ name: 'kvm', mbox: seed }], all: false, xapian: false });
  pw = await startFakePatchwork({ token: TOKEN });
  dir = await mkdtemp(join(tmpdir(), 'kvetch-e2e-'));
  const received: ParsedMail[] = [];
  const port = await startSmtp(received);
  const db = join(dir, 'kvetch.db');
  // One author opts out before anything is sent.
  const optedOut = OPTED_OUT;
  assert.equal((await runKvetch(['opt-out', optedOut, '--db', db])).status, 0);

  const config = join(dir, 'kvetch.yml');
  await writeFile(
    config,
    [
      `db: ${db}`,
      'pollInterval: 1',
      'gracePeriod: 1',
      'lease: 5',
      'sources:',
      '  - type: lore',
      `    base: ${pi.base}`,
      '    list: kvm',
      '    start: beginning',
      'channels:',
      '  email:',
      '    enabled: true',
      '    send: true',
      '    from: "kvetch bot <kvetch@example.org>"',
      `    smtp: { host: 127.0.0.1, port: ${port}, starttls: false }`,
      '    docsBase: https://kvetch.example.org',
      '    policies:',
      '      - list: lore:kvm',
      '        enabled: true',
      '        maxPerHour: 10000',
      '        cc: { extra: [kvm@vger.kernel.org] }',
      '  patchworkCheck:',
      '    enabled: true',
      '    send: true',
      `    base: ${pw.base}`,
      '    project: kvm',
      '    tokenEnv: E2E_PW_TOKEN',
      '    reportUrl: https://kvetch.example.org/report/{key}/{revision}',
      '',
    ].join('\n'),
  );
  // The archive and patchwork get the same mail: the seed thread is in already.
  // The other three seed threads (archive pages read by kvetch's own reader) join the list too.
  const otherSeeds: Buffer[] = [];
  for (const f of ['000_f11b1c8c6390254b.txt', '001_647feb4373fe2236.txt', '003_8c0105dc96b5de09.txt']) otherSeeds.push(...(await mailsOf(join(sharedDir(), 'seeds', f))));
  await pi.add('kvm', [...(await splitSample(sample)), ...otherSeeds, ROBOT, QUIET]);
  await pw.addSeries(Buffer.concat([toMbox(await splitSample(sample)), toMbox([...otherSeeds, ROBOT, QUIET])]));
  await pw.addSeries({ path: seed });

  const log: string[] = [];
  const first = daemon(config, [], log);
  const store = await openSqliteStore(db);
  await store.migrate();
  const settled = async (): Promise<void> => {
    const deadline = Date.now() + 6 * 60_000;
    let last = '';
    let stable = 0;
    while (Date.now() < deadline && stable < 5) {
      const v = await store.listSeriesVersions();
      const p = await store.listPublications();
      const now = `${v.filter((x) => x.state === 'done').length}/${v.length} ${p.length} ${received.length} ${pw?.store.checks.length}`;
      stable = now === last && v.length > 0 && v.every((x) => x.state === 'done') ? stable + 1 : 0;
      last = now;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  try {
    await settled();
    first.kill('SIGTERM');
    assert.equal(await exited(first), 0);

    const versions = await store.listSeriesVersions();
    const replies = received.map((m) => ({ m, irt: header(m, 'in-reply-to'), fp: header(m, 'x-kvetch-fingerprint') }));
    // Threading and manners on every received message.
    for (const { m, irt, fp } of replies) {
      assert.match(m.subject ?? '', /^Re: /);
      assert.equal(header(m, 'auto-submitted'), 'auto-generated');
      assert.equal(header(m, 'x-patchwork-hint'), 'ignore');
      assert.match(fp, /kvetch:v1 series=\S+ rev=\d+/);
      assert.ok(irt && [m.headers.get('references') ?? []].flat().includes(irt), 'References carries In-Reply-To');
      assert.ok(versions.some((v) => `<${v.messageIds[0]?.replace(/^<|>$/g, '')}>` === irt), `In-Reply-To ${irt} is the first mail of a series version`);
    }
    const perVersion = new Map<string, number>();
    for (const { fp } of replies) {
      const k = /series=(\S+) rev=(\d+)/.exec(fp)?.slice(1).join('@') as string;
      perVersion.set(k, (perVersion.get(k) ?? 0) + 1);
    }
    assert.deepEqual([...perVersion].filter(([, n]) => n !== 1), [], 'one reply per series version');
    assert.ok(!replies.some((r) => r.irt === '<robot.1@intel.com>'), 'no reply to the kernel test robot');
    assert.ok(!replies.some((r) => r.irt === '<quiet.1@example.org>' || (r.m.to as { text?: string } | undefined)?.text?.includes(optedOut)), 'no reply to the author who opted out');
    // Every version with a warning or worse, not from a bot and not by the opted-out author, got
    // its reply when it is the newest revision of its series. An older revision's reply depends
    // on whether the newer one was in the store when it was published (the email channel
    // answers only the newest): it may be there, once, or not.
    const superseded = supersededVersions(versions);
    const wanted: string[] = [];
    const optional = new Set<string>();
    for (const v of versions) {
      const f = await store.findings(v.key, v.revision);
      const parent = (await store.getMessages([v.messageIds[0] as string]))[0]?.raw.toString('latin1') ?? '';
      if (!f.some((x) => x.severity !== 'info') || /lkp@intel\.com/.test(parent) || parent.includes(optedOut)) continue;
      if (superseded.has(`${v.key}@${v.revision}`)) optional.add(`${v.key}@${v.revision}`);
      else wanted.push(`${v.key}@${v.revision}`);
    }
    assert.ok(wanted.length >= 3, `${wanted.length} versions call for a reply`);
    assert.ok(optional.size >= 1, 'some version with findings has a newer revision');
    assert.deepEqual([...perVersion.keys()].filter((k) => !optional.has(k)).sort(), wanted.sort(), 'exactly the newest versions with findings got a reply (older ones may have)');
    const checks = pw.store.checks.map((c) => `${c.patch.id}:${c.context}`);
    assert.ok(checks.length > 0, 'checks were posted');
    assert.equal(new Set(checks).size, checks.length, 'one check per patch and context');
    t.diagnostic(`${versions.length} series versions, ${received.length} replies (${wanted.length} wanted), ${checks.length} checks`);

    // Again: a restart, SIGKILLs at random points, a last clean round: nothing more is sent.
    const mailsBefore = received.length;
    const checksBefore = pw.store.checks.length;
    let seed32 = 20261123;
    const rnd = () => ((seed32 = (seed32 * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 3; i++) {
      const c = daemon(config, [], log);
      await new Promise((r) => setTimeout(r, 500 + rnd() * 3000));
      c.kill('SIGKILL');
      await exited(c);
    }
    const last = daemon(config, ['--once'], log);
    assert.equal(await exited(last), 0);
    assert.equal(received.length, mailsBefore, 'zero additional mails');
    assert.equal(pw.store.checks.length, checksBefore, 'zero duplicate checks');
  } catch (e) {
    process.stderr.write(log.join('').split('\n').slice(-30).join('\n'));
    throw e;
  } finally {
    if (first.exitCode === null && first.signalCode === null) first.kill('SIGKILL');
    await store.close();
  }
});

async function mailsOf(path: string): Promise<Buffer[]> {
  return (await rawMessages([path])).map((m) => m.bytes);
}

async function splitSample(mbox: Buffer): Promise<Buffer[]> {
  return splitMbox(mbox, 'sample.mbox');
}
