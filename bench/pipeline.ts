/**
 * `npm run bench`: the offline pipeline on the corpus built by ../shared/corpus/build.sh,
 * against `git mailsplit` and `cat` on the same files. Prints MB/s, mails/s, series/s,
 * peak RSS and ratios. Not a test: it asserts nothing, it measures.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles } from './corpus.js';

interface Run {
  label: string;
  seconds: number;
  maxRssMb?: number;
  mails?: number;
  series?: number;
  digest?: string;
}

const files = corpusFiles('sample.mbox', 'series.mbox');
/** Rounds of the with/without-analyzers pair per job count. */
const ROUNDS = 5;
const wrapper = fileURLToPath(new URL('./run-kvetch.js', import.meta.url));

function timeCommand(label: string, cmd: string, args: string[]): Run {
  const outDir = args.find((a) => a.startsWith('-o'));
  if (outDir) mkdirSync(outDir.slice(2), { recursive: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'], shell: false });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${label} failed with status ${r.status}`);
  return { label, seconds };
}

function timeKvetch(label: string, file: string, jobs: number, extra: string[] = []): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [wrapper, file, String(jobs), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      hash.update(c);
      chunks.push(c);
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const line = err.trim().split('\n').at(-1) ?? '';
      if (code !== 0 && code !== 1) return reject(new Error(`${label} exited ${code}: ${err}`));
      try {
        const m = JSON.parse(line) as { maxRssKb: number };
        const doc = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { stats: { messages: number }; series: unknown[] };
        resolve({ label, seconds, maxRssMb: m.maxRssKb / 1024, mails: doc.stats.messages, series: doc.series.length, digest: hash.digest('hex').slice(0, 12) });
      } catch {
        reject(new Error(`${label}: no resource report from the wrapper: ${err}`));
      }
    });
  });
}

const COLUMNS: [string, number][] = [
  ['tool', 70],
  ['wall s', 8],
  ['MB/s', 8],
  ['mails/s', 8],
  ['series/s', 8],
  ['peak RSS MB', 11],
  ['× mailsplit', 11],
];

function line(cells: string[]): string {
  return `| ${cells.map((c, i) => (i === 0 ? c.padEnd(COLUMNS[i]?.[1] ?? 0) : c.padStart(COLUMNS[i]?.[1] ?? 0))).join(' | ')} |`;
}

function header(): string {
  const rule = `|${COLUMNS.map(([, w], i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return `${line(COLUMNS.map(([h]) => h))}\n${rule}\n`;
}

function row(r: Run, mb: number, base: Run): string {
  return line([
    r.label,
    r.seconds.toFixed(2),
    (mb / r.seconds).toFixed(1),
    r.mails !== undefined ? (r.mails / r.seconds).toFixed(0) : '-',
    r.series !== undefined ? (r.series / r.seconds).toFixed(0) : '-',
    r.maxRssMb !== undefined ? r.maxRssMb.toFixed(0) : '-',
    (r.seconds / base.seconds).toFixed(2),
  ]);
}

/** The median run of three (by wall time): one slow or lucky run does not set the ratio. */
async function median(label: string, runOnce: () => Run | Promise<Run>): Promise<Run> {
  const runs: Run[] = [];
  for (let i = 0; i < 3; i++) runs.push(await runOnce());
  return pick(label, runs);
}

function pick(label: string, runs: Run[]): Run {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const m = sorted[(sorted.length - 1) >> 1] as Run;
  return { ...m, label: `${label} (median of ${runs.length}: ${sorted.map((r) => r.seconds.toFixed(2)).join(', ')})` };
}

interface Pair {
  bare: Run;
  full: Run;
  /** (full − bare) / bare of each round, in run order. */
  added: number[];
  /** Digests of every full run's JSON report. */
  digests: Set<string>;
}

/**
 * The pipeline with and without analyzers, run alternately for `rounds` rounds: a machine
 * that slows down for a while (2 shared cores) then slows both sides of a round, not one of
 * them, and the per-round ratios show how much the result can be trusted.
 */
async function paired(jobs: number, rounds: number, file: string): Promise<Pair> {
  const bare: Run[] = [];
  const full: Run[] = [];
  const added: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const b = await timeKvetch('', file, jobs, ['--no-analyzers']);
    const f = await timeKvetch('', file, jobs);
    bare.push(b);
    full.push(f);
    added.push((f.seconds - b.seconds) / b.seconds);
  }
  const digests = new Set(full.map((r) => r.digest ?? '?'));
  return { bare: pick(`kvetch check -j${jobs} --no-analyzers`, bare), full: pick(`kvetch check -j${jobs}`, full), added, digests };
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(0)} %`;

async function benchFile(file: string, jobsList: number[]): Promise<void> {
  const mb = statSync(file).size / 1e6;
  // mailsplit writes one file per mail: once onto the disk the corpus is on (the ordinary
  // setup, the ratio's base) and once into tmpfs, where it runs at its best.
  const out = mkdtempSync(join(dirname(file), '.kvetch-bench-'));
  const shm = existsSync('/dev/shm') ? mkdtempSync(join('/dev/shm', 'kvetch-bench-')) : null;
  try {
    // Warm the page cache so that every tool reads from memory.
    timeCommand('warm', 'cat', [file]);
    const cat = await median('cat', () => timeCommand('cat', 'cat', [file]));
    const splitTo = (dir: string) => (): Run => {
      rmSync(dir, { recursive: true, force: true });
      return timeCommand('git mailsplit', 'git', ['mailsplit', `-o${dir}`, file]);
    };
    const split = await median('git mailsplit (to disk)', splitTo(out));
    const fast = shm ? await median('git mailsplit (to tmpfs)', splitTo(shm)) : null;
    const pairs: { jobs: number; pair: Pair }[] = [];
    for (const jobs of jobsList) pairs.push({ jobs, pair: await paired(jobs, ROUNDS, file) });
    const runs = pairs.flatMap(({ pair }) => [pair.bare, pair.full]);
    process.stdout.write(`\n${file} (${mb.toFixed(1)} MB)\n\n${header()}`);
    for (const r of [cat, split, ...(fast ? [fast] : []), ...runs]) process.stdout.write(`${row(r, mb, split)}\n`);
    if (fast) for (const r of runs) process.stdout.write(`\n${r.label.split(' (')[0]}: ${(r.seconds / fast.seconds).toFixed(2)}× mailsplit to tmpfs`);
    process.stdout.write('\n');
    for (const { jobs, pair } of pairs) {
      const sorted = [...pair.added].sort((a, b) => a - b);
      const mid = sorted[(sorted.length - 1) >> 1] as number;
      process.stdout.write(
        `\nanalyzers add ${pct((pair.full.seconds - pair.bare.seconds) / pair.bare.seconds)} to kvetch check -j${jobs} (medians ${pair.bare.seconds.toFixed(2)} s → ${pair.full.seconds.toFixed(2)} s);` +
          ` per round ${pair.added.map(pct).join(', ')}, median ${pct(mid)}`,
      );
    }
    process.stdout.write('\n');
    const digests = new Set(pairs.flatMap(({ pair }) => [...pair.digests]));
    process.stdout.write(`\njson output identical across runs and job counts: ${digests.size === 1 ? 'yes' : 'NO'} (${[...digests].join(', ')})\n`);
  } finally {
    rmSync(out, { recursive: true, force: true });
    if (shm) rmSync(shm, { recursive: true, force: true });
  }
}

await benchFile(files[0] as string, [1, 2]);
await benchFile(files[1] as string, [2]);
