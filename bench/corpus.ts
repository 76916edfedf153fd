/** The corpus a bench reads (KVETCH_CORPUS_DIR, else ~/.cache/kvetch-corpus): its files, or exit 2 saying how to build it. */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const corpusDir = process.env.KVETCH_CORPUS_DIR ?? join(homedir(), '.cache', 'kvetch-corpus');

/** Paths of `names` in the corpus; the bench stops (exit 2) when one is missing. */
export function corpusFiles(...names: string[]): string[] {
  const paths = names.map((n) => join(corpusDir, n));
  for (const p of paths) {
    if (!existsSync(p)) {
      process.stderr.write(`bench: ${p} not found; build the corpus with ../shared/corpus/build.sh or set KVETCH_CORPUS_DIR\n`);
      process.exit(2);
    }
  }
  return paths;
}
