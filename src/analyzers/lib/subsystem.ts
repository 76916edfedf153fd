/** Where a file lives, for per-subsystem counts: two path components (three under drivers/ and arch/). */
export function subsystem(path: string): string {
  const parts = path.split('/');
  const n = parts[0] === 'drivers' || parts[0] === 'arch' ? 3 : 2;
  return parts.slice(0, Math.min(n, parts.length - 1)).join('/') || path;
}
