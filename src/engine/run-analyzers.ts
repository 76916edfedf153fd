/**
 * Runs analyzers and turns their reports into findings. An analyzer that throws is isolated:
 * it yields one `fatal` finding with its id and the error, and the other analyzers still run.
 */
import { renderMessage } from '../analyzers/define.js';
import type { AnyAnalyzer, FindingData, PatchInput, Report, SeriesInput, TreeView } from '../analyzers/types.js';
import type { Finding, SeriesRef } from './finding.js';
import { fingerprint } from './fingerprint.js';

/** A finding before its series is known (patch phase, in a worker). */
export type PatchFinding = Omit<Finding, 'subject'>;

export interface PatchAnalysis {
  findings: PatchFinding[];
  /** Facts per analyzer id, for the series phase. */
  facts: Record<string, unknown>;
}

/**
 * The `ctx` an analyzer gets. `report` is a method, not a closure made per patch or series:
 * V8 inlines the call into the analyzer's optimized code as a constant target, and a new
 * closure each time would throw that code away and compile it again.
 */
class PatchContextImpl {
  constructor(
    readonly options: unknown,
    private readonly analyzer: AnyAnalyzer,
    private readonly findings: PatchFinding[],
  ) {}

  report(r: Report<string>): void {
    this.findings.push(toFinding(this.analyzer, r));
  }
}

class SeriesContextImpl {
  readonly options: unknown;
  readonly tree?: TreeView;

  constructor(
    private readonly analyzer: AnyAnalyzer,
    private readonly series: SeriesInput<unknown>,
    private readonly messageIdOf: (patch: number) => string | undefined,
    private readonly out: Finding[],
    tree: TreeView | undefined,
  ) {
    this.options = analyzer.defaultOptions;
    if (tree) this.tree = tree;
  }

  report(r: Report<string>): void {
    const subject: SeriesRef = { key: this.series.key, revision: this.series.revision };
    if (r.patch !== undefined) {
      subject.patch = r.patch;
      const mid = this.messageIdOf(r.patch);
      if (mid) subject.messageId = mid;
    }
    this.out.push({ ...toFinding(this.analyzer, r), subject });
  }
}

export function runPatchPhase(analyzers: readonly AnyAnalyzer[], patch: PatchInput): PatchAnalysis {
  const findings: PatchFinding[] = [];
  const facts: Record<string, unknown> = {};
  for (const a of analyzers) {
    if (!a.patch) continue;
    try {
      const f = a.patch(patch, new PatchContextImpl(a.defaultOptions, a, findings));
      if (f !== undefined) facts[a.meta.id] = f;
    } catch (e) {
      findings.push(crash(a, e, patch.messageId));
    }
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
    const input: SeriesInput<unknown> = { ...series, patches: series.patches.map((p) => ({ index: p.index, messageId: p.messageId, facts: p.facts?.[a.meta.id] })) };
    try {
      a.series(input, new SeriesContextImpl(a, series, messageIdOf, out, tree));
    } catch (e) {
      out.push({ ...crash(a, e, series.key), subject: { key: series.key, revision: series.revision } });
    }
  }
  return out;
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
