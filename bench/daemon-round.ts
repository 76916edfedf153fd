/**
 * Bench helper for daemon-rounds.ts, one process per measurement:
 *   setup <work>          store the first 10,000 mails of series.mbox and run rounds until every
 *                         version is analysed and published (template.db), save mails 10,001..10,050
 *   round <A|B|C> <work>  one round on a copy of the template (A: nothing new, B: the 50 new
 *                         mails) or on an empty store (C: the 50 new mails); prints one JSON line
 * A fixed clock, gracePeriod 0, a 14-day window, the log channel only, as docs/performance.md says.
 */
import { closeSync, copyFileSync, fsyncSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDaemonConfig } from '../src/daemon/config.js';
import { runRound, type RoundStats } from '../src/daemon/round.js';
import { readPath } from '../src/ingest/files/read-files.js';
import { withBytes } from '../src/ingest/mbox/read-range.js';
import type { Source } from '../src/model/source.js';
import { logChannel } from '../src/report/log/index.js';
import { openSqliteStore } from '../src/store/sqlite.js';
import { createLogger } from '../src/util/logger.js';

const NOW = new Date('2025-06-02T12:00:00Z');
const SETUP = 10_000;
const NEW = 50;

const [mode, arg1, arg2] = process.argv.slice(2);

/** The bench's source, standing in for the configured lore list: hands out the mails it is given, once. */
function memorySource(mails: Buffer[]): Source {
  let left = mails;
  return {
    type: 'lore',
    summary: 'mails held in memory',
    poll: async () => {
      const out = left;
      left = [];
      return { mails: out, cursor: null };
    },
  };
}

async function round(dbPath: string, mails: Buffer[], now: Date): Promise<RoundStats & { wallMs: number; cpuMs: number }> {
  const store = await openSqliteStore(dbPath);
  await store.migrate();
  const config = parseDaemonConfig('gracePeriod: 0\nassemblyWindowDays: 14\nlease: 900\nsources: [{ type: lore, id: "lore:bench", list: bench }]\n', 'bench.yml');
  const source = memorySource(mails);
  const log = createLogger({ level: process.env.KVETCH_LOG_LEVEL ?? 'warn' });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    const stats = await runRound({
      config, store, log, stateDir: join(dbPath, '..'), baseDir: '.', worker: 'bench:1', channels: [logChannel.create({ enabled: true }, { stateDir: '.', env: {} })],
      sources: [source], now: () => now, stopped: () => false,
    });
    const cpu = process.cpuUsage(cpu0);
    return { ...stats, wallMs: Number(process.hrtime.bigint() - t0) / 1e6, cpuMs: (cpu.user + cpu.system) / 1000 };
  } finally {
    await store.close();
  }
}

async function corpusMails(from: number, to: number): Promise<Buffer[]> {
  const file = join(process.env.KVETCH_CORPUS_DIR ?? join(homedir(), '.cache', 'kvetch-corpus'), 'series.mbox');
  const out: Buffer[] = [];
  let n = 0;
  for await (const item of withBytes(readPath(file))) {
    if (item.type !== 'message') continue;
    if (n >= from) out.push(Buffer.from(item.message.bytes));
    if (++n >= to) break;
  }
  return out;
}

if (mode === 'setup' && arg1) {
  rmSync(arg1, { recursive: true, force: true });
  mkdirSync(join(arg1, 'new'), { recursive: true });
  const old = await corpusMails(0, SETUP);
  const fresh = await corpusMails(SETUP, SETUP + NEW);
  fresh.forEach((m, i) => writeFileSync(join(arg1, 'new', `${String(i).padStart(3, '0')}.eml`), m));
  const t0 = Date.now();
  const first = await round(join(arg1, 'template.db'), old, new Date(NOW.getTime() - 3_600_000));
  const second = await round(join(arg1, 'template.db'), [], new Date(NOW.getTime() - 3_600_000));
  process.stdout.write(`${JSON.stringify({ setupSeconds: (Date.now() - t0) / 1000, mails: old.length, versions: first.versions, analysed: first.analysed + second.analysed, published: first.published + second.published })}\n`);
} else if (mode === 'round' && (arg1 === 'A' || arg1 === 'B' || arg1 === 'C') && arg2) {
  const db = join(arg2, `round-${arg1}-${process.pid}.db`);
  if (arg1 !== 'C') {
    copyFileSync(join(arg2, 'template.db'), db);
    // On disk before the clock starts: the round's first checkpoint must not pay for the copy.
    const fd = openSync(db, 'r+');
    fsyncSync(fd);
    closeSync(fd);
  }
  const fresh = arg1 === 'A' ? [] : Array.from({ length: NEW }, (_, i) => readFileSync(join(arg2, 'new', `${String(i).padStart(3, '0')}.eml`)));
  try {
    const r = await round(db, fresh, NOW);
    const { written: _w, ...counts } = r;
    process.stdout.write(`${JSON.stringify({ case: arg1, ...counts, maxRssKb: process.resourceUsage().maxRSS })}\n`);
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${db}${suffix}`, { force: true });
  }
} else {
  process.stderr.write('usage: daemon-round.js setup <work> | round <A|B|C> <work>\n');
  process.exitCode = 2;
}
