export interface Trailer {
  key: string;
  value: string;
}

export interface SplitBody {
  /** Commit message without trailers (everything before the first `---` separator or the diff). */
  message: string;
  trailers: Trailer[];
  /** Free text between `---` and the diffstat/diff (not part of the commit). */
  notes: string;
  /** The diffstat block (lines like ` path | 3 ++-` and the summary line), '' when absent. */
  diffstat: string;
  /** From the first line-anchored diff start (`diff --git`, `Index:`, or `--- `+`+++ ` pair) to the signature; null when the body holds no diff. */
  diff: string | null;
  /** After a `-- ` line that follows the diff (git version), '' when absent. */
  signature: string;
  /** `base-commit:`, `prerequisite-patch-id:` and `change-id:` footers. */
  footers: Trailer[];
}
