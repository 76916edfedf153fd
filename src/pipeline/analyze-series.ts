/**
 * The series phase: patch-phase findings get their series, and series analyzers run over the
 * facts of every patch of each assembled series, in series order.
 */
import type { AnyAnalyzer, SeriesInput } from '../analyzers/types.js';
import type { TreeView } from '../model/tree.js';
import type { Finding } from '../model/finding.js';
import { runSeriesPhase } from '../engine/run-analyzers.js';
import { type PatchAnalysis } from '../model/finding.js';
import type { Series } from '../model/series.js';

/** One series, prepared: its patches' findings under it, and what its series analyzers get (none when no patch has facts). */
export interface PreparedSeries {
  own: Finding[];
  input: SeriesInput<Record<string, unknown>> | null;
  /** Patch number → Message-ID. */
  messageIds: [number, string][];
}

export function prepareOne(s: Series, analysis: (messageId: string) => PatchAnalysis | undefined): PreparedSeries {
  const own: Finding[] = [];
  for (const p of s.patches) {
    for (const f of analysis(p.messageId)?.findings ?? []) {
      own.push({ ...f, subject: { key: s.key, revision: s.revision, patch: p.index, messageId: p.messageId } });
    }
  }
  const patches = s.patches.map((p) => ({ index: p.index, messageId: p.messageId, facts: analysis(p.messageId)?.facts }));
  const messageIds = s.patches.map((p) => [p.index, p.messageId] as [number, string]);
  return { own, input: patches.some((p) => p.facts) ? { key: s.key, revision: s.revision, subject: s.subject, patches } : null, messageIds };
}

/** The series analyzers' findings for a prepared series, on this thread. */
export function runPrepared(analyzers: readonly AnyAnalyzer[], p: PreparedSeries, tree?: TreeView): Finding[] {
  if (!p.input) return [];
  const ids = new Map(p.messageIds);
  return runSeriesPhase(analyzers, p.input, (i) => ids.get(i), tree);
}

/** One series: its patches' findings under it, then the series analyzers' over its patches' facts. */
export function analyzeOne(analyzers: readonly AnyAnalyzer[], s: Series, analysis: (messageId: string) => PatchAnalysis | undefined, tree?: TreeView): Finding[] {
  const p = prepareOne(s, analysis);
  return [...p.own, ...runPrepared(analyzers, p, tree)];
}
