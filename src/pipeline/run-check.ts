/**
 * The offline pipeline: inputs → raw messages → records (in worker threads when jobs > 1)
 * → series → findings. Results are the same, in the same order, whatever the job count.
 */
import type { Readable } from 'node:stream';
import { messageInputFindings, sourceInputFinding } from '../engine/input-findings.js';
import type { Finding } from '../engine/finding.js';
import { scanBoundaries } from '../ingest/boundary-scan.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../ingest/mbox-split.js';
import { plainFiles, readInputs } from '../ingest/read-source.js';
import type { RawMessage } from '../ingest/raw-message.js';
import { SeriesAssembler } from '../mail/series.js';
import type { RunResult } from '../mail/series-model.js';
import type { MessageRecord } from './record.js';
import { WorkerPool } from './worker-pool.js';

export interface CheckOptions {
  /** Worker threads; 0 or 1 processes in this thread. */
  jobs?: number;
  maxMessageBytes?: number;
  onBytes?: (n: number) => void;
  stdin?: Readable;
}

export interface CheckResult extends RunResult {
  duplicates: string[];
  orphans: string[];
}

const BATCH_BYTES = 1 << 20;
const BATCH_COUNT = 64;

export async function runCheck(inputs: string[], opts: CheckOptions = {}): Promise<CheckResult> {
  const jobs = opts.jobs ?? 1;
  const assembler = new SeriesAssembler();
  const withProblems: MessageRecord[] = [];
  const sourceFindings: Finding[] = [];
  const stats = { messages: 0, bytes: 0, patches: 0, comments: 0, sources: [...inputs] };
  const take = (r: MessageRecord): void => {
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
  const pool = jobs > 1 ? new WorkerPool(jobs) : null;
  const maxBytes = opts.maxMessageBytes ?? DEFAULT_SPLITTER_OPTIONS.maxMessageBytes;
  try {
    let batch: RawMessage[] = [];
    let batchBytes = 0;
    const flush = async (): Promise<void> => {
      if (!pool || batch.length === 0) return;
      pool.submit(batch);
      batch = [];
      batchBytes = 0;
      while (pool.pending > jobs * 3) for (const r of await pool.next()) take(r);
    };
    const seekable = pool ? await plainFiles(inputs) : new Set<string>();
    let index = 0;
    for (const input of inputs) {
      if (!pool || !seekable.has(input)) continue;
      let ranges: { index: number; offset: number; start: number; end: number }[] = [];
      let rangeBytes = 0;
      const send = async (): Promise<void> => {
        if (ranges.length === 0) return;
        pool.submitRanges({ path: input, maxMessageBytes: maxBytes, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes, messages: ranges });
        ranges = [];
        rangeBytes = 0;
        while (pool.pending > jobs * 3) for (const r of await pool.next()) take(r);
      };
      for await (const b of scanBoundaries(input, opts.onBytes)) {
        stats.bytes += b.end - b.offset;
        ranges.push({ index: index++, ...b });
        rangeBytes += b.end - b.start;
        if (rangeBytes >= BATCH_BYTES || ranges.length >= BATCH_COUNT) await send();
      }
      await send();
    }
    const rest = inputs.filter((i) => !seekable.has(i));
    for await (const item of readInputs(rest, { ...readOpts, firstIndex: index })) {
      if (item.type === 'problem') {
        sourceFindings.push(sourceInputFinding(item.problem));
        continue;
      }
      const m = item.message;
      stats.bytes += m.size;
      if (!pool) {
        // Loaded on first use: with workers, the main thread never needs the mail parser.
        const { processMessage } = await import('./process-message.js');
        take(await processMessage(m));
        continue;
      }
      batch.push(m);
      batchBytes += m.bytes.length;
      if (batchBytes >= BATCH_BYTES || batch.length >= BATCH_COUNT) await flush();
    }
    await flush();
    while (pool && pool.pending > 0) for (const r of await pool.next()) take(r);
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
  return { series: assembly.series, findings, stats, duplicates: assembly.duplicates, orphans: assembly.orphans };
}
