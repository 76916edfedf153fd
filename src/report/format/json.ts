/**
 * The machine-readable report: one versioned JSON document per run.
 * Field meanings and the versioning policy are in docs/json-output.md.
 *
 * Every object is built field by field in a fixed order (and `data` maps are
 * key-sorted), so the same RunResult always serialises to the same bytes.
 */
import type { Finding, Severity } from '../../model/finding.js';
import type { FileSummary, RunResult, Series, SeriesPatch, SeriesReply } from '../../model/series.js';
import type { SeriesReview } from '../../model/trailer.js';
import { collected, trailer, type JsonCollectedTrailer, type JsonTrailer } from './json-trailers.js';

/** Bumped only for breaking changes; additive changes keep it. */
export const JSON_SCHEMA_VERSION = 3 as const;

export interface JsonFileChangeV1 {
  path: string;
  oldPath?: string;
  status: string;
  additions: number;
  deletions: number;
  binary: boolean;
}

export interface JsonPatchV1 {
  index: number;
  messageId: string;
  subject: string;
  /** The in-body Subject:'s title, when the body has one (schema 3). */
  title?: string;
  /** Who wrote the patch: the in-body From:, else the sender (schema 3). */
  author: string;
  /** Who sent the mail (schema 3). */
  sender: string;
  date: string | null;
  /** The in-body Date: (ISO), when the body has one (schema 3). */
  authorDate?: string;
  /** Paths the patch touches (new-side path of each file). */
  files: string[];
  fileChanges: JsonFileChangeV1[];
  /** Number of replies to this patch. */
  replies: number;
  /** Only in a partial reroll, on a patch it did not resend: the older revision the patch is from. */
  fromRevision?: number;
  /** `git patch-id --stable` of its diff (schema 3); absent for a binary patch. */
  patchId?: string;
  /** Its own trailers (schema 3). */
  trailers: JsonTrailer[];
  /** Trailers given in replies (schema 3). */
  collected: JsonCollectedTrailer[];
}

export interface JsonReplyV1 {
  messageId: string;
  parent: string;
  subject: string;
  author: string;
}

export interface JsonSeriesV1 {
  key: string;
  revision: number;
  versionInferred: boolean;
  subject: string;
  author: string;
  /** Who sent the cover letter, else the first patch (schema 3). */
  sender: string;
  date: string | null;
  total: number;
  complete: boolean;
  rfc: boolean;
  /** No higher revision of the same key in the input. */
  newest: boolean;
  /** The next higher revision of the same key in the input; null when none. */
  supersededBy: number | null;
  /** Only for a partial reroll: the revision it answered and took its other patches from. */
  rerollOf?: number;
  cover: { messageId: string; subject: string } | null;
  patches: JsonPatchV1[];
  missing: { from: number; to: number }[];
  replies: JsonReplyV1[];
  resend: boolean;
  changeId?: string;
  baseCommit?: string;
  prerequisitePatchIds: string[];
  review?: SeriesReview;
}

export interface JsonFindingV1 {
  ruleId: string;
  messageId: string;
  message: string;
  severity: Severity;
  subject: { key: string; revision: number; patch?: number; messageId?: string };
  location?: { path: string; line?: number; endLine?: number; oldPath?: string };
  data?: Record<string, string | number>;
  fingerprint: string;
  fatal?: true;
  versions?: { status: 'new' | 'still-present' | 'fixed'; since?: number; fixedIn?: number };
}

export interface JsonStatsV1 {
  messages: number;
  bytes: number;
  patches: number;
  comments: number;
  sources: string[];
  /** Message-IDs seen more than once (kept once). */
  duplicates: string[];
  /** Comments whose thread is not in the input. */
  orphans: string[];
}

export interface JsonReportV1 {
  schemaVersion: typeof JSON_SCHEMA_VERSION;
  tool: { name: string; version: string };
  stats: JsonStatsV1;
  series: JsonSeriesV1[];
  findings: JsonFindingV1[];
}

export interface ReportMeta {
  tool: string;
  version: string;
}

function fileChange(f: FileSummary): JsonFileChangeV1 {
  return {
    path: f.path,
    ...(f.oldPath !== undefined ? { oldPath: f.oldPath } : {}),
    status: f.status,
    additions: f.additions,
    deletions: f.deletions,
    binary: f.binary,
  };
}

