/** Feed a plain mbox file to the worker pool as byte ranges (the workers read the bytes). */
import { scanBoundaries } from '../ingest/mbox/boundary-scan.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../ingest/mbox/split.js';
import type { MessageRecord } from '../model/record.js';
import { BATCH_BYTES, BATCH_COUNT } from './batch.js';
import type { WorkerPool } from './worker-pool.js';

interface FeedOptions {
  maxBytes: number;
  onBytes?: ((n: number) => void) | undefined;
  take: (r: MessageRecord) => void;
}

/** Returns the next message index and the bytes covered. */
export async function feedRanges(pool: WorkerPool, path: string, firstIndex: number, o: FeedOptions): Promise<{ index: number; bytes: number }> {
  let index = firstIndex;
  let bytes = 0;
  let ranges: { index: number; offset: number; start: number; end: number }[] = [];
  let rangeBytes = 0;
  const send = async (): Promise<void> => {
    if (ranges.length === 0) return;
    pool.submitRanges({ path, maxMessageBytes: o.maxBytes, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes, messages: ranges });
    ranges = [];
    rangeBytes = 0;
    await pool.drain(o.take);
  };
  for await (const b of scanBoundaries(path, o.onBytes)) {
    bytes += b.end - b.offset;
    ranges.push({ index: index++, ...b });
    rangeBytes += b.end - b.start;
    if (rangeBytes >= BATCH_BYTES || ranges.length >= BATCH_COUNT) await send();
  }
  await send();
  return { index, bytes };
}
