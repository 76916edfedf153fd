import type { IndexRange } from '../../model/series.js';

/** `[{2,4}, {8,8}, {10,11}]` → `2-4, 8, 10, 11`: how reports write a series' missing patches. */
export function formatRanges(ranges: readonly IndexRange[]): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : r.to === r.from + 1 ? `${r.from}, ${r.to}` : `${r.from}-${r.to}`)).join(', ');
}
