/**
 * A daemon store filled from the corpus's series.mbox the way a user fills one: `kvetch watch
 * --once` over a `files` source with the 6.12 tree, no grace period, no channels. About two
 * minutes on two cores. Used by the digest suite and the digest benchmark.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKvetch } from './run-cli.js';

export async function fillCorpusStore(dir: string, corpus: string): Promise<string> {
  const db = join(dir, 'kvetch.db');
  const config = join(dir, 'kvetch.yml');
  writeFileSync(
    config,
    [`db: ${JSON.stringify(db)}`, `tree: ${JSON.stringify(join(corpus, 'linux-6.12'))}`, 'gracePeriod: 0', 'sources:', '  - type: files', `    path: ${JSON.stringify(join(corpus, 'series.mbox'))}`, 'channels:', '  log:', '    enabled: false', ''].join('\n'),
  );
  const r = await runKvetch(['watch', '--once', '-c', config]);
  if (r.status !== 0) throw new Error(`kvetch watch --once over the corpus failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return db;
}
