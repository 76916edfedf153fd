/** Our own diff types: nothing from parse-diff leaks past diff/. */

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface DiffLine {
  kind: 'add' | 'del' | 'context';
  /** Line text without the leading '+', '-' or ' '. */
  text: string;
  /** Old-side line number (del and context lines). */
  oldLine?: number;
  /** New-side line number (add and context lines). */
  newLine?: number;
}

export interface Hunk {
  /** The whole `@@ -a,b +c,d @@ section` line. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  lines: DiffLine[];
}

export interface FileDiff {
  /** Path on the old side without `a/`; null for a new file. */
  oldPath: string | null;
  /** Path on the new side without `b/`; null for a deleted file. */
  newPath: string | null;
  /** newPath ?? oldPath: the path a reader names the file by. */
  path: string;
  status: FileStatus;
  /** `similarity index N%` of renames and copies. */
  similarity?: number;
  /** `dissimilarity index N%` of a complete rewrite (`git diff -B`). */
  dissimilarity?: number;
  oldMode?: string;
  newMode?: string;
  binary: boolean;
  hunks: Hunk[];
  additions: number;
  deletions: number;
}

export type DiffProblemKind = 'hunk-count-mismatch' | 'malformed-header' | 'empty-section' | 'no-files';

export interface DiffProblem {
  kind: DiffProblemKind;
  message: string;
  path?: string;
}

export interface ParsedDiff {
  files: FileDiff[];
  problems: DiffProblem[];
}
