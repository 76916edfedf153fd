/**
 * Paths named by mail (`--- a/…`, `rename from`, `diff --git`) as a kernel tree may take them:
 * relative, normal, and inside the tree. Pure: the reading is kernel/tree-files.ts's.
 */
import { isAbsolute, normalize, sep } from 'node:path';

/** The path made tree-relative and normal, or null when it is absolute, climbs out of the tree or holds a NUL. */
export function treeRelative(path: string): string | null {
  if (path === '' || path.includes('\0') || isAbsolute(path) || /^[a-zA-Z]:[\\/]/.test(path)) return null;
  const n = normalize(path);
  if (n === '..' || n.startsWith(`..${sep}`) || isAbsolute(n)) return null;
  return n;
}
