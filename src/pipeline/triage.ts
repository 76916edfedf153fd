/**
 * The one core: mail in, series and findings out. `kvetch check` reads its sources into it,
 * `kvetch b4-check` a message from stdin, and the daemon the records it stored at intake
 * (parsed once, never again) together with its older versions' findings. Results are the same,
 * in the same order, whatever the number of worker threads.
 */
import { ANALYZERS } from '../analyzers/index.js';
import { duplicateFindings, messageInputFindings, sourceInputFinding } from '../engine/input-findings.js';
import { markVersions, type VersionFindings } from '../engine/versions.js';
import { SeriesAssembler } from '../mail/series.js';
import { carryTrailers } from '../mail/carry-trailers.js';
import type { Finding, PatchAnalysis } from '../model/finding.js';
import type { IngestItem } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';
import type { RunResult, Series } from '../model/series.js';
import type { TreeView } from '../model/tree.js';
import { analyzeSeries } from './analyze-series.js';
import { parseItems, type ParseOptions } from './parse-items.js';

export interface TriageOptions extends ParseOptions {
  /** Names of the inputs, for the report (stats.sources). */
  sources?: readonly string[];
  /** The kernel tree the series apply to (--tree), for the analyzers that use it. */
  tree?: TreeView;
  /** Findings of older versions analysed before (the daemon's store): what is new, still present or fixed is told against them too. */
  history?: readonly VersionFindings[];
  /**
   * Analyse only the series of this revision, under this key (the daemon's version). The other
   * series the mails make (a partial reroll's patches from the older revision assemble into
   * that revision too) are context, never analysed or compared with.
   */
  only?: { key: string; revision: number };
}

export async function triage(items: AsyncIterable<IngestItem>, o: TriageOptions = {}): Promise<RunResult> {
  const assembler = new SeriesAssembler();
  const analyses = new Map<string, PatchAnalysis>();
  const withProblems: MessageRecord[] = [];
  const stats: RunResult['stats'] = { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [...(o.sources ?? [])] };
  const read = await parseItems(items, o, (r) => {
    stats.messages++;
    if (r.kind === 'patch') stats.patches++;
    else if (r.kind === 'comment') stats.comments++;
    if (r.analysis && !analyses.has(r.messageId)) analyses.set(r.messageId, r.analysis);
    if (r.problems.length > 0) withProblems.push(r);
    assembler.add(r);
  });
  const { series, duplicates, duplicateMails, orphans } = assembler.finish();
  carryTrailers(series);
  const findings: Finding[] = [...messageInputFindings(withProblems, series), ...duplicateFindings(duplicateMails, series), ...read.problems.map(sourceInputFinding)];
  const target = o.only ? onlyOne(series, o.only) : series;
  if (o.analyze !== false) findings.push(...markVersions(target, analyzeSeries(ANALYZERS, target, analyses, o.tree), o.history));
  return { series, findings, stats: { ...stats, bytes: read.bytes, duplicates, orphans } };
}

function onlyOne(series: readonly Series[], only: { key: string; revision: number }): Series[] {
  const match = series.filter((s) => s.revision === only.revision);
  return match.length === 0 ? [...series] : match.map((s) => ({ ...s, key: only.key }));
}
