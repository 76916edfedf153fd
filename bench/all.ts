/**
 * `npm run bench`: every benchmark in turn, each in its own process (one's memory never counts
 * against the next), a summary at the end; exit 1 when any of them failed or missed its target.
 * One alone: `node dist/bench/<name>.js`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCHES = ['pipeline', 'speed', 'daemon-rounds', 'digest', 'lore-follow', 'resource-bounds', 'kill-restart', 'app-kill', 'memory', 'app-load'];
const here = dirname(fileURLToPath(import.meta.url));
const results: { name: string; code: number | null; seconds: number }[] = [];
for (const name of BENCHES) {
  console.log(`\n=== bench/${name} ===`);
  const t = Date.now();
  const r = spawnSync(process.execPath, [join(here, `${name}.js`)], { stdio: 'inherit' });
  results.push({ name, code: r.status, seconds: (Date.now() - t) / 1000 });
}
console.log('\n| bench | exit | wall s |\n|---|---:|---:|');
for (const r of results) console.log(`| ${r.name} | ${r.code ?? 'killed'} | ${r.seconds.toFixed(0)} |`);
if (results.some((r) => r.code !== 0)) process.exitCode = 1;
