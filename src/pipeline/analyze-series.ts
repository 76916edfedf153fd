/**
 * The series phase: patch-phase findings get their series, and series analyzers run over the
 * facts of every patch of each assembled series, in series order.
 */
import type { AnyAnalyzer } from '../analyzers/types.js';
import type { TreeView } from '../model/tree.js';
import type { Finding } from '../model/finding.js';
import { runSeriesPhase } from '../engine/run-analyzers.js';
import { type PatchAnalysis } from '../model/finding.js';
import type { Series } from '../model/series.js';

/** One series: its patches' findings under it, then the series analyzers' over its patches' facts. */
export function analyzeOne(analyzers: readonly AnyAnalyzer[], s: Series, analysis: (messageId: string) => PatchAnalysis | undefined, tree?: TreeView): Finding[] {
  const out: Finding[] = [];
  for (const p of s.patches) {
    for (const f of analysis(p.messageId)?.findings ?? []) {
      out.push({ ...f, subject: { key: s.key, revision: s.revision, patch: p.index, messageId: p.messageId } });
    }
  }
  const patches = s.patches.map((p) => ({ index: p.index, messageId: p.messageId, facts: analysis(p.messageId)?.facts }));
  if (!patches.some((p) => p.facts)) return out;
  const byIndex = new Map(s.patches.map((p) => [p.index, p.messageId] as const));
  out.push(...runSeriesPhase(analyzers, { key: s.key, revision: s.revision, subject: s.subject, patches }, (i) => byIndex.get(i), tree));
  return out;
}
