/**
 * The kill-and-restart campaign (issue 16): `kvetch watch --send` (the built CLI, a child
 * process) over generated series with the email, patchwork-check and GitHub channels on, first
 * once without interruption (what it publishes is the expectation), then on a fresh store and
 * fresh servers SIGKILLed at `kills` seeded random points (the n-th analysis, reply or check
 * after a start, or right after the start, plus a random delay of up to 300 ms) and restarted
 * each time, then let run to the end and stopped with SIGTERM, then run once more with --once.
 * The servers' counts are compared with the expectation: duplicates, missing, unexpected.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSeries, type GeneratedMail } from './generated-series.js';
import { compareCounts, countAtServers, PW_TOKEN, SOURCE_ID, startCampaignServers, writeCampaignConfig, writeMaildir, type CampaignServers, type Comparison, type Counted } from './kill-servers.js';
import { startPostgres, type TestPostgres } from './postgres.js';
import { supersededVersions } from './superseded.js';
import { openStore } from '../../src/store/open.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

export type Backend = 'sqlite' | 'postgres';

export interface CampaignOptions {
  series: number;
  kills: number;
  /** Lives before the seeded ones that the SMTP server ends at the final dot of a reply (default 0). */
  dataEndKills?: number;
  seed: number;
  backend: Backend;
  /** Progress lines (default: none). */
  say?: (line: string) => void;
}

export interface CampaignResult {
  backend: Backend;
  series: number;
  seed: number;
  /** Kills that hit a running daemon (SIGKILL was its death). */
  killsSurvived: number;
  /** What preceded each kill ("analysed #12", "start"…). */
  killPoints: string[];
  comparisons: Comparison[];
  /** Exit code of the SIGTERM stop and of the last `--once` run (both 0 when clean). */
  stopCode: number | null;
  onceCode: number | null;
  seconds: number;
}

/** A small LCG, so that a campaign can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const EVENTS: Record<string, RegExp> = {
  analysed: /"msg":"analysed"/g,
  'reply sent': /"msg":"email reply sent"/g,
  'check posted': /"msg":"posted patchwork check"/g,
};

interface Daemon {
  child: ChildProcess;
  log: string[];
}

function daemon(config: string, args: string[] = []): Daemon {
  const log: string[] = [];
  const child = spawn(process.execPath, [CLI, 'watch', '--config', config, '--send', ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    // The run's own state directory: the email send log must not be shared between runs (the
    // clean run's log would say the killed run's replies were accepted already).
    env: { ...process.env, KVETCH_LOG_LEVEL: 'info', KILL_PW_TOKEN: PW_TOKEN, KVETCH_STATE_DIR: join(dirname(config), 'state') },
  });
  child.stderr?.on('data', (d: Buffer) => log.push(d.toString()));
  return { child, log };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (c: ChildProcess): Promise<{ code: number | null; signal: string | null }> =>
  c.exitCode !== null || c.signalCode !== null ? Promise.resolve({ code: c.exitCode, signal: c.signalCode }) : new Promise((r) => c.once('exit', (code, signal) => r({ code, signal })));

const total = (c: Counted): number => [...c.email.values(), ...c.patchwork.values(), ...c.github.values()].reduce((a, b) => a + b, 0);

const CHANNEL_IDS = ['email', 'patchwork-check', 'github-check', 'github-review'];

/** Every mail of the maildir is taken in, and every version is analysed and dealt with on every channel. */
async function settled(db: string, names: readonly string[]): Promise<boolean> {
  let store;
  try {
    store = await openStore(db);
    let taken = 0;
    for (let i = 0; i < names.length; i += 500) taken += (await store.seenItems(SOURCE_ID, names.slice(i, i + 500))).size;
    if (taken < names.length) return false;
    const all = await store.listSeriesVersions();
    return all.length > 0 && all.every((v) => v.state === 'done') && (await store.listSeriesVersions({ state: 'done', unpublishedOn: CHANNEL_IDS })).length === 0;
  } catch {
    return false; // not created yet
  } finally {
    await store?.close();
  }
}

/**
 * Run until the store is settled and the servers' counts have stood still for 5 s (or, should
 * the store never settle, for 60 s: what is missing then is reported), then SIGTERM.
 */
