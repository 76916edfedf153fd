/**
 * A finding's line, as the analyzers saw it in the file after patch k, moved to the line it has
 * in the pull request's head (after the last patch): GitHub puts annotations and review
 * comments on the head's files, and a later commit that adds or removes lines above it (or
 * renames the file) moves it. A line a later commit changes has no place at head: null. Pure.
 */
import { parseDiff } from '../../diff/parse.js';
import type { Finding, Location } from '../../model/finding.js';

interface Hunk {
  oldStart: number;
  oldCount: number;
  newCount: number;
  /** Old line → new line of each context line; a removed line maps to null. */
  lines: Map<number, number | null>;
}

interface Shift {
  oldPath: string;
  newPath: string;
  hunks: Hunk[];
}

/** Each patch's file changes (1-based patch index → its shifts). */
export function patchShifts(patches: readonly string[]): Shift[][] {
  return patches.map((p) =>
    parseDiff(p).files.map((f) => ({
      oldPath: f.oldPath ?? f.path,
      newPath: f.status === 'deleted' ? '/dev/null' : (f.newPath ?? f.path),
      hunks: f.hunks.map((h) => ({
        oldStart: h.oldStart,
        oldCount: h.oldLines,
        newCount: h.newLines,
        lines: new Map(h.lines.filter((l) => l.oldLine !== undefined).map((l) => [l.oldLine as number, l.kind === 'context' ? (l.newLine ?? null) : null])),
      })),
    })),
  );
}

/** The location at head of a location after patch `patch` (1-based); null when a later patch changed that line or deleted the file. */
export function locationAtHead(loc: Location, patch: number, shifts: readonly Shift[][]): Location | null {
  let path = loc.path;
  let line = loc.line;
  for (let k = patch; k < shifts.length; k++) {
    const changes = (shifts[k] ?? []).filter((s) => s.oldPath === path);
    const change = changes[0];
    if (!change) continue;
    if (change.newPath === '/dev/null') return null;
    path = change.newPath;
    if (line === undefined) continue;
    let delta = 0;
    let exact: number | null | undefined;
    for (const h of changes.flatMap((c) => c.hunks)) {
      const oldEnd = h.oldStart + h.oldCount - 1;
      if (h.oldCount > 0 && line >= h.oldStart && line <= oldEnd) {
        exact = h.lines.get(line) ?? null;
        break;
      }
      if (h.oldCount === 0 ? h.oldStart < line : oldEnd < line) delta += h.newCount - h.oldCount;
    }
    if (exact === null) return null;
    line = exact ?? line + delta;
  }
  const { endLine: _end, ...rest } = loc;
  return { ...rest, path, ...(line !== undefined ? { line } : {}) };
}

/**
 * The findings with their locations at head; a finding whose line a later patch changed keeps
 * its location but is listed in `gone` (no line comment is put on a line that is no longer it).
 */
export function findingsAtHead(findings: readonly Finding[], patches: readonly string[]): { findings: Finding[]; gone: Set<string> } {
  const shifts = patchShifts(patches);
  const gone = new Set<string>();
  const out = findings.map((f) => {
    const k = f.subject.patch;
    if (!f.location || k === undefined || k < 1 || k >= patches.length || f.versions?.status === 'fixed') return f;
    const at = locationAtHead(f.location, k, shifts);
    if (!at) {
      gone.add(f.fingerprint);
      return f;
    }
    return { ...f, location: at };
  });
  return { findings: out, gone };
}
