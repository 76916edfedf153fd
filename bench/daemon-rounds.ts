/**
 * `npm run bench`, the daemon part: what one round of `kvetch watch` costs over a store of
 * 10,000 corpus mails with nothing new (A) and with 50 new mails (B), against a round over an
 * empty store taking the same 50 (C). Each round runs in a process of its own (daemon-round.js),
 * the cases alternate, and the medians of wall time, CPU time and peak RSS are printed with
 * every round. Not a test: it measures. docs/performance.md has the numbers and the old ones.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { corpusFiles } from './corpus.js';

corpusFiles('series.mbox');
const helper = fileURLToPath(new URL('./daemon-round.js', import.meta.url));
const work = join(tmpdir(), `kvetch-bench-rounds-${process.pid}`);
const REPS = Number(process.env.KVETCH_BENCH_ROUNDS ?? 5);

function run(args: string[]): Record<string, number | string> {
  const r = spawnSync(process.execPath, [helper, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`daemon-round ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, number | string>;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

try {
  process.stdout.write('daemon rounds: setting up a store of 10,000 corpus mails (every version analysed and published)…\n');
  const setup = run(['setup', work]);
  process.stdout.write(`  setup: ${JSON.stringify(setup)}\n`);
  const results: Record<string, Record<string, number | string>[]> = { A: [], B: [], C: [] };
  for (let i = 0; i < REPS; i++) for (const c of ['A', 'B', 'C']) results[c]?.push(run(['round', c, work]));
  const label: Record<string, string> = { A: '10,000 stored, 0 new', B: '10,000 stored, 50 new', C: '0 stored, 50 new' };
  process.stdout.write(`\n${'round'.padEnd(24)} ${'wall ms'.padStart(9)} ${'cpu ms'.padStart(9)} ${'rss MB'.padStart(7)}  parsed assembled analysed published   (medians of ${REPS})\n`);
  for (const c of ['A', 'B', 'C']) {
    const rs = results[c] ?? [];
    const m = (k: string): number => median(rs.map((r) => Number(r[k])));
    process.stdout.write(
      `${label[c]?.padEnd(24)} ${m('wallMs').toFixed(1).padStart(9)} ${m('cpuMs').toFixed(1).padStart(9)} ${(m('maxRssKb') / 1024).toFixed(0).padStart(7)}  ${String(m('parsed')).padStart(6)} ${String(m('assembled')).padStart(9)} ${String(m('analysed')).padStart(8)} ${String(m('published')).padStart(9)}\n`,
    );
    process.stdout.write(`${''.padEnd(24)} rounds (wall ms): ${rs.map((r) => Number(r.wallMs).toFixed(1)).join(', ')}\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
