/**
 * The one core: mail in, series and findings out. `kvetch check` reads its sources into it,
 * `kvetch b4-check` a message from stdin, and the daemon the records it stored at intake
 * (parsed once, never again) together with its older versions' findings. Results are the same,
 * in the same order, whatever the number of worker threads. This collects what triageInto
 * streams (pipeline/triage-stream.ts), for callers that want the whole result.
 */
import type { Finding } from '../model/finding.js';
import type { IngestItem } from '../model/raw-message.js';
import type { RunResult, Series } from '../model/series.js';
import { triageInto, type TriageOptions } from './triage-stream.js';

export type { TriageOptions, TriageSink } from './triage-stream.js';

export async function triage(items: AsyncIterable<IngestItem>, o: TriageOptions = {}): Promise<RunResult> {
  let stats: RunResult['stats'] | null = null;
  const series: Series[] = [];
  const findings: Finding[] = [];
  await triageInto(items, o, {
    start: (s) => void (stats = s),
    series: (s) => void series.push(s),
    finding: (f) => void findings.push(f),
  });
  if (!stats) throw new Error('triage: the run ended before its input was read');
  return { series, findings, stats };
}
