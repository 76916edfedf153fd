/**
 * `npm run bench` (memory): peak RSS of `kvetch check --format json` (getrusage maxRSS of a
 * child process, all threads) on series.mbox at --jobs 1 and the default, on a 2 GB mbox made
 * of four copies of it with rewritten Message-IDs (make-big-mbox.ts) at both, and with --tree
 * linux-6.1. A run's peak moves by ±10 MB from run to run (where the paced collections fall
 * against the big mails), as much as the flatness margin, so the four corpus runs are made in
 * KVETCH_MEMORY_ROUNDS alternating rounds (default 3) and judged on their medians; every sample
 * is printed. Prints a table; exits 1 when a target of issue 16 is missed:
 *   series.mbox ≤ 256 MB; the 2 GB mbox within 10 % of series.mbox (memory flat in the input);
 *   --tree ≤ 1 GB; and the same report at --jobs 1 and the default.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launcherEnv } from './launcher-env.js';
import { makeBigMbox } from './make-big-mbox.js';
import { corpusFiles } from './corpus.js';

const MB = 1024 * 1024;
const [series, tree] = corpusFiles('series.mbox', 'linux-6.1') as [string, string];
const COPIES = 4;
const big = process.env.KVETCH_BIG_MBOX ?? join(tmpdir(), `kvetch-bench-series-x${COPIES}.mbox`);
if (!existsSync(big) || statSync(big).mtimeMs < statSync(series).mtimeMs) {
  process.stderr.write(`bench: writing ${big} (${COPIES} copies of series.mbox, Message-IDs rewritten)\n`);
  await makeBigMbox(series, big, COPIES);
}

const LIMIT_MB = 256;
const TREE_LIMIT_MB = 1024;
const FLAT = 0.1;
const wrapper = fileURLToPath(new URL('./run-kvetch.js', import.meta.url));

interface Peak {
  label: string;
  seconds: number;
  peakMb: number;
  digest: string;
  /** Every round's peak, in order (one for a run made once). */
  samples?: number[];
}

function measure(label: string, file: string, jobs: string, extra: string[] = []): Promise<Peak> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [wrapper, file, jobs, ...extra], { stdio: ['ignore', 'pipe', 'pipe'], env: launcherEnv() });
    const hash = createHash('sha256');
    let err = '';
    child.stdout.on('data', (c: Buffer) => hash.update(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      if (code !== 0 && code !== 1) return reject(new Error(`${label} exited ${code}: ${err}`));
      try {
        const { maxRssKb } = JSON.parse(err.trim().split('\n').at(-1) ?? '') as { maxRssKb: number };
        resolve({ label, seconds, peakMb: (maxRssKb * 1024) / MB, digest: hash.digest('hex').slice(0, 12) });
      } catch {
        reject(new Error(`${label}: no resource report from the wrapper: ${err}`));
      }
    });
  });
}

const ROUNDS = Math.max(1, Math.floor(Number(process.env.KVETCH_MEMORY_ROUNDS ?? 3)) || 3);
const runs: Array<[string, string, string]> = [
  ['series.mbox --jobs 1', series, '1'],
  ['series.mbox (default jobs)', series, 'default'],
  [`${COPIES}× series.mbox --jobs 1`, big, '1'],
  [`${COPIES}× series.mbox (default jobs)`, big, 'default'],
];
const got: Peak[][] = runs.map(() => []);
for (let r = 0; r < ROUNDS; r++) {
  for (const [i, [label, file, jobs]] of runs.entries()) {
    const p = await measure(label, file, jobs);
    process.stderr.write(`bench: round ${r + 1}/${ROUNDS}: ${label}: ${p.peakMb.toFixed(0)} MB, ${p.seconds.toFixed(1)} s\n`);
    got[i]?.push(p);
  }
}
const [s1, sd, b1, bd] = got.map(medianPeak) as [Peak, Peak, Peak, Peak];
const tr = await measure('series.mbox --tree linux-6.1 (default jobs)', series, 'default', ['--tree', tree]);

/** The run whose peak is the median (the upper one of an even count); every sample kept, every report the same or marked. */
function medianPeak(ps: readonly Peak[]): Peak {
  const sorted = [...ps].sort((a, b) => a.peakMb - b.peakMb);
  const m = sorted[Math.floor(sorted.length / 2)] as Peak;
  const digests = new Set(ps.map((p) => p.digest));
  return { ...m, samples: ps.map((p) => p.peakMb), digest: digests.size === 1 ? m.digest : `differs: ${[...digests].join(', ')}` };
}

const sizeMb = (f: string): string => (statSync(f).size / MB).toFixed(0);
const checks: [Peak, string, boolean][] = [
  [s1, `≤ ${LIMIT_MB}`, s1.peakMb <= LIMIT_MB],
  [sd, `≤ ${LIMIT_MB}`, sd.peakMb <= LIMIT_MB],
  [b1, `≤ ${(s1.peakMb * (1 + FLAT)).toFixed(0)} (series -j1 + 10 %)`, b1.peakMb <= s1.peakMb * (1 + FLAT)],
  [bd, `≤ ${(sd.peakMb * (1 + FLAT)).toFixed(0)} (series default + 10 %)`, bd.peakMb <= sd.peakMb * (1 + FLAT)],
  [tr, `≤ ${TREE_LIMIT_MB}`, tr.peakMb <= TREE_LIMIT_MB],
];
const out: string[] = [`series.mbox ${sizeMb(series)} MB; ${COPIES}× copy ${sizeMb(big)} MB (${big})`, ''];
out.push(`| run | wall s | peak RSS MB (median of ${ROUNDS} rounds for the corpus runs) | each round | target MB | met | report sha256 |`, '|---|---:|---:|---|---|---|---|');
for (const [p, target, ok] of checks) out.push(`| ${p.label} | ${p.seconds.toFixed(1)} | ${p.peakMb.toFixed(0)} | ${(p.samples ?? [p.peakMb]).map((x) => x.toFixed(0)).join(', ')} | ${target} | ${ok ? 'yes' : '**no**'} | ${p.digest} |`);
// One report for series.mbox and one for the 2 GB mbox, at every job count and in every round.
const oneReport = (a: readonly Peak[] = [], b: readonly Peak[] = []): boolean => new Set([...a, ...b].map((p) => p.digest)).size === 1;
const same = oneReport(got[0], got[1]) && oneReport(got[2], got[3]);
out.push('', `same report at --jobs 1 and the default: ${same ? 'yes' : '**no**'}`);
process.stdout.write(`${out.join('\n')}\n`);
const missed = checks.filter(([, , ok]) => !ok).map(([p]) => p.label);
if (!same) missed.push('identical reports');
if (missed.length > 0) {
  process.stderr.write(`bench: memory targets missed: ${missed.join('; ')}\n`);
  process.exitCode = 1;
}
