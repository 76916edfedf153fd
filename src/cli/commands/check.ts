/** `kvetch check <inputs…>`: read archives, assemble series, report. Returns the exit code. */
import { availableParallelism } from 'node:os';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { SEVERITY_RANK, type Severity } from '../../engine/finding.js';
import { runCheck } from '../../pipeline/run-check.js';
import { KernelTree } from '../../kernel/tree.js';
import { jsonChunks } from '../../report/format/json.js';
import { formatSarif } from '../../report/format/sarif.js';
import { formatTerminal } from '../../report/format/terminal.js';
import { EXIT_CLEAN, EXIT_FINDINGS } from '../exit-codes.js';
import { startProgress } from '../progress.js';
import { packageVersion } from '../version.js';

export type OutputFormat = 'terminal' | 'json' | 'sarif';
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
  const chunks: Iterable<string> =
    o.format === 'json'
      ? jsonChunks(result, meta)
      : o.format === 'sarif'
        ? [formatSarif(result, { ...meta, informationUri: 'https://github.com/kvetch/kvetch' })]
        : [formatTerminal(result, { color: o.color ?? (o.output === undefined && process.stdout.isTTY === true) })];
  const out = o.output ? createWriteStream(o.output) : process.stdout;
  for (const chunk of chunks) await write(out, chunk);
  if (o.output) await new Promise<void>((res, rej) => (out as WriteStream).end((e?: Error | null) => (e ? rej(e) : res())));
  return exitFor(result.findings.map((f) => f.severity), o.failLevel);
}

export function exitFor(severities: Severity[], failLevel: FailLevel): number {
  if (failLevel === 'none') return EXIT_CLEAN;
  const min = SEVERITY_RANK[failLevel];
  return severities.some((s) => SEVERITY_RANK[s] >= min) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** Write one chunk, waiting for it to be flushed: the report streams, it is never held whole. */
function write(out: Writable, text: string): Promise<void> {
  return new Promise((res, rej) => out.write(text, (e) => (e ? rej(e) : res())));
}
