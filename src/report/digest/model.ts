/**
 * The digest model: what one recipient (a maintainer, a reviewer or a list of MAINTAINERS) is
 * told about a period. Built once (build.ts) and rendered three ways from the same object: the
 * plain-text mail (text.ts), the HTML page with its SVG charts (html.ts) and the versioned JSON
 * (json.ts, docs/digest.md). Plain data: JSON round-trips it unchanged.
 */
import type { Severity } from '../../model/finding.js';

/** Bumped when a field changes meaning or goes away (adding a field keeps it). */
export const DIGEST_SCHEMA_VERSION = 1;

export type RecipientRole = 'maintainer' | 'reviewer' | 'list';

export interface DigestRecipient {
  /** As MAINTAINERS writes it (after .mailmap): `Name <addr>`, or the list address. */
  display: string;
  name: string;
  /** Lower-cased. */
  address: string;
  role: RecipientRole;
}

/** Where a series can be read: lore (mail), patchwork, the GitHub pull request. */
export interface SeriesLinks {
  lore?: string;
  patchwork?: string;
  github?: string;
}

/**
 * A series version's standing: `new` (its first version, the newest one), `revised` (the
 * newest version of a series that had older ones), `superseded` (a newer version exists).
 */
export type SeriesState = 'new' | 'revised' | 'superseded';

export const SERIES_STATES: readonly SeriesState[] = ['new', 'revised', 'superseded'];

/** A finding as the digest tells it. */
export interface DigestFinding {
  ruleId: string;
  messageId: string;
  severity: Severity;
  message: string;
  path?: string;
  line?: number;
  fingerprint: string;
  /** `open` in the newest version, or `fixed` in revision `fixedIn`. */
  status: 'open' | 'fixed';
  /** Revision since which it is present (when older than the version shown). */
  since?: number;
  fixedIn?: number;
}

export interface DigestSeries {
  /** `<key>#v<revision>`: how subsystems and attention items refer to it. */
  id: string;
  key: string;
  revision: number;
  subject: string;
  /** Who wrote it: the in-body From: of its cover letter (else first patch), else its sender. */
  author: string;
  /** Who sent it, only when that is not the author (a maintainer forwarding a colleague's series). */
  sender?: string;
  /** ISO date of its first mail (the date the period is tested against). */
  date: string | null;
  patches: number;
  state: SeriesState;
  /** The newest revision known, when this one is superseded. */
  supersededBy?: number;
  /** Older revisions known for the same series. */
  olderRevisions: number[];
  links: SeriesLinks;
  /** Its files that the recipient looks after. */
  files: string[];
  /** Its findings on the recipient's files, plus those with no file (series-wide). */
  findings: DigestFinding[];
  /** Findings open in this version, and findings of older versions this one fixed. */
  open: number;
  fixed: number;
  /** Review trailers collected so far; absent when the store keeps none. */
  review?: { reviewed: number; of: number; by: string[] };
}

/** A symbol export as the digest lists it. */
export interface ExportChange {
  symbol: string;
  macro: string;
  namespace: string;
  path: string;
  series: string;
  /** For a loosening: the macro it had. */
  oldMacro?: string;
  /** For module-restricted exports: the modules it reaches. */
  modules?: string;
}

export interface CountPair {
  added: number;
  removed: number;
}

export interface SubsystemDigest {
  /** The MAINTAINERS section title. */
  name: string;
  /** Its `S:` status (`Maintained`, `Odd Fixes`, `Orphan`…). */
  status: string;
  /** Series of the period touching it (ids into `series`), newest versions only. */
  series: string[];
  exports: {
    added: number;
    removed: number;
    /** added − removed. */
    net: number;
    byMacro: Record<string, CountPair>;
    /** '' = no namespace. */
    byNamespace: Record<string, CountPair>;
    /** Exports loosened: GPL-only to any module, or out of a namespace. */
    loosened: ExportChange[];
    /** New exports to named modules only. */
    restricted: ExportChange[];
    /** Every new and every removed export (restricted ones are in `restricted`, not here). */
    newExports: ExportChange[];
    removedExports: ExportChange[];
  };
  /** New declarations in public headers. */
  headerDeclarations: { name: string; kind: string; path: string; series: string; count: number }[];
  /** Declarations and headers moved into (API grows) and out of (API shrinks) public headers. */
  headerMoves: { direction: 'in' | 'out' | 'between'; name: string; from: string; to: string; series: string }[];
  /** Kconfig problems and their state. */
  kconfig: { message: string; path: string; severity: Severity; status: 'open' | 'fixed'; fixedIn?: number; series: string }[];
  /** Located findings on its files by analyzer and severity (open ones). */
  findings: Record<string, Partial<Record<Severity, number>>>;
}

/** An error-level finding still open in the newest version: first in every rendering. */
export interface AttentionItem {
  series: string;
  subject: string;
  ruleId: string;
  message: string;
  path?: string;
  line?: number;
  link?: string;
}

/** Net export change per subsystem, week by week (the bar chart). */
export interface ExportHistory {
  /** ISO weeks, oldest first (`2023-W46`). */
  weeks: string[];
  /** One row per subsystem with a change in any of the weeks; `net[i]` belongs to `weeks[i]`. */
  subsystems: { name: string; net: number[]; added: number[]; removed: number[] }[];
}

export interface Digest {
  schemaVersion: typeof DIGEST_SCHEMA_VERSION;
  recipient: DigestRecipient;
  /** [since, until): ISO instants. `week` is the ISO week of `until` minus one ms, for scheduled digests. */
  period: { since: string; until: string; week: string };
  attention: AttentionItem[];
  subsystems: SubsystemDigest[];
  series: DigestSeries[];
  totals: {
    series: number;
    byState: Record<SeriesState, number>;
    exports: { added: number; removed: number; net: number };
    /** Open located findings on the recipient's files, by analyzer then severity. */
    findings: Record<string, Partial<Record<Severity, number>>>;
    open: number;
    fixed: number;
  };
  history: ExportHistory;
}

/** The index over several digests (the HTML index page, `digest.json`). */
export interface DigestIndexEntry {
  recipient: DigestRecipient;
  /** File stem of its renderings (`<stem>.txt`, `<stem>.html`, `<stem>.json`). */
  stem: string;
  series: number;
  attention: number;
  exportsNet: number;
}