function patch(p: SeriesPatch): JsonPatchV1 {
  return {
    index: p.index,
    messageId: p.messageId,
    subject: p.subject,
    ...(p.title !== undefined ? { title: p.title } : {}),
    author: p.author,
    sender: p.sender,
    date: p.date,
    ...(p.authorDate !== undefined ? { authorDate: p.authorDate } : {}),
    files: p.files.map((f) => f.path),
    fileChanges: p.files.map(fileChange),
    replies: p.replies,
    ...(p.fromRevision !== undefined ? { fromRevision: p.fromRevision } : {}),
    ...(p.patchId !== undefined ? { patchId: p.patchId } : {}),
    trailers: (p.trailers ?? []).map(trailer),
    collected: (p.collected ?? []).map(collected),
  };
}

function reply(r: SeriesReply): JsonReplyV1 {
  return { messageId: r.messageId, parent: r.parent, subject: r.subject, author: r.author };
}

/** A Series as it appears in the JSON report. */
export function seriesToJson(s: Series): JsonSeriesV1 {
  return {
    key: s.key,
    revision: s.revision,
    versionInferred: s.versionInferred,
    subject: s.subject,
    author: s.author,
    sender: s.sender,
    date: s.date,
    total: s.total,
    complete: s.complete,
    rfc: s.rfc,
    // Series stored before these fields existed (the daemon's store) read as newest.
    newest: s.newest ?? true,
    supersededBy: s.supersededBy ?? null,
    ...(s.rerollOf !== undefined ? { rerollOf: s.rerollOf } : {}),
    cover: s.cover === null ? null : { messageId: s.cover.messageId, subject: s.cover.subject },
    patches: s.patches.map(patch),
    missing: s.missing.map((r) => ({ from: r.from, to: r.to })),
    replies: s.replies.map(reply),
    resend: s.resend === true,
    ...(s.changeId !== undefined ? { changeId: s.changeId } : {}),
    ...(s.baseCommit !== undefined ? { baseCommit: s.baseCommit } : {}),
    prerequisitePatchIds: [...(s.prerequisitePatchIds ?? [])],
    ...(s.review !== undefined ? { review: { reviewed: s.review.reviewed, total: s.review.total, by: [...s.review.by], reported: s.review.reported, ignored: s.review.ignored } } : {}),
  };
}

/** Copies a data map with its keys sorted (own properties only, `__proto__` safe). */
export function sortedData(
  data: Readonly<Record<string, string | number>>,
): Record<string, string | number> {
  return Object.fromEntries(Object.entries(data).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A Finding as it appears in the JSON report (fixed key order, optional keys omitted). */
export function findingToJson(f: Finding): JsonFindingV1 {
  const { subject: sub, location: loc } = f;
  return {
    ruleId: f.ruleId,
    messageId: f.messageId,
    message: f.message,
    severity: f.severity,
    subject: {
      key: sub.key,
      revision: sub.revision,
      ...(sub.patch !== undefined ? { patch: sub.patch } : {}),
      ...(sub.messageId !== undefined ? { messageId: sub.messageId } : {}),
    },
    ...(loc !== undefined
      ? {
          location: {
            path: loc.path,
            ...(loc.line !== undefined ? { line: loc.line } : {}),
            ...(loc.endLine !== undefined ? { endLine: loc.endLine } : {}),
            ...(loc.oldPath !== undefined ? { oldPath: loc.oldPath } : {}),
          },
        }
      : {}),
    ...(f.data !== undefined ? { data: sortedData(f.data) } : {}),
    fingerprint: f.fingerprint,
    ...(f.fatal === true ? { fatal: true as const } : {}),
    ...(f.versions !== undefined ? { versions: { ...f.versions } } : {}),
  };
}

/** The report as a plain object (what formatJson serialises). */
export function buildJsonReport(result: RunResult, meta: ReportMeta): JsonReportV1 {
  return {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: meta.tool, version: meta.version },
    stats: {
      messages: result.stats.messages,
      bytes: result.stats.bytes,
      patches: result.stats.patches,
      comments: result.stats.comments,
      sources: [...result.stats.sources],
      duplicates: [...(result.stats.duplicates ?? [])],
      orphans: [...(result.stats.orphans ?? [])],
    },
    series: result.series.map(seriesToJson),
    findings: result.findings.map(findingToJson),
  };
}
