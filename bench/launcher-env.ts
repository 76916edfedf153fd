/**
 * The environment bin/kvetch (the command a user runs) gives node: glibc's mmap threshold
 * fixed, unless the caller set it. Read from the launcher itself, so the benches measure what
 * a user runs and the two cannot drift.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const launcher = readFileSync(fileURLToPath(new URL('../../bin/kvetch', import.meta.url)), 'utf8');
const threshold = /MALLOC_MMAP_THRESHOLD_=(\d+)/.exec(launcher)?.[1];
if (!threshold) throw new Error('bench: bin/kvetch no longer sets MALLOC_MMAP_THRESHOLD_; update bench/launcher-env.ts');

export function launcherEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? threshold };
}
