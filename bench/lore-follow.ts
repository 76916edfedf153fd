/**
 * The daemon under load (issue 16): `kvetch watch` follows a real public-inbox list on
 * 127.0.0.1 (Debian's public-inbox, as the integration tests start it) that holds the corpus
 * sample at once, then receives LOAD_MAILS more corpus mails at 10 a second. Every second: mails
 * on the list, mails in the daemon's store (the lag) and the daemon's RSS. Passes when the lag
 * is back to 0 within CATCH_UP_S of the last mail (no round falls behind for good) and the RSS of
 * the last third of the load is within 25 % of the first third's (memory flat).
 * `node dist/bench/lore-follow.js` (needs the corpus: KVETCH_CORPUS_DIR).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { corpusDir } from '../test/support/shared-dir.js';
import { smallestSeries } from '../test/support/corpus-subset.js';
import { rawMessages } from '../test/support/check.js';
import { startPublicInbox } from '../test/support/public-inbox.js';
import { toMbox } from '../test/support/mbox-write.js';

const LOAD_MAILS = Number(process.env.LOAD_MAILS ?? 600);
const PER_SECOND = 10;
const CATCH_UP_S = 60;
const CLI = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

const sample = (await rawMessages([join(corpusDir(), 'sample.mbox')])).map((m) => m.bytes);
const sampleIds = new Set(sample.map(idOf));
const load = (await smallestSeries(LOAD_MAILS)).flat().filter((m) => !sampleIds.has(idOf(m))).slice(0, LOAD_MAILS);

const pi = await startPublicInbox({ lists: [{ name: 'load', mbox: toMbox(sample) }], all: false, xapian: false });
const dir = await mkdtemp(join(tmpdir(), 'kvetch-follow-'));
const db = join(dir, 'kvetch.db');
const config = join(dir, 'kvetch.yml');
await writeFile(config, [`db: ${db}`, 'pollInterval: 1', 'gracePeriod: 1', 'sources:', '  - type: lore', `    base: ${pi.base}`, '    list: load', '    start: beginning', ''].join('\n'));
const daemon = spawn(process.execPath, [CLI, 'watch', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
daemon.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

interface Sample {
  t: number;
  onList: number;
  stored: number;
  rssMb: number;
}
const samples: Sample[] = [];
let onList = sample.length;
const t0 = Date.now();

try {
  // The sample at once: wait until it is in.
  await until(() => stored() >= onList, 300, 'the corpus sample');
  const loadStart = Date.now();
  // Mail is due at PER_SECOND a second; each tick adds what is due (importing and indexing on
  // the list server takes a while, so under a slow server ticks add more at once).
  for (let sent = 0; sent < load.length; ) {
    const due = Math.min(load.length, Math.floor(((Date.now() - loadStart) / 1000) * PER_SECOND) + PER_SECOND);
    if (due > sent) {
      const batch = load.slice(sent, due);
      await pi.add('load', batch);
      sent = due;
      onList += batch.length;
    }
    await record();
    await sleep(250);
  }
  const loadEnd = Date.now();
  const caughtUp = await until(() => stored() >= onList, CATCH_UP_S, 'the load');
  await record();
  const during = samples.filter((s) => s.t >= loadStart && s.t <= loadEnd);
  const third = Math.max(1, Math.floor(during.length / 3));
  const first = median(during.slice(0, third).map((s) => s.rssMb));
  const last = median(during.slice(-third).map((s) => s.rssMb));
  const maxLag = Math.max(...during.map((s) => s.onList - s.stored));
  const rate = ((load.length / (loadEnd - loadStart)) * 1000).toFixed(1);
  console.log(`\nkvetch watch following public-inbox on 127.0.0.1: ${sample.length} sample mails at once, then ${load.length} mails at ${rate}/s\n`);
  console.log('| measure | value |');
  console.log('|---|---:|');
  console.log(`| largest lag during the load (mails on the list, not yet stored) | ${maxLag} |`);
  console.log(`| seconds from the last mail to lag 0 | ${caughtUp.toFixed(1)} |`);
  console.log(`| RSS, first third of the load (median MB) | ${first} |`);
  console.log(`| RSS, last third of the load (median MB) | ${last} |`);
  console.log(`| RSS peak (MB) | ${Math.max(...samples.map((s) => s.rssMb))} |`);
  const flat = last <= first * 1.25;
  console.log(`\ncaught up: yes; memory flat (last third within 25 % of the first): ${flat ? 'yes' : 'NO'}`);
  if (!flat) process.exitCode = 1;
} catch (e) {
  console.error(`lore-follow: ${(e as Error).message}\n--- daemon stderr (tail) ---\n${stderr}`);
  process.exitCode = 1;
} finally {
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
  await pi.stop();
  await rm(dir, { recursive: true, force: true });
}

function idOf(m: Buffer): string {
  const head = m.subarray(0, Math.max(0, m.indexOf('\n\n')) || 4096).toString('latin1');
  return /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
}

function stored(): number {
  try {
    const d = new Database(db, { readonly: true, fileMustExist: true });
    try {
      return (d.prepare('SELECT count(*) AS n FROM messages').get() as { n: number }).n;
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

async function rssMb(): Promise<number> {
  const status = await readFile(`/proc/${daemon.pid}/status`, 'utf8').catch(() => '');
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function record(): Promise<void> {
  samples.push({ t: Date.now(), onList, stored: stored(), rssMb: await rssMb() });
}

/** Seconds until `done()`; throws after `limit` seconds. */
async function until(done: () => boolean, limit: number, what: string): Promise<number> {
  const start = Date.now();
  while (!done()) {
    if (daemon.exitCode !== null) throw new Error(`the daemon exited (${daemon.exitCode}) while reading ${what}`);
    if (Date.now() - start > limit * 1000) throw new Error(`${what}: ${onList - stored()} mails still not stored after ${limit} s (fell behind); ${((Date.now() - t0) / 1000).toFixed(0)} s in`);
    await record();
    await sleep(500);
  }
  return (Date.now() - start) / 1000;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
