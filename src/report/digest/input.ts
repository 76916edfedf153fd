/**
 * What a digest is built from: series versions with their findings, however they were obtained
 * (the daemon's store, collect.ts; or a one-off `triage()` run over files, from-run.ts).
 */
import type { Finding } from '../../model/finding.js';
import type { SeriesLinks } from './model.js';

export interface DigestVersion {
  key: string;
  revision: number;
  subject: string;
  author: string;
  /** ISO date of its first mail; null when no mail had a usable Date (such a version is in no period). */
  date: string | null;
  patches: number;
  /** Every path its patches touch (new and old names). */
  files: string[];
  /** Its findings, marked against older versions (engine/versions.ts). */
  findings: readonly Finding[];
  links: SeriesLinks;
}

export interface DigestInput {
  /** Every version known, whatever its date: states (superseded by vN) need the newer ones. */
  versions: DigestVersion[];
}
