/**
 * The digest as JSON (docs/digest.md): one recipient's digest is the model itself, with its
 * `schemaVersion`; several are wrapped with the period they cover. Stable key order (the
 * model's), two-space indent, a final newline.
 */
import { DIGEST_SCHEMA_VERSION, type Digest, type DigestIndexEntry } from './model.js';

export function renderDigestJson(d: Digest): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}

export interface DigestSet {
  schemaVersion: typeof DIGEST_SCHEMA_VERSION;
  period: { since: string; until: string; week: string };
  digests: Digest[];
}

export function renderDigestSetJson(period: DigestSet['period'], digests: readonly Digest[]): string {
  const set: DigestSet = { schemaVersion: DIGEST_SCHEMA_VERSION, period, digests: [...digests] };
  return `${JSON.stringify(set, null, 2)}\n`;
}

/** The index entry of a digest written under `stem`. */
export function indexEntry(d: Digest, stem: string): DigestIndexEntry {
  return { recipient: d.recipient, stem, series: d.totals.series, attention: d.attention.length, exportsNet: d.totals.exports.net };
}
