/** `kvetch check <inputs…>`: read archives, assemble series, report. Returns the exit code. */
import { availableParallelism } from 'node:os';
import { SEVERITY_RANK, type Severity } from '../../model/finding.js';
import { openInputs } from '../../ingest/index.js';
import { triage } from '../../pipeline/triage.js';
import { KernelTree } from '../../kernel/tree.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { reportChunks, type OutputFormat } from '../../report/render.js';
import { startProgress } from '../progress.js';
import { openReport, writeReport } from '../write-report.js';
import { JsonReportStream } from '../../report/format/json-stream.js';
import { triageInto } from '../../pipeline/triage-stream.js';
import { packageVersion } from '../../util/version.js';

export type { OutputFormat } from '../../report/render.js';
export type FailLevel = Severity | 'none';

export interface CheckCommandOptions {
  format: OutputFormat;
  failLevel: FailLevel;
  jobs?: number;
  maxMessageSize?: number;
  maxGzipRatio?: number;
  output?: string;
  progress: boolean;
  color?: boolean;
  /** commander's --no-analyzers */
  analyzers?: boolean;
  tree?: string;
  loreBase?: string;
  patchworkBase?: string;
  patchewBase?: string;
  githubBase?: string;
}

export async function checkCommand(args: string[], o: CheckCommandOptions): Promise<number> {
  let onBytes: ((n: number) => void) | undefined;
  const { inputs, items } = openInputs(args, {
    env: process.env,
    bases: { lore: o.loreBase, patchwork: o.patchworkBase, patchew: o.patchewBase, github: o.githubBase },
    ...(o.maxMessageSize ? { maxMessageBytes: o.maxMessageSize } : {}),
    ...(o.maxGzipRatio ? { maxGzipRatio: o.maxGzipRatio } : {}),
    onBytes: (n) => onBytes?.(n),
    onRetry: (r) => process.stderr.write(`kvetch: ${r.error}; retrying in ${r.delayMs} ms\n`),
    onFetch: (what) => {
      if (o.progress && process.stderr.isTTY) process.stderr.write(`kvetch: fetching ${what}\n`);
    },
  });
  const progress = await startProgress(inputs.filter((i) => i.local).map((i) => i.name), o.progress && inputs.every((i) => i.name !== '-'));
  onBytes = progress.onBytes;
  const meta = { tool: 'kvetch', version: packageVersion() };
  const options = {
    sources: inputs.map((i) => i.name),
    jobs: o.jobs ?? Math.min(2, availableParallelism()),
    analyze: o.analyzers !== false,
    ...(o.tree ? { tree: KernelTree.open(o.tree) } : {}),
    ...(o.maxMessageSize ? { maxMessageBytes: o.maxMessageSize } : {}),
    // Records and findings wait in temporary files: memory does not grow with the archive.
    spill: true,
  };
  if (o.format === 'json') {
    // Written as it is made: series as they are built, findings as they are marked.
    const out = openReport(o.output);
    const json = new JsonReportStream(meta);
    const severities = new Set<Severity>();
    try {
      await triageInto(items, options, {
        start: (stats) => {
          progress.stop();
          return out.write(json.start(stats));
        },
        series: (s) => out.write(json.series(s)),
        finding: (f) => {
          severities.add(f.severity);
          return out.write(json.finding(f));
        },
      });
      await out.write(json.end());
    } finally {
      progress.stop();
      await out.end();
    }
    return exitFor([...severities], o.failLevel);
  }
  let result;
  try {
    result = await triage(items, options);
  } finally {
    progress.stop();
  }
  const color = o.color ?? (o.output === undefined && process.stdout.isTTY === true);
  await writeReport(reportChunks(result, o.format, meta, color), o.output);
  return exitFor(result.findings.map((f) => f.severity), o.failLevel);
}

export function exitFor(severities: Severity[], failLevel: FailLevel): number {
  if (failLevel === 'none') return EXIT_CLEAN;
  const min = SEVERITY_RANK[failLevel];
  return severities.some((s) => SEVERITY_RANK[s] >= min) ? EXIT_FINDINGS : EXIT_CLEAN;
}
