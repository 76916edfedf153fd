/**
 * `npm run bench`, the digest part: `kvetch digest --all --since 30d --until 2023-12-05 --tree
 * <6.12> --output DIR` over a store filled from the whole corpus (every series analysed with the
 * tree, as the daemon fills it; the filling is not timed). Three runs, each in its own process;
 * prints every run's wall time, the median, the digests and files written and the page sizes.
 * The target (issue 15): under 30 s on a 2-core machine. Not a test: it measures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fillCorpusStore } from '../test/support/corpus-store.js';
import { corpusDir, corpusFiles } from './corpus.js';

corpusFiles('series.mbox');
const corpus = corpusDir;
const BIN = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'kvetch-bench-digest-'));
const TARGET_S = 30;

try {
  // KVETCH_BENCH_DIGEST_DB: a store filled before (from the same corpus), to skip the two minutes of filling.
  let db = process.env.KVETCH_BENCH_DIGEST_DB;
  if (!db) {
    process.stdout.write('digest: filling a store from the whole corpus (kvetch watch --once, with the tree; not timed)…\n');
    const t = Date.now();
    db = await fillCorpusStore(work, corpus);
    process.stdout.write(`  filled in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const times: number[] = [];
  let summary = '';
  for (let i = 0; i < 3; i++) {
    const out = join(work, `out-${i}`);
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, 'digest', '--all', '--since', '30d', '--until', '2023-12-05', '--tree', join(corpus, 'linux-6.12'), '--db', db, '--output', out], { encoding: 'utf8' });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0) throw new Error(`kvetch digest failed (${r.status}): ${r.stderr}`);
    times.push(s);
    const files = readdirSync(out);
    const pages = files.filter((f) => f.endsWith('.html') && f !== 'index.html').map((f) => statSync(join(out, f)).size).sort((a, b) => a - b);
    const kb = (n: number | undefined): string => `${((n ?? 0) / 1024).toFixed(1)} KB`;
    summary = `${pages.length} digests (mail, page and JSON each), ${files.length} files; page sizes: median ${kb(pages[Math.floor(pages.length / 2)])}, largest ${kb(pages.at(-1))}, index ${kb(statSync(join(out, 'index.html')).size)}`;
    process.stdout.write(`  run ${i + 1}: ${s.toFixed(2)} s\n`);
  }
  const median = [...times].sort((a, b) => a - b)[1] ?? NaN;
  process.stdout.write(`digest --all --since 30d over the corpus store: median ${median.toFixed(2)} s (target < ${TARGET_S} s: ${median < TARGET_S ? 'met' : 'MISSED'})\n  ${summary}\n`);
  if (median >= TARGET_S) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
