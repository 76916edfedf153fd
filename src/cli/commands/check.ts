/** `kvetch check <inputs…>`: read archives, assemble series, report. Returns the exit code. */
import { availableParallelism } from 'node:os';
import { SEVERITY_RANK, type Severity } from '../../engine/finding.js';
import { runCheck } from '../../pipeline/run-check.js';
import { KernelTree } from '../../kernel/tree.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { reportChunks, type OutputFormat } from '../../report/render.js';
import { startProgress } from '../progress.js';
import { writeReport } from '../write-report.js';
import { packageVersion } from '../version.js';

export type { OutputFormat } from '../../report/render.js';
export type FailLevel = Severity | 'none';

export interface CheckCommandOptions {
  format: OutputFormat;
  failLevel: FailLevel;
  jobs?: number;
  maxMessageSize?: number;
  output?: string;
  progress: boolean;
  color?: boolean;
  /** commander's --no-analyzers */
  analyzers?: boolean;
  tree?: string;
}

export async function checkCommand(inputs: string[], o: CheckCommandOptions): Promise<number> {
  const progress = await startProgress(inputs, o.progress);
  let result;
  try {
    result = await runCheck(inputs, {
      jobs: o.jobs ?? Math.min(2, availableParallelism()),
      analyze: o.analyzers !== false,
      ...(o.tree ? { tree: KernelTree.open(o.tree) } : {}),
      ...(o.maxMessageSize ? { maxMessageBytes: o.maxMessageSize } : {}),
      ...(progress.onBytes ? { onBytes: progress.onBytes } : {}),
    });
  } finally {
    progress.stop();
  }
  const meta = { tool: 'kvetch', version: packageVersion() };
  const color = o.color ?? (o.output === undefined && process.stdout.isTTY === true);
  await writeReport(reportChunks(result, o.format, meta, color), o.output);
  return exitFor(result.findings.map((f) => f.severity), o.failLevel);
}

export function exitFor(severities: Severity[], failLevel: FailLevel): number {
  if (failLevel === 'none') return EXIT_CLEAN;
  const min = SEVERITY_RANK[failLevel];
  return severities.some((s) => SEVERITY_RANK[s] >= min) ? EXIT_FINDINGS : EXIT_CLEAN;
}
