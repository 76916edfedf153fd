/**
 * The analyzer contract. An analyzer sees diffs, never I/O: the patch phase runs in a worker
 * thread per patch mail, the series phase in the main thread once per assembled series with
 * the facts every patch phase returned.
 */
import type { FileDiff } from '../diff/model.js';
import type { FindingData, Location, Severity } from '../model/finding.js';
import type { TreeView } from '../model/tree.js';

export interface AnalyzerMeta<M extends string> {
  /** = file name = test name = docs page (docs/analyzers/<id>.md). */
  id: string;
  /**
   * The check its findings are shown under where checks are grouped (patchwork contexts,
   * b4 check tools): `kvetch-<group>`. API growth is `api`, Kconfig misuse `kconfig`.
   */
  group: string;
  description: string;
  defaultSeverity: Severity;
  /** Message templates: `{{symbol}} is newly exported`. */
  messages: Readonly<Record<M, string>>;
}

export interface Report<M extends string> {
  messageId: M;
  data?: FindingData;
  location?: Location;
  severity?: Severity;
  /** Patch index (series phase only): which patch the finding belongs to. */
  patch?: number;
  /**
   * Facts that identify the problem across versions (default: data minus line numbers).
   * Never put line numbers here.
   */
  identity?: FindingData;
}

export interface PatchInput {
  messageId: string;
  subject: string;
  files: readonly FileDiff[];
}

export interface PatchContext<O, M extends string> {
  options: O;
  report(r: Report<M>): void;
}

export interface SeriesPatchFacts<F> {
  index: number;
  messageId: string;
  facts: F | undefined;
}

export interface SeriesInput<F> {
  key: string;
  revision: number;
  subject: string;
  patches: readonly SeriesPatchFacts<F>[];
}

export interface SeriesContext<O, M extends string> {
  options: O;
  report(r: Report<M>): void;
  /** The kernel tree the series applies to, when the user gave one (--tree). */
  tree?: TreeView;
}

export interface Analyzer<O = Record<string, never>, M extends string = string, F = unknown> {
  meta: AnalyzerMeta<M>;
  defaultOptions: O;
  /** Per patch mail, in a worker: report patch-local findings and/or return facts (structured-clone safe). */
  patch?(p: PatchInput, ctx: PatchContext<O, M>): F | undefined;
  /** Per series, in the main thread, with every patch's facts in patch order. */
  series?(s: SeriesInput<F>, ctx: SeriesContext<O, M>): void;
}

/** Any analyzer, for registries and runners. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyAnalyzer = Analyzer<any, string, any>;
