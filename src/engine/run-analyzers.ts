/**
 * Runs analyzers and turns their reports into findings. An analyzer that throws is isolated:
 * it yields one `fatal` finding with its id and the error, and the other analyzers still run.
 */
import { renderMessage } from '../analyzers/define.js';
import type { AnyAnalyzer, PatchInput, Report, SeriesInput, SeriesPatchFacts } from '../analyzers/types.js';
import type { Finding, FindingData, PatchAnalysis, PatchFinding, SeriesRef } from '../model/finding.js';
import type { TreeView } from '../model/tree.js';
import { fingerprint } from './fingerprint.js';

/**
 * The `ctx` an analyzer gets. `report` is a method, not a closure made per patch or series
 * (V8 inlines the call into the analyzer's optimized code as a constant target; a new closure
 * each time would throw that code away), and it only records: reports become findings after
 * the analyzer returns, rather than the whole message and fingerprint chain being inlined
 * into, and compiled with, every analyzer's code.
 */
class Context {
  readonly reports: Report<string>[] = [];
  readonly options: unknown;
  readonly tree?: TreeView;

  constructor(analyzer: AnyAnalyzer, tree?: TreeView) {
    this.options = analyzer.defaultOptions;
    if (tree) this.tree = tree;
  }

  report(r: Report<string>): void {
    this.reports.push(r);
  }
}

// Both phases below run an analyzer, then turn its reports into findings in order. A throw,
// from the analyzer or from turning a report into a finding, ends its reports there (as an
// exception in ctx.report would have) and adds one crash finding; the conversion's error, the
// earlier one, wins. Written out twice rather than with callbacks: closures made per patch
// kept V8 compiling this code again.

export function runPatchPhase(analyzers: readonly AnyAnalyzer[], patch: PatchInput): PatchAnalysis {
  const findings: PatchFinding[] = [];
  const facts: Record<string, unknown> = {};
  for (const a of analyzers) {
    if (!a.patch) continue;
    const ctx = new Context(a);
    let failure: unknown = null;
    try {
      const f: unknown = a.patch(patch, ctx);
      if (f !== undefined) facts[a.meta.id] = f;
    } catch (e) {
      failure = e;
    }
    try {
      for (const r of ctx.reports) findings.push(toFinding(a, r));
    } catch (e) {
      failure = e;
    }
    if (failure !== null) findings.push(crash(a, failure, patch.messageId));
  }
  return { findings, facts };
}

export function runSeriesPhase(
  analyzers: readonly AnyAnalyzer[],
  series: SeriesInput<Record<string, unknown>>,
  messageIdOf: (patch: number) => string | undefined,
  tree?: TreeView,
): Finding[] {
  const out: Finding[] = [];
  for (const a of analyzers) {
    if (!a.series) continue;
    const patches: SeriesPatchFacts<unknown>[] = [];
    for (const p of series.patches) patches.push({ index: p.index, messageId: p.messageId, facts: p.facts?.[a.meta.id] });
    const ctx = new Context(a, tree);
    let failure: unknown = null;
    try {
      a.series({ ...series, patches }, ctx);
    } catch (e) {
      failure = e;
    }
    try {
      for (const r of ctx.reports) out.push(seriesFinding(a, r, series, messageIdOf));
    } catch (e) {
      failure = e;
    }
    if (failure !== null) out.push({ ...crash(a, failure, series.key), subject: { key: series.key, revision: series.revision } });
  }
  return out;
}

function seriesFinding(a: AnyAnalyzer, r: Report<string>, series: SeriesInput<unknown>, messageIdOf: (patch: number) => string | undefined): Finding {
  const subject: SeriesRef = { key: series.key, revision: series.revision };
  if (r.patch !== undefined) {
    subject.patch = r.patch;
    const mid = messageIdOf(r.patch);
    if (mid) subject.messageId = mid;
  }
  // The subject goes on last, as the spread copy this replaces put it.
  const f = toFinding(a, r) as Finding;
  f.subject = subject;
  return f;
}

function toFinding(a: AnyAnalyzer, r: Report<string>): PatchFinding {
  const template = (a.meta.messages as Record<string, string>)[r.messageId] ?? r.messageId;
  const f: PatchFinding = {
    ruleId: a.meta.id,
    messageId: r.messageId,
    message: renderMessage(template, r.data),
    severity: r.severity ?? a.meta.defaultSeverity,
    fingerprint: fingerprint(a.meta.id, { messageId: r.messageId, ...(r.identity ?? withoutLines(r.data)) }),
  };
  if (r.location) f.location = r.location;
  if (r.data) f.data = r.data;
  return f;
}

function withoutLines(data: FindingData | undefined): FindingData {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data ?? {})) if (!/line/i.test(k)) out[k] = v;
  return out;
}

function crash(a: AnyAnalyzer, e: unknown, where: string): PatchFinding {
  const err = e instanceof Error ? e.message : String(e);
  return {
    ruleId: a.meta.id,
    messageId: 'crashed',
    message: `analyzer ${a.meta.id} failed on ${where}: ${err}; its findings for this input are missing (this is a bug in kvetch)`,
    severity: 'error',
    fingerprint: fingerprint(a.meta.id, { messageId: 'crashed', where }),
    fatal: true,
  };
}
