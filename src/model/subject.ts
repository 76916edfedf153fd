export interface ParsedSubject {
  /** The subject as decoded, whitespace collapsed. */
  raw: string;
  /** Re:/Aw:/Fwd:/Fw:/Sv:/Antw: in front (any number, any case). */
  isReply: boolean;
  /** True when a PATCH-like prefix (PATCH, PATCHv3, RFC, RESEND…) or an `n/N` counter is present. */
  isPatch: boolean;
  rfc: boolean;
  resend: boolean;
  /** Version from `v3`, `PATCHv3`, `(v3)`; 1 when none. */
  version: number;
  /** True when no explicit version was present (version = 1 inferred). */
  versionInferred: boolean;
  /** `2` of `2/7` or `2 of 7`; null when absent. */
  index: number | null;
  /** `7` of `2/7`; null when absent. */
  total: number | null;
  /** True when no counter was present (the caller treats it as 1/1). */
  counterInferred: boolean;
  /**
   * A counter that was written but not taken as one, as written (`1/99999`): its total is over
   * MAX_SERIES_TOTAL. The mail is then treated as having no counter, and an input finding says so.
   */
  counterIgnored?: string;
  /** Tree and other free-form tags: `net-next`, `rc`, `bpf`…, lower-cased, in order. */
  tags: string[];
  /** Every bracketed prefix token, in order, as written. */
  prefixes: string[];
  /** The summary after all prefixes: `subsys: do the thing`. */
  title: string;
}
