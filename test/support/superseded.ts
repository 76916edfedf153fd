/**
 * The versions in a daemon's store that a newer revision of the same series (by base key) has
 * superseded, as `key@revision`: the email channel answers only the newest revision in the
 * store, so a reply to one of these may or may not have gone out before the newer one came.
 */
import { baseKey } from '../../src/mail/series-key.js';
import type { SeriesVersion } from '../../src/model/store.js';

export function supersededVersions(versions: readonly SeriesVersion[]): Set<string> {
  const newest = new Map<string, number>();
  for (const v of versions) newest.set(baseKey(v.key), Math.max(newest.get(baseKey(v.key)) ?? 0, v.revision));
  return new Set(versions.filter((v) => v.revision < (newest.get(baseKey(v.key)) ?? 0)).map((v) => `${v.key}@${v.revision}`));
}
