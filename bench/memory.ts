/**
 * `npm run bench` (memory): peak RSS of `kvetch check --format json` (getrusage maxRSS of a
 * child process, all threads) on series.mbox at --jobs 1 and the default, on a 2 GB mbox made
 * of four copies of it with rewritten Message-IDs (make-big-mbox.ts) at both, and with --tree
 * linux-6.1. Prints a table; exits 1 when a target of issue 16 is missed:
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

const s1 = await measure('series.mbox --jobs 1', series, '1');
const sd = await measure('series.mbox (default jobs)', series, 'default');
const b1 = await measure(`${COPIES}× series.mbox --jobs 1`, big, '1');
const bd = await measure(`${COPIES}× series.mbox (default jobs)`, big, 'default');
const tr = await measure('series.mbox --tree linux-6.1 (default jobs)', series, 'default', ['--tree', tree]);

const sizeMb = (f: string): string => (statSync(f).size / MB).toFixed(0);
const checks: [Peak, string, boolean][] = [
  [s1, `≤ ${LIMIT_MB}`, s1.peakMb <= LIMIT_MB],
  [sd, `≤ ${LIMIT_MB}`, sd.peakMb <= LIMIT_MB],
  [b1, `≤ ${(s1.peakMb * (1 + FLAT)).toFixed(0)} (series -j1 + 10 %)`, b1.peakMb <= s1.peakMb * (1 + FLAT)],
  [bd, `≤ ${(sd.peakMb * (1 + FLAT)).toFixed(0)} (series default + 10 %)`, bd.peakMb <= sd.peakMb * (1 + FLAT)],
  [tr, `≤ ${TREE_LIMIT_MB}`, tr.peakMb <= TREE_LIMIT_MB],
];
const out: string[] = [`series.mbox ${sizeMb(series)} MB; ${COPIES}× copy ${sizeMb(big)} MB (${big})`, ''];
out.push('| run | wall s | peak RSS MB | target MB | met | report sha256 |', '|---|---:|---:|---|---|---|');
for (const [p, target, ok] of checks) out.push(`| ${p.label} | ${p.seconds.toFixed(1)} | ${p.peakMb.toFixed(0)} | ${target} | ${ok ? 'yes' : '**no**'} | ${p.digest} |`);
const same = s1.digest === sd.digest && b1.digest === bd.digest;
out.push('', `same report at --jobs 1 and the default: ${same ? 'yes' : '**no**'}`);
process.stdout.write(`${out.join('\n')}\n`);
const missed = checks.filter(([, , ok]) => !ok).map(([p]) => p.label);
if (!same) missed.push('identical reports');
if (missed.length > 0) {
  process.stderr.write(`bench: memory targets missed: ${missed.join('; ')}\n`);
  process.exitCode = 1;
}
