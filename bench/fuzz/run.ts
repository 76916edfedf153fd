/**
 * The fuzzing campaign (`npm run fuzz`): every target with FUZZ_RUNS inputs (100,000 by
 * default), a fixed seed (FUZZ_SEED), FUZZ_TARGETS=a,b to narrow. Writes
 * test-output/fuzz/summary.json and prints a table; exits 1 when any input crashed, hung or
 * broke a property.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { runTarget, type TargetResult } from './harness.js';
import { DEFAULT_SEED } from './seed.js';
import { loadSeeds, REPO_ROOT } from './seeds.js';
import { TARGETS } from './targets/index.js';


function envInt(name: string, dflt: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, not ${v}`);
  return n;
}

async function main(): Promise<void> {
  const runs = envInt('FUZZ_RUNS', 100_000);
  const seed = envInt('FUZZ_SEED', DEFAULT_SEED);
  const hangMs = envInt('FUZZ_HANG_MS', 2000);
  const wanted = (process.env.FUZZ_TARGETS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = wanted.filter((w) => !TARGETS.some((t) => t.name === w));
  if (unknown.length > 0) throw new Error(`unknown FUZZ_TARGETS ${unknown.join(', ')}; targets: ${TARGETS.map((t) => t.name).join(', ')}`);
  const chosen = TARGETS.filter((t) => wanted.length === 0 || wanted.includes(t.name));
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
  } catch {
    commit = 'unknown';
  }
  const seeds = loadSeeds();
  console.log(`fuzz: seed ${seed} (FUZZ_SEED), ${runs} inputs per target (FUZZ_RUNS), hang bound ${hangMs} ms, commit ${commit}`);
  console.log(`fuzz: real mail from ${seeds.origins.join('; ')}`);
  const started = Date.now();
  const results: TargetResult[] = [];
  const dir = process.env.FUZZ_OUT ?? join(REPO_ROOT, 'test-output', 'fuzz');
  mkdirSync(dir, { recursive: true });
  // Written after every target, so that a long campaign stopped early keeps what it found.
  const write = (): void => {
    const wall = Math.round((Date.now() - started) / 1000);
    const summary = { date: new Date().toISOString(), commit, seed, runsPerTarget: runs, hangMs, seeds: seeds.origins, wallSeconds: wall, targets: results };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  };
  for (const def of chosen) {
    const t = def.make();
    const n = def.maxRuns === undefined ? runs : Math.min(runs, envInt(def.maxRuns.env, def.maxRuns.dflt));
    process.stdout.write(`fuzz: ${t.name}: ${n} runs … `);
    try {
      const r = await runTarget(t, { runs: n, seed, hangMs, minimise: true, shrinkMs: envInt('FUZZ_SHRINK_MS', 30_000) });
      results.push(r);
      write();
      const bad = r.properties.reduce((x, p) => x + p.crashes + p.hangs + p.violations, 0);
      console.log(`${r.inputs} inputs, ${r.seconds} s, ${bad === 0 ? 'all properties hold' : `${bad} failures`}`);
    } finally {
      await t.close?.();
    }
  }
  write();
  const wall = Math.round((Date.now() - started) / 1000);
  console.log('');
  console.log(table(results));
  console.log(`\nfuzz: ${wall} s wall; summary in test-output/fuzz/summary.json`);
  for (const r of results)
    for (const p of r.properties)
      if (p.minimal) console.log(`\n${r.target} / ${p.property}: minimal failing input\n  ${p.minimal.input.slice(0, 2000)}\n  ${p.minimal.reason.split('\n')[0]}`);
  if (results.some((r) => r.properties.some((p) => p.crashes + p.hangs + p.violations > 0))) process.exitCode = 1;
}

/** A Markdown table: target, property, inputs, crashes, hangs, violations, seconds. */
export function table(results: readonly TargetResult[]): string {
  const rows = ['| target | property | inputs | crashes | hangs | violations | seconds |', '|---|---|---:|---:|---:|---:|---:|'];
  for (const r of results) for (const p of r.properties) rows.push(`| ${r.target} | ${p.property} | ${p.inputs} | ${p.crashes} | ${p.hangs} | ${p.violations} | ${p.seconds} |`);
  return rows.join('\n');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 2;
});
