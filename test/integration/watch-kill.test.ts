/**
 * `kvetch watch` following a real public-inbox over 220 corpus series, killed with SIGKILL at
 * five random points and started again, with new mail arriving in between: at the end every
 * series version is analysed exactly once (completions = 1 in the store), none is lost, each
 * is published once on the log channel, and SIGTERM stops the daemon cleanly.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { toMbox } from '../support/mbox-write.js';
import { checkBytes } from '../support/check.js';
import { openSqliteStore } from '../../src/store/sqlite.js';
import { smallestSeries } from '../support/corpus-subset.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
let pi: PublicInbox | undefined;
let dir = '';

after(async () => {
  await pi?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A small deterministic generator, so that a failure can be replayed (seed in the test name). */
function random(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function startDaemon(config: string, log: string[]): ChildProcess {
  // KVETCH_LOG_LEVEL=info: the kill points read the daemon's log lines.
  const child = spawn(process.execPath, [CLI, 'watch', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KVETCH_LOG_LEVEL: 'info' } });
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return child;
}

/** How far the daemon got: mails stored, versions known and done. */
async function progress(db: string): Promise<string> {
  try {
    const s = await openSqliteStore(db);
    try {
      const v = await s.listSeriesVersions();
      return `known ${v.length}, claimed ${v.filter((x) => x.state === 'claimed').length}, done ${v.filter((x) => x.state === 'done').length}`;
    } finally {
      await s.close();
    }
  } catch {
    return 'no store yet';
  }
}

const exited = (c: ChildProcess): Promise<{ code: number | null; signal: string | null }> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve({ code: c.exitCode, signal: c.signalCode }) : new Promise((r) => c.once('exit', (code, signal) => r({ code, signal })));

test('watch: SIGKILL at 5 points (while storing mail, mid-analysis, at start; random delays, seed 20261123), restarted: every series version exactly once', { timeout: 15 * 60_000 }, async (t) => {
  const threads = await smallestSeries(220);
  const first = threads.slice(0, 110).flat();
  const later = threads.slice(110).flat();
  const all = [...first, ...later];
  const offline = await checkBytes(toMbox(all), 'subset', { analyze: false, jobs: 1 });
  const expected = offline.series.filter((s) => s.patches.length > 0).map((s) => `${s.key}@${s.revision}`).sort();
  assert.ok(expected.length >= 200, `${expected.length} series versions in the subset`);

  pi = await startPublicInbox({ lists: [{ name: 'kvm', mbox: toMbox(first) }], all: false, xapian: false });
  dir = await mkdtemp(join(tmpdir(), 'kvetch-watch-'));
  const db = join(dir, 'state', 'kvetch.db');
  const config = join(dir, 'kvetch.yml');
  await writeFile(config, [`db: ${db}`, 'pollInterval: 1', 'gracePeriod: 1', 'lease: 3', 'sources:', `  - type: lore`, `    base: ${pi.base}`, '    list: kvm', '    start: beginning', ''].join('\n'));

  const rnd = random(20261123);
  const log: string[] = [];
  const atKill: string[] = [];
  const analysed = (l: string): number => (l.match(/"msg":"analysed"/g) ?? []).length;
  // Kill points chosen by what the daemon is doing (a machine's speed must not decide whether a
  // kill lands in the middle of the work), each followed by a random delay of up to 300 ms.
  const points: ((l: string) => boolean)[] = [
    (l) => /"new":[1-9]/.test(l), // mail just stored
    (l) => analysed(l) >= 1 + Math.floor(rnd() * 5), // in the middle of analysing
    (l) => l.includes('"msg":"watch started"'), // right after start
    (l) => /"new":[1-9]/.test(l), // the later mail just stored
    (l) => analysed(l) >= 1 + Math.floor(rnd() * 5),
  ];
  for (const [kill, point] of points.entries()) {
    const own: string[] = [];
    const child = startDaemon(config, own);
    const deadline = Date.now() + 90_000;
    while (!point(own.join('')) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, rnd() * 300));
    child.kill('SIGKILL');
    log.push(...own);
    assert.equal((await exited(child)).signal, 'SIGKILL', `the daemon died by itself before kill ${kill + 1}:\n${own.join('').slice(-3000)}`);
    atKill.push(await progress(db));
    if (kill === 2) await pi.add('kvm', later);
  }

  const finalLog: string[] = [];
  const child = startDaemon(config, finalLog);
  const store = await openSqliteStore(db);
  try {
    const deadline = Date.now() + 8 * 60_000;
    let done: string[] = [];
    while (Date.now() < deadline) {
      done = (await store.listSeriesVersions()).filter((v) => v.state === 'done').map((v) => `${v.key}@${v.revision}`);
      if (done.length >= expected.length && (await store.listPublications({ channel: 'log' })).length >= expected.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Stop it once it is up (a signal before kvetch has set its handlers is the default death).
    while (!finalLog.join('').includes('"msg":"watch started"')) await new Promise((r) => setTimeout(r, 200));
    child.kill('SIGTERM');
    assert.deepEqual(await exited(child), { code: 0, signal: null }, 'SIGTERM is a clean stop');

    t.diagnostic(`state at each SIGKILL: ${atKill.join(' | ')}`);
    const doneAt = atKill.map((p) => Number(/done (\d+)/.exec(p)?.[1] ?? 0));
    assert.ok(doneAt.some((d) => d > 0 && d < expected.length), 'some kill landed in the middle of the work');
    const versions = await store.listSeriesVersions();
    assert.deepEqual(versions.map((v) => `${v.key}@${v.revision}`).sort(), expected, 'the versions the offline pipeline finds in the same mail, no more, no fewer');
    const notOnce = versions.filter((v) => v.state !== 'done' || v.completions !== 1).map((v) => `${v.key}@${v.revision} ${v.state} x${v.completions}`);
    assert.deepEqual(notOnce, [], 'every version done exactly once');
    const published = (await store.listPublications({ channel: 'log' })).map((p) => `${p.key}@${p.revision}`).sort();
    assert.deepEqual(published, expected, 'one log publication per version');
  } catch (e) {
    process.stderr.write([...log, ...finalLog].join('').split('\n').slice(-40).join('\n'));
    throw e;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await store.close();
  }
});
