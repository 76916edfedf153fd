/**
 * The Kconfig files of the tree as a series leaves them: every patch's Kconfig hunks applied in
 * order to the tree's text. A file whose hunks do not apply (the series is based elsewhere) is
 * listed in `unapplied` and left as the tree has it.
 */
import { applyHunks } from '../../kconfig/apply-hunks.js';
import type { KconfigEdit } from './kconfig-diff.js';

export interface AppliedKconfig {
  changes: Map<string, string | null>;
  unapplied: Set<string>;
}

export function applyKconfigEdits(edits: readonly KconfigEdit[], read: (path: string) => string | null): AppliedKconfig {
  const changes = new Map<string, string | null>();
  const unapplied = new Set<string>();
  const current = (p: string): string | null => (changes.has(p) ? (changes.get(p) ?? null) : read(p));
  for (const e of edits) {
    const from = e.oldPath;
    const to = e.newPath;
    if (from && to && from !== to) changes.set(from, null); // renamed: the old path is gone
    const path = to ?? from;
    if (!path || unapplied.has(path)) continue;
    if (!to) {
      changes.set(path, null);
      continue;
    }
    const text = from ? current(from) : '';
    const out = text === null ? null : applyHunks(text, e.hunks.map((h) => ({ oldStart: h.oldStart, lines: h.body === '' ? [] : h.body.split('\n') })));
    if (out === null) {
      unapplied.add(path);
      changes.delete(path);
    } else changes.set(path, out);
  }
  return { changes, unapplied };
}
