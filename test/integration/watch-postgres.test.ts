/**
 * Two `kvetch watch` processes on one real PostgreSQL, following the same public-inbox list of
 * 220 corpus series: every series version is analysed exactly once (claims with FOR UPDATE
 * SKIP LOCKED), both workers take a share, and one killed mid-run leaves its work to the other.
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
import { openPostgresStore } from '../../src/store/postgres.js';
import { smallestSeries } from '../support/corpus-subset.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));
let pi: PublicInbox | undefined;
let pg: TestPostgres | undefined;
let dir = '';

after(async () => {
  await pi?.stop();
  await pg?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function daemon(config: string, worker: string, log: string[]): ChildProcess {
  const c = spawn(process.execPath, [CLI, 'watch', '--config', config, '--worker-id', worker], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KVETCH_STATE_DIR: join(dir, worker) } });
  c.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return c;
}

const exited = (c: ChildProcess): Promise<number | null> => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve(c.exitCode) : new Promise((r) => c.once('exit', (code) => r(code))));

test('watch: two workers on one PostgreSQL analyse every series version exactly once', { timeout: 15 * 60_000 }, async () => {
  const threads = await smallestSeries(220);
  const mails = threads.flat();
  const offline = await checkBytes(toMbox(mails), 'subset', { analyze: false, jobs: 1 });
  const expected = offline.series.filter((s) => s.patches.length > 0).map((s) => `${s.key}@${s.revision}`).sort();
  pg = await startPostgres();
  pi = await startPublicInbox({ lists: [{ name: 'kvm', mbox: toMbox(mails) }], all: false, xapian: false });
  dir = await mkdtemp(join(tmpdir(), 'kvetch-pg-watch-'));
  const config = join(dir, 'kvetch.yml');
  await writeFile(config, [`db: ${pg.url}`, 'pollInterval: 1', 'gracePeriod: 1', 'lease: 3', 'sources:', '  - type: lore', `    base: ${pi.base}`, '    list: kvm', '    start: beginning', ''].join('\n'));

  const logs: Record<string, string[]> = { a: [], b: [], c: [] };
  const a = daemon(config, 'a', logs.a as string[]);
  const b = daemon(config, 'b', logs.b as string[]);
  // A third worker dies mid-run: what it had claimed must go to the others.
  const c = daemon(config, 'c', logs.c as string[]);
  await new Promise((r) => setTimeout(r, 2500));
  c.kill('SIGKILL');

  const store = await openPostgresStore(pg.url);
  await store.migrate(); // idempotent: whichever of us and the workers comes first creates the schema
  try {
    const deadline = Date.now() + 8 * 60_000;
    while (Date.now() < deadline) {
      const done = (await store.listSeriesVersions()).filter((v) => v.state === 'done').length;
      if (done >= expected.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    for (const w of [a, b]) {
      while (!(logs.a as string[]).join('').includes('watch started') || !(logs.b as string[]).join('').includes('watch started')) await new Promise((r) => setTimeout(r, 200));
      w.kill('SIGTERM');
    }
    assert.deepEqual(await Promise.all([exited(a), exited(b)]), [0, 0], 'both stop cleanly on SIGTERM');
    const versions = await store.listSeriesVersions();
    assert.deepEqual(versions.map((v) => `${v.key}@${v.revision}`).sort(), expected);
    assert.deepEqual(versions.filter((v) => v.state !== 'done' || v.completions !== 1).map((v) => `${v.key}@${v.revision} ${v.state} x${v.completions}`), []);
    const analysed = (w: string) => ((logs[w] as string[]).join('').match(/"msg":"analysed"/g) ?? []).length;
    assert.equal(analysed('a') + analysed('b') + analysed('c'), expected.length, 'each version analysed by exactly one worker');
    assert.ok(analysed('a') > 0 && analysed('b') > 0, `both workers took a share (a ${analysed('a')}, b ${analysed('b')}, c ${analysed('c')})`);
  } finally {
    for (const w of [a, b, c]) if (w.exitCode === null && w.signalCode === null) w.kill('SIGKILL');
    await store.close();
  }
});
