/**
 * `npm run bench` (speed, issue 16): one alternating run on series.mbox — each round runs
 * `kvetch check --format json` at --jobs 1, at --jobs 2, `git mailsplit` (to a directory on the
 * corpus's disk, as bench/pipeline.ts) and --jobs 2 with --tree linux-6.1, one after the other,
 * so that a slow spell of this shared 2-core machine falls on every side of a round. Prints every
 * run (wall and user+sys CPU), the medians, the load average before and after, and three ratios;
 * exits 1 when a target is missed:
 *   --jobs 2 at least 1.6× faster than --jobs 1 (wall);
 *   --jobs 2 at most 2× `git mailsplit`'s wall time;
 *   --tree at most 2× the same run without it;
 * and when the report differs between --jobs 1 and --jobs 2, or between rounds.
 * KVETCH_SPEED_ROUNDS sets the number of rounds (default 3).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { corpusFiles } from './corpus.js';
import { launcherEnv } from './launcher-env.js';

const [series, tree] = corpusFiles('series.mbox', 'linux-6.1') as [string, string];
const ROUNDS = Number(process.env.KVETCH_SPEED_ROUNDS ?? 3);
const TARGETS = { jobs: 1.6, mailsplit: 2, tree: 2 };
const cli = new URL('../src/cli/main.js', import.meta.url).pathname;

interface Run {
  wall: number;
  /** user + sys CPU seconds of the child (all threads). */
  cpu: number;
  digest: string;
}

/** Runs a command under /usr/bin/time (user + sys of the child, all its threads), hashing its stdout. */
function run(cmd: string, args: string[], okCodes: number[] = [0]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    // kvetch with the environment bin/kvetch gives it (what a user runs); git does not mind it.
    const child = spawn('/usr/bin/time', ['-f', '%U %S', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: launcherEnv() });
    const hash = createHash('sha256');
    let err = '';
    child.stdout.on('data', (c: Buffer) => hash.update(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      const last = err.trim().split('\n').at(-1) ?? '';
      const [user, sys] = last.split(' ').map(Number);
      if (code === null || !okCodes.includes(code) || user === undefined || sys === undefined || Number.isNaN(user + sys)) {
        reject(new Error(`${cmd} ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
        return;
      }
      resolve({ wall, cpu: user + sys, digest: hash.digest('hex') });
    });
  });
}

const kvetch = (jobs: number, extra: string[] = []): Promise<Run> =>
  run(process.execPath, [cli, 'check', series, '--format', 'json', '--no-progress', '--jobs', String(jobs), ...extra], [0, 1]);

const splitDir = mkdtempSync(join(dirname(series), '.kvetch-speed-'));
// Interrupted, it leaves no mailsplit output beside the corpus.
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    rmSync(splitDir, { recursive: true, force: true });
    process.exit(130);
  });
}
const mailsplit = (): Promise<Run> => {
  rmSync(splitDir, { recursive: true, force: true });
  return run('sh', ['-c', `mkdir -p "$1" && exec git mailsplit -o"$1" "$2"`, 'mailsplit', splitDir, series]);
};

const KINDS = ['-j1', '-j2', 'mailsplit', '-j2 --tree'] as const;
type Kind = (typeof KINDS)[number];
const runs: Record<Kind, Run[]> = { '-j1': [], '-j2': [], mailsplit: [], '-j2 --tree': [] };
const start: Record<Kind, () => Promise<Run>> = {
  '-j1': () => kvetch(1),
  '-j2': () => kvetch(2),
  mailsplit,
  '-j2 --tree': () => kvetch(2, ['--tree', tree]),
};

const loadBefore = loadavg();
try {
  await run('cat', [series]); // the page cache warm for every tool
  for (let i = 0; i < ROUNDS; i++) {
    for (const k of KINDS) {
      const r = await start[k]();
      runs[k].push(r);
      process.stdout.write(`round ${i + 1} ${k.padEnd(11)} wall ${r.wall.toFixed(2).padStart(6)} s  cpu ${r.cpu.toFixed(2).padStart(6)} s  load ${loadavg()[0]?.toFixed(1)}\n`);
    }
  }
} finally {
  rmSync(splitDir, { recursive: true, force: true });
}
const loadAfter = loadavg();

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[(s.length - 1) >> 1] ?? NaN;
};
const wall = (k: Kind): number => median(runs[k].map((r) => r.wall));
const cpu = (k: Kind): number => median(runs[k].map((r) => r.cpu));

process.stdout.write(`\n${series}, ${ROUNDS} alternating rounds; load average ${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadAfter.map((x) => x.toFixed(1)).join(' ')} after\n\n`);
process.stdout.write('| run | median wall s | median CPU s | walls |\n|---|---:|---:|---|\n');
for (const k of KINDS) process.stdout.write(`| ${k} | ${wall(k).toFixed(2)} | ${cpu(k).toFixed(2)} | ${runs[k].map((r) => r.wall.toFixed(2)).join(', ')} |\n`);

const perRound = (f: (i: number) => number): string => runs['-j1'].map((_, i) => f(i).toFixed(2)).join(', ');
const w = (k: Kind, i: number): number => runs[k][i]?.wall ?? NaN;
const ratios = [
  { name: '-j1 / -j2 (wall)', value: wall('-j1') / wall('-j2'), rounds: perRound((i) => w('-j1', i) / w('-j2', i)), ok: (x: number) => x >= TARGETS.jobs, target: `≥ ${TARGETS.jobs}` },
  { name: '-j2 / git mailsplit (wall)', value: wall('-j2') / wall('mailsplit'), rounds: perRound((i) => w('-j2', i) / w('mailsplit', i)), ok: (x: number) => x <= TARGETS.mailsplit, target: `≤ ${TARGETS.mailsplit}` },
  { name: '--tree / plain -j2 (wall)', value: wall('-j2 --tree') / wall('-j2'), rounds: perRound((i) => w('-j2 --tree', i) / w('-j2', i)), ok: (x: number) => x <= TARGETS.tree, target: `≤ ${TARGETS.tree}` },
];
process.stdout.write('\n| ratio (medians) | value | per round | target | met |\n|---|---:|---|---|---|\n');
for (const r of ratios) process.stdout.write(`| ${r.name} | ${r.value.toFixed(2)} | ${r.rounds} | ${r.target} | ${r.ok(r.value) ? 'yes' : '**no**'} |\n`);

const plain = new Set([...runs['-j1'], ...runs['-j2']].map((r) => r.digest));
const withTree = new Set(runs['-j2 --tree'].map((r) => r.digest));
process.stdout.write(`\nreport sha256: -j1 and -j2 ${plain.size === 1 ? 'identical' : 'DIFFER'} (${[...plain].map((d) => d.slice(0, 12)).join(', ')}); --tree ${withTree.size === 1 ? 'identical across rounds' : 'DIFFERS'} (${[...withTree].map((d) => d.slice(0, 12)).join(', ')})\n`);
if (plain.size !== 1 || withTree.size !== 1 || ratios.some((r) => !r.ok(r.value))) process.exitCode = 1;
