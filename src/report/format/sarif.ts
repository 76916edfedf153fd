/**
 * SARIF 2.1.0 output: one run, one rule per distinct ruleId, one result per finding.
 * Pure: the caller writes the string wherever it wants.
 */
import type { Finding, Severity } from '../../model/finding.js';
import type { RunResult } from '../../model/series.js';
import { sortedData } from './json.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const SARIF_VERSION = '2.1.0';
/** Key of the fingerprint in `partialFingerprints`; bump the suffix if fingerprints change meaning. */
export const FINGERPRINT_KEY = 'kvetch/v1';

export interface SarifMeta {
  tool: string;
  version: string;
  /** Project home page; becomes `tool.driver.informationUri`. */
  informationUri?: string;
  /**
   * Absolute URI that `docs/…` paths are resolved against for each rule's `helpUri`
   * (e.g. `https://host/owner/kvetch/blob/v1.2.0/`). Defaults to `<informationUri>/blob/HEAD/`;
   * with neither, rules carry no helpUri (SARIF requires it to be absolute).
   */
  docsBaseUri?: string;
  /** One-line descriptions by ruleId; a generic text is used for the rest. */
  ruleDescriptions?: Readonly<Record<string, string>>;
}

type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  helpUri?: string;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: Array<{
    physicalLocation: {
      artifactLocation: { uri: string };
      region?: { startLine: number; endLine?: number };
    };
  }>;
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: typeof SARIF_VERSION;
  runs: Array<{
    tool: {
      driver: { name: string; version: string; informationUri?: string; rules: SarifRule[] };
    };
    results: SarifResult[];
  }>;
}

const LEVEL: Readonly<Record<Severity, SarifLevel>> = { error: 'error', warning: 'warning', info: 'note' };

export function sarifLevel(f: Finding): SarifLevel {
  return f.fatal === true ? 'error' : LEVEL[f.severity];
}

/** Where a rule is documented, relative to the repository root. */
export function ruleDocPath(ruleId: string): string {
  return ruleId.startsWith('input/') ? 'docs/input-findings.md' : `docs/analyzers/${ruleId}.md`;
}

function docsBase(meta: SarifMeta): string | undefined {
  const base = meta.docsBaseUri ?? (meta.informationUri !== undefined ? `${meta.informationUri.replace(/\/+$/, '')}/blob/HEAD/` : undefined);
  if (base === undefined) return undefined;
  return base.endsWith('/') ? base : `${base}/`;
}

function describe(ruleId: string, meta: SarifMeta): string {
  const given = meta.ruleDescriptions?.[ruleId];
  if (given !== undefined && given !== '') return given;
  if (ruleId.startsWith('input/')) return `Input could not be analysed (${ruleId.slice('input/'.length)})`;
  return `kvetch analyzer ${ruleId}`;
}

/**
 * A repository-relative path as a relative URI reference: each segment is
 * percent-encoded, but characters RFC 3986 allows in a path stay readable
 * (except ':', which could make the first segment look like a scheme).
 */
export function pathToUri(path: string): string {
  return path
    .replace(/^\/+/, '')
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/%(2[46BC]|3[BD]|40)/g, (m) => decodeURIComponent(m)))
    .join('/');
}

function locations(f: Finding): SarifResult['locations'] {
  const loc = f.location;
  if (loc === undefined || loc.path === '') return undefined;
  const line = loc.line !== undefined && loc.line >= 1 ? Math.trunc(loc.line) : undefined;
  const endLine =
    line !== undefined && loc.endLine !== undefined && loc.endLine >= line ? Math.trunc(loc.endLine) : undefined;
  const region = line !== undefined ? { startLine: line, ...(endLine !== undefined ? { endLine } : {}) } : undefined;
  return [
    {
      physicalLocation: {
        artifactLocation: { uri: pathToUri(loc.path) },
        ...(region !== undefined ? { region } : {}),
      },
    },
  ];
}

function result(f: Finding, ruleIndex: number): SarifResult {
  const locs = locations(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: sarifLevel(f),
    message: { text: f.message },
    // A finding without a file (e.g. an unreadable mailbox) has no locations: valid SARIF.
    ...(locs !== undefined ? { locations: locs } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    properties: {
      seriesKey: f.subject.key,
      revision: f.subject.revision,
      ...(f.subject.patch !== undefined ? { patch: f.subject.patch } : {}),
      ...(f.subject.messageId !== undefined ? { messageId: f.subject.messageId } : {}),
      severity: f.severity,
      ruleMessageId: f.messageId,
      ...(f.location?.oldPath !== undefined ? { oldPath: f.location.oldPath } : {}),
      ...(f.data !== undefined ? { data: sortedData(f.data) } : {}),
      ...(f.fatal === true ? { fatal: true } : {}),
    },
  };
}

/** The SARIF log as a plain object (what formatSarif serialises). */
export function buildSarif(res: RunResult, meta: SarifMeta): SarifLog {
  const ids = [...new Set(res.findings.map((f) => f.ruleId))].sort();
  const index = new Map(ids.map((id, i) => [id, i] as const));
  const base = docsBase(meta);
  const rules: SarifRule[] = ids.map((id) => ({
    id,
    shortDescription: { text: describe(id, meta) },
    ...(base !== undefined ? { helpUri: `${base}${ruleDocPath(id)}` } : {}),
  }));
  const results = res.findings.map((f) => result(f, index.get(f.ruleId) ?? 0));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: SARIF_VERSION,
    runs: [
      {
        tool: {
          driver: {
            name: meta.tool,
            version: meta.version,
            ...(meta.informationUri !== undefined ? { informationUri: meta.informationUri } : {}),
            rules,
          },
        },
        results,
      },
    ],
  };
}

/** SARIF 2.1.0 document, 2-space indent, trailing newline. */
export function formatSarif(res: RunResult, meta: SarifMeta): string {
  return `${JSON.stringify(buildSarif(res, meta), null, 2)}\n`;
}