async function runToEnd(config: string, db: string, names: readonly string[], s: CampaignServers): Promise<{ code: number | null; log: string }> {
  const d = daemon(config);
  const deadline = Date.now() + 30 * 60_000;
  let last = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    await sleep(1000);
    if (d.child.exitCode !== null) break;
    const n = total(countAtServers(s)) + (d.log.join('').match(/"msg":"analysed"/g) ?? []).length;
    if (n !== last) [last, since] = [n, Date.now()];
    const quiet = Date.now() - since;
    if (!d.log.join('').includes('"msg":"watch started"')) continue;
    if (quiet >= 60_000 || (quiet >= 5000 && (await settled(db, names)))) break;
  }
  d.child.kill('SIGTERM');
  const { code } = await exited(d.child);
  return { code, log: d.log.join('') };
}

/** What the campaign has seen done so far, by event kind, summed over the daemon's lives. */
type Done = Record<string, number>;

const countEvents = (log: string): Done => Object.fromEntries(Object.entries(EVENTS).map(([k, re]) => [k, (log.match(re) ?? []).length]));

/**
 * One daemon life, killed at a point chosen among the kinds of work still left: the n-th event
 * of that kind (n at most twice that kind's share per kill), or right after the start.
 */
async function killOnce(config: string, rnd: () => number, expected: Done, done: Done, kills: number): Promise<{ point: string; log: string } | null> {
  const d = daemon(config);
  const left = Object.keys(EVENTS).filter((k) => (expected[k] ?? 0) > (done[k] ?? 0));
  const atStart = left.length === 0 || rnd() < 0.15;
  const kind = left[Math.floor(rnd() * left.length)] ?? 'analysed';
  const remaining = (expected[kind] ?? 0) - (done[kind] ?? 0);
  const nth = 1 + Math.floor(rnd() * Math.min(remaining, Math.max(1, Math.floor((2 * (expected[kind] ?? 0)) / (kills + 1)))));
  const point = atStart ? 'start' : `${kind} #${nth}`;
  const reached = (): boolean => {
    const text = d.log.join('');
    if (atStart) return text.includes('"msg":"watch started"');
    return (text.match(EVENTS[kind] as RegExp) ?? []).length >= nth;
  };
  const deadline = Date.now() + 30_000;
  let what = point;
  while (!reached() && d.child.exitCode === null) {
    if (Date.now() > deadline) {
      what = `${point} (not reached in 30 s: killed idle)`;
      break;
    }
    await sleep(5);
  }
  await sleep(rnd() * 300);
  d.child.kill('SIGKILL');
  return lifeEnded(d, done, what);
}

/** A killed life: its events added to `done`; null when it died on its own instead. */
async function lifeEnded(d: Daemon, done: Done, point: string): Promise<{ point: string; log: string } | null> {
  const r = await exited(d.child);
  if (r.signal !== 'SIGKILL') return null;
  const log = d.log.join('');
  for (const [k, n] of Object.entries(countEvents(log))) done[k] = (done[k] ?? 0) + n;
  return { point, log };
}

/**
 * One daemon life that the SMTP server ends itself: SIGKILL the moment it reads the final dot of
 * a reply, before it answers 250 (it then keeps the mail, as a server that queued it would). The
 * window SMTP cannot close: the reply is at the server and kvetch never heard the 250.
 */
async function killAtDataEnd(config: string, s: CampaignServers, done: Done): Promise<{ point: string; log: string } | null> {
  const d = daemon(config);
  let point = "the server read a reply's final dot (killed before its 250)";
  s.smtp.onDataEnd = () => {
    s.smtp.onDataEnd = undefined;
    d.child.kill('SIGKILL');
  };
  const deadline = Date.now() + 30_000;
  while (d.child.exitCode === null && d.child.signalCode === null && Date.now() < deadline) await sleep(5);
  if (s.smtp.onDataEnd) {
    s.smtp.onDataEnd = undefined;
    point = 'start (no reply reached its final dot in 30 s: killed idle)';
    d.child.kill('SIGKILL');
  }
  return lifeEnded(d, done, point);
}

/** What one uninterrupted run published, and how many events of each kind it logged. */
export interface CleanRun {
  expected: Counted;
  events: Done;
  /** `key@rev` of the versions a newer revision of their series superseded (compareCounts). */
  superseded: Set<string>;
}

/** The versions of the store that a newer revision of the same series superseded. */
async function supersededInStore(db: string): Promise<Set<string>> {
  const store = await openStore(db);
  try {
    return supersededVersions(await store.listSeriesVersions());
  } finally {
    await store.close();
  }
}

type Say = (line: string) => void;

