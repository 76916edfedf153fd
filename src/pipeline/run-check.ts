/**
 * The offline pipeline: inputs → raw messages → records (in worker threads when jobs > 1)
 * → series → findings. Results are the same, in the same order, whatever the job count.
 */
import type { Readable } from 'node:stream';
import { messageInputFindings, sourceInputFinding } from '../engine/input-findings.js';
import type { Finding, PatchAnalysis } from '../model/finding.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../ingest/mbox/split.js';
import { plainFiles, readBytes, readInputs } from '../ingest/files/read-files.js';
import type { RawMessage } from '../model/raw-message.js';
import { SeriesAssembler } from '../mail/series.js';
import type { RunResult } from '../model/series.js';
import { ANALYZERS } from '../analyzers/index.js';
import type { TreeView } from '../model/tree.js';
import { markVersions } from '../engine/versions.js';
import { analyzeSeries } from './analyze-series.js';
import { BATCH_BYTES, BATCH_COUNT } from './batch.js';
import { feedRanges } from './feed-ranges.js';
import type { MessageRecord } from '../model/record.js';
import { WorkerPool } from './worker-pool.js';

export interface CheckOptions {
  /** Worker threads; 0 or 1 processes in this thread. */
  jobs?: number;
  maxMessageBytes?: number;
  onBytes?: (n: number) => void;
  stdin?: Readable;
  /** Run the analyzers (default true); false reports series and input problems only. */
  analyze?: boolean;
  /** The kernel tree the series apply to (--tree), for analyzers that use it. */
  tree?: TreeView;
  /** Inputs already in memory (fetched from lore, patchwork…), by the name given in `inputs`. */
  fetched?: ReadonlyMap<string, Buffer>;
}

export interface CheckResult extends RunResult {
  duplicates: string[];
  orphans: string[];
}

export async function runCheck(inputs: string[], opts: CheckOptions = {}): Promise<CheckResult> {
  const jobs = opts.jobs ?? 1;
  const assembler = new SeriesAssembler();
  const withProblems: MessageRecord[] = [];
  const sourceFindings: Finding[] = [];
  const stats: RunResult['stats'] = { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [...inputs] };
  const analyses = new Map<string, PatchAnalysis>();
  const take = (r: MessageRecord): void => {
    if (r.analysis && !analyses.has(r.messageId)) analyses.set(r.messageId, r.analysis);
    stats.messages++;
    if (r.kind === 'patch') stats.patches++;
    else if (r.kind === 'comment') stats.comments++;
    if (r.problems.length > 0) withProblems.push(r);
    assembler.add(r);
  };
  const readOpts = {
    ...(opts.maxMessageBytes ? { maxMessageBytes: opts.maxMessageBytes } : {}),
    ...(opts.onBytes ? { onBytes: opts.onBytes } : {}),
    ...(opts.stdin ? { stdin: opts.stdin } : {}),
  };
  const maxBytes = opts.maxMessageBytes ?? DEFAULT_SPLITTER_OPTIONS.maxMessageBytes;
  const analyze = opts.analyze !== false;
  const pool = jobs > 1 ? new WorkerPool(jobs, maxBytes, { analyze }) : null;
  try {
    let batch: RawMessage[] = [];
    let batchBytes = 0;
    const flush = async (): Promise<void> => {
      if (!pool || batch.length === 0) return;
      pool.submit(batch);
      batch = [];
      batchBytes = 0;
      await pool.drain(take);
    };
    const seekable = pool ? await plainFiles(inputs.filter((i) => !opts.fetched?.has(i))) : new Set<string>();
    let index = 0;
    // Inputs in the order given, so that arrival order (and so the result) does not depend on --jobs.
    for (const input of inputs) {
      if (pool && seekable.has(input)) {
        await flush();
        const fed = await feedRanges(pool, input, index, { maxBytes, onBytes: opts.onBytes, take });
        index = fed.index;
        stats.bytes += fed.bytes;
        continue;
      }
      const fetched = opts.fetched?.get(input);
      const items = fetched ? readBytes(fetched, input, { ...readOpts, firstIndex: index }) : readInputs([input], { ...readOpts, firstIndex: index });
      for await (const item of items) {
        if (item.type === 'problem') {
          sourceFindings.push(sourceInputFinding(item.problem));
          continue;
        }
        if (item.type === 'read') {
          stats.bytes += item.bytes;
          continue;
        }
        const m = item.message;
        index = m.index + 1;
        if (!pool) {
          // Loaded on first use: with workers, the main thread never needs the mail parser.
          const { processMessage } = await import('./process-message.js');
          take(await processMessage(m, { analyze }));
          continue;
        }
        batch.push(m);
        batchBytes += m.bytes.length;
        if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_COUNT) await flush();
      }
    }
    await flush();
    await pool?.drain(take, 0);
  } finally {
    await pool?.close();
  }
  const assembly = assembler.finish();
  const where = new Map<string, { key: string; revision: number; patch?: number }>();
  for (const s of assembly.series) {
    if (s.cover) where.set(s.cover.messageId, { key: s.key, revision: s.revision, patch: 0 });
    for (const p of s.patches) where.set(p.messageId, { key: s.key, revision: s.revision, patch: p.index });
    for (const r of s.replies) where.set(r.messageId, { key: s.key, revision: s.revision });
  }
  const findings: Finding[] = [];
  for (const r of withProblems) {
    const w = where.get(r.messageId);
    findings.push(...messageInputFindings(r, w?.key ?? '', w?.revision ?? 0, w?.patch));
  }
  findings.push(...sourceFindings);
  if (analyze) findings.push(...markVersions(assembly.series, analyzeSeries(ANALYZERS, assembly.series, analyses, opts.tree)));
  stats.duplicates = assembly.duplicates;
  stats.orphans = assembly.orphans;
  return { series: assembly.series, findings, stats, duplicates: assembly.duplicates, orphans: assembly.orphans };
}
