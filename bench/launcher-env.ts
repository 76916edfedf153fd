/**
 * The environment bin/kvetch (the command a user runs) gives node: glibc's mmap threshold
 * fixed, unless the caller set it, and the main thread's semi-space bounded (NODE_OPTIONS, the
 * caller's after it). Read from the launcher itself, so the benches measure what a user runs
 * and the two cannot drift.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const launcher = readFileSync(fileURLToPath(new URL('../../bin/kvetch', import.meta.url)), 'utf8');
const threshold = /MALLOC_MMAP_THRESHOLD_=(\d+)/.exec(launcher)?.[1];
if (!threshold) throw new Error('bench: bin/kvetch no longer sets MALLOC_MMAP_THRESHOLD_; update bench/launcher-env.ts');

const nodeOptions = /NODE_OPTIONS="(--[a-z-]+=\d+)\$\{NODE_OPTIONS:\+ \$NODE_OPTIONS\}"/.exec(launcher)?.[1];
if (!nodeOptions) throw new Error('bench: bin/kvetch no longer sets NODE_OPTIONS as bench/launcher-env.ts reads it; update the latter');

export function launcherEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...env, MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? threshold, NODE_OPTIONS: env.NODE_OPTIONS ? `${nodeOptions} ${env.NODE_OPTIONS}` : nodeOptions };
}
