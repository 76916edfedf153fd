export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 1, warning: 2, error: 3 };

/** Machine-readable facts of a finding (symbol, namespace, path…). */
export type FindingData = Readonly<Record<string, string | number>>;

export interface SeriesRef {
  key: string;
  revision: number;
  patch?: number;
  messageId?: string;
}

export interface Location {
  path: string;
  line?: number;
  endLine?: number;
  oldPath?: string;
}

export interface Finding {
  /** Analyzer id (= file name), or `input/<problem>` for fatal input findings. */
  ruleId: string;
  /** Key into the analyzer's messages. */
  messageId: string;
  /** Rendered message. */
  message: string;
  severity: Severity;
  subject: SeriesRef;
  location?: Location;
  data?: FindingData;
  /** Stable across re-runs and rebases: rule + facts, never line numbers. */
  fingerprint: string;
  /** The input could not be analysed. */
  fatal?: true;
  /**
   * Across versions of a series (same key, several revisions in the input): `new` in this
   * revision, `still-present` since revision `since`, or `fixed` in revision `fixedIn` (a
   * finding of an older revision that the newest one no longer has; `severity` is the one it
   * had, the finding itself being info).
   */
  versions?: { status: 'new' | 'still-present' | 'fixed'; since?: number; fixedIn?: number; severity?: Severity };
}

/** A finding before its series is known (patch phase, in a worker). */
export type PatchFinding = Omit<Finding, 'subject'>;

export interface PatchAnalysis {
  findings: PatchFinding[];
  /** Facts per analyzer id, for the series phase. */
  facts: Record<string, unknown>;
}
