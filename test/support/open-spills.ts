/** Spill files (pipeline/spill.ts) this process holds open: on Linux, deleted files seen through /proc/self/fd; elsewhere none are seen. */
import { existsSync, readdirSync, readlinkSync } from 'node:fs';

export function openSpillFiles(name: string): string[] {
  if (!existsSync('/proc/self/fd')) return [];
  const out: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.includes(`/kvetch-${name}-`)) out.push(target);
    } catch {
      // the descriptor readdir itself used, closed since
    }
  }
  return out;
}
