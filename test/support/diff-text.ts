/** Build a git diff of one or more files from ' '/'+'/'-' prefixed lines; hunk counts are computed. */
export interface FilePatch {
  path: string;
  /** First line number of the hunk on both sides (default 10). */
  at?: number;
  lines: readonly string[];
  status?: 'new' | 'deleted';
}

export function gitDiff(...files: FilePatch[]): string {
  let out = '';
  for (const f of files) {
    const oldN = f.lines.filter((l) => !l.startsWith('+')).length;
    const newN = f.lines.filter((l) => !l.startsWith('-')).length;
    const at = f.at ?? 10;
    out += `diff --git a/${f.path} b/${f.path}\n`;
    if (f.status === 'new') out += 'new file mode 100644\n';
    if (f.status === 'deleted') out += 'deleted file mode 100644\n';
    out += `index 1111111..2222222 100644\n`;
    out += `--- ${f.status === 'new' ? '/dev/null' : `a/${f.path}`}\n+++ ${f.status === 'deleted' ? '/dev/null' : `b/${f.path}`}\n`;
    out += `@@ -${f.status === 'new' ? 0 : at},${oldN} +${f.status === 'deleted' ? 0 : at},${newN} @@\n`;
    out += `${f.lines.join('\n')}\n`;
  }
  return out;
}
