/** Every path a series touches: new and old names of each file of each patch, sorted, once. */
import type { Series } from '../../model/series.js';

export function seriesFiles(s: Pick<Series, 'patches'>): string[] {
  const paths = new Set<string>();
  for (const p of s.patches)
    for (const f of p.files) {
      if (f.path && f.path !== '/dev/null') paths.add(f.path);
      if (f.oldPath && f.oldPath !== '/dev/null') paths.add(f.oldPath);
    }
  return [...paths].sort();
}
