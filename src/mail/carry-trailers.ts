/**
 * Trailers given on an older version of a series, carried to the newer one: to the same patch
 * when it did not change (same `git patch-id --stable`), else listed as given on vN to a patch
 * that changed since (the patch found by its title, else its number). Pure; works in place.
 */
import type { Series, SeriesPatch } from '../model/series.js';
import type { CollectedTrailer } from '../model/trailer.js';
import { summarise } from './series-trailers.js';
import { parseSubject } from './subject.js';

const title = (p: SeriesPatch): string => parseSubject(p.subject).title;

function counterpart(p: SeriesPatch, old: Series): SeriesPatch | undefined {
  return (
    (p.patchId !== undefined ? old.patches.find((q) => q.patchId === p.patchId) : undefined) ??
    old.patches.find((q) => title(q) === title(p)) ??
    old.patches.find((q) => q.index === p.index)
  );
}

function carryPatch(p: SeriesPatch, q: SeriesPatch, oldRevision: number): void {
  const same = p.patchId !== undefined && q.patchId === p.patchId;
  const has = (t: CollectedTrailer): boolean =>
    (p.trailers ?? []).some((x) => x.key === t.key && x.value === t.value) ||
    (p.collected ?? []).some((x) => x.key === t.key && x.value === t.value && x.status !== 'reported');
  const carried: CollectedTrailer[] = [];
  for (const t of q.collected ?? []) {
    if (t.status === 'reported' || has(t)) continue;
    const status = same && t.status !== 'changed' ? 'carried' : 'changed';
    carried.push({ ...t, status, given: t.given ?? oldRevision });
  }
  if (carried.length > 0) p.collected = [...(p.collected ?? []), ...carried];
}

/**
 * For every series of `series` that has an older revision (in `series` or `older`, the versions a
 * store kept), the collected trailers of the nearest older revision are carried over. Revisions
 * are handled oldest first, so v1's trailers reach v3 through v2.
 */
export function carryTrailers(series: readonly Series[], older: readonly Series[] = []): void {
  const mine = new Set(series);
  const byKey = new Map<string, Series[]>();
  for (const s of [...older, ...series]) {
    const list = byKey.get(s.key);
    if (list) list.push(s);
    else byKey.set(s.key, [s]);
  }
  for (const list of byKey.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => a.revision - b.revision);
    for (let i = 1; i < list.length; i++) {
      const s = list[i] as Series;
      const old = list.slice(0, i).filter((o) => o.revision < s.revision).pop();
      if (!mine.has(s) || !old) continue;
      for (const p of s.patches) {
        const q = counterpart(p, old);
        if (q) carryPatch(p, q, old.revision);
      }
      s.review = summarise(s.patches, s.total, s.review?.ignored ?? 0);
    }
  }
}
