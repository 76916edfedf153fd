/**
 * Where ../shared (seeds, peers, corpus scripts) lives. Suites that need it fail loudly,
 * never skip, when it is missing: set KVETCH_SHARED_DIR or check out kvetch beside shared/.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function sharedDir(): string {
  const dir = process.env.KVETCH_SHARED_DIR ?? resolve(process.cwd(), '..', 'shared');
  if (!existsSync(join(dir, 'seeds'))) {
    throw new Error(`shared data not found at ${dir}: this suite needs ../shared (or KVETCH_SHARED_DIR); run the unit suite with "npm test" instead`);
  }
  return dir;
}

export function corpusDir(): string {
  const dir = process.env.KVETCH_CORPUS_DIR ?? join(homedir(), '.cache', 'kvetch-corpus');
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`corpus not found at ${dir}: build it with ../shared/corpus/build.sh (about 6 minutes) or set KVETCH_CORPUS_DIR`);
  }
  return dir;
}