/** One uninterrupted run on a fresh store and fresh servers: the campaign's expectation. */
export async function cleanRun(o: { series: number; backend: Backend; say?: Say }): Promise<CleanRun> {
  return withCampaignDir(o.series, o.backend, async (mails, fresh) => {
    const t0 = Date.now();
    const { config, db, servers } = await fresh('clean-');
    const c = await runToEnd(config, db, mails.map((m) => m.name), servers);
    if (c.code !== 0) throw new Error(`the clean run exited ${c.code}:\n${c.log.slice(-3000)}`);
    const expected = countAtServers(servers);
    const events = countEvents(c.log);
    const superseded = await supersededInStore(db);
    o.say?.(`${o.backend}: clean run: ${events.analysed} versions analysed (${superseded.size} superseded), ${total(expected)} publications (${expected.email.size} replies, ${expected.patchwork.size} checks, ${expected.github.size} GitHub writes), ${Math.round((Date.now() - t0) / 1000)} s`);
    return { expected, events, superseded };
  });
}

type Fresh = (prefix: string) => Promise<{ config: string; db: string; servers: CampaignServers }>;

/** A temp dir, the generated mails, and fresh store+servers+maildir on demand; all removed after. */
async function withCampaignDir<T>(series: number, backend: Backend, body: (mails: GeneratedMail[], fresh: Fresh) => Promise<T>): Promise<T> {
  const mails = generateSeries(series);
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-kill-'));
  let pg: TestPostgres | undefined;
  const servers: CampaignServers[] = [];
  const fresh: Fresh = async (prefix) => {
    const s = await startCampaignServers(mails);
    servers.push(s);
    const sub = mkdtempSync(join(dir, prefix));
    const db = backend === 'sqlite' ? join(sub, 'state', 'kvetch.db') : await (pg ??= await startPostgres()).newDatabase();
    return { config: writeCampaignConfig(sub, db, writeMaildir(sub, mails), s), db, servers: s };
  };
  try {
    return await body(mails, fresh);
  } finally {
    for (const s of servers) await s.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The campaign; `clean` (from cleanRun on any backend: the mails are the same) saves the uninterrupted run. */
export async function runCampaign(o: CampaignOptions & { clean?: CleanRun }): Promise<CampaignResult> {
  const t0 = Date.now();
  const clean = o.clean ?? (await cleanRun(o));
  return withCampaignDir(o.series, o.backend, async (mails, fresh) => {
    const { config, db, servers: s } = await fresh('kill-');
    const rnd = seeded(o.seed);
    const done: Done = {};
    const killPoints: string[] = [];
    const atDot = o.dataEndKills ?? 0;
    const all = atDot + o.kills;
    for (let k = 0; k < all; k++) {
      const r = k < atDot ? await killAtDataEnd(config, s, done) : await killOnce(config, rnd, clean.events, done, o.kills);
      if (!r) throw new Error(`kill ${k + 1}: the daemon died on its own`);
      killPoints.push(r.point);
      o.say?.(`${o.backend}: kill ${k + 1}/${all} after ${r.point}: ${total(countAtServers(s))} publications at the servers`);
    }
    const end = await runToEnd(config, db, mails.map((m) => m.name), s);
    const once = daemon(config, ['--once']);
    const onceCode = (await exited(once.child)).code;
    const comparisons = compareCounts(clean.expected, countAtServers(s), clean.superseded);
    return { backend: o.backend, series: o.series, seed: o.seed, killsSurvived: killPoints.length, killPoints, comparisons, stopCode: end.code, onceCode, seconds: Math.round((Date.now() - t0) / 1000) };
  });
}

/** The campaign's table: one line per backend and channel. */
export function campaignTable(results: readonly CampaignResult[]): string {
  const head = `${'backend'.padEnd(9)} ${'series'.padStart(6)} ${'kills'.padStart(5)} ${'channel'.padEnd(10)} ${'expected'.padStart(8)} ${'counted'.padStart(8)} ${'duplicated'.padStart(10)} ${'missing'.padStart(7)} ${'unexpected'.padStart(10)}`;
  const rows = results.flatMap((r) =>
    r.comparisons.map(
      (c) =>
        `${r.backend.padEnd(9)} ${String(r.series).padStart(6)} ${String(r.killsSurvived).padStart(5)} ${c.channel.padEnd(10)} ${String(c.expected).padStart(8)} ${String(c.counted).padStart(8)} ${String(c.duplicated.length).padStart(10)} ${String(c.missing.length).padStart(7)} ${String(c.unexpected.length).padStart(10)}`,
    ),
  );
  return [head, ...rows].join('\n');
}

/** Nothing duplicated, missing or unexpected; clean stops. */
export function campaignClean(r: CampaignResult): boolean {
  return r.stopCode === 0 && r.onceCode === 0 && r.comparisons.every((c) => c.duplicated.length === 0 && c.missing.length === 0 && c.unexpected.length === 0);
}
