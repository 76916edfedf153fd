/**
 * Process one batch: used by the worker threads, and by the main thread when a worker died on
 * a batch, so that the batch is still analysed. (Running out of heap is not such a death: V8
 * aborts the whole process, which is why worker heap limits follow --max-message-size.)
 */
import { openRangeReader, type RangeReader } from '../ingest/mbox/read-range.js';
import type { RawMessage } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';
import { collectedAround } from '../util/gc.js';
import { serialize } from 'node:v8';
import { slimRecord } from './slim-record.js';
import { processMessage, type ProcessOptions } from './process-message.js';
import { BIG_MESSAGE, type BatchRequest, type BatchResult, type RangeBatch } from './batch.js';

/** A worker's one reader: its read buffer is reused, since a message is processed before the next is read. */
let reader: RangeReader | null = null;
let readerFor = '';

/*
 * No GcPacer here: a worker keeps nothing between mails (its records are posted), its heap is
 * capped by workerLimits, and V8's own young-generation collections keep it small. Pacing it
 * with forced full collections (24 MB of growth each) cost ~10 % of the run's CPU time at
 * --jobs 2 (a forced collection throws away optimized code whose maps died, which is then
 * compiled again) and did not lower peak RSS (docs/performance.md, issue 16 speed).
 */

/**
 * `ownReader`: a range batch is read with a reader of its own, closed after it. The main thread
 * redoes the batches of workers that died, and two of them can run at once: a shared reader
 * closed by the first to end left the other reading from nothing (an internal error).
 */
export async function runBatch(req: BatchRequest, opts: ProcessOptions = {}, ownReader = false): Promise<BatchResult> {
  const records: MessageRecord[] = [];
  if (req.kind === 'ranges') {
    const r = ownReader ? openRangeReader({ maxMessageBytes: req.maxMessageBytes, headBytes: req.headBytes, reuseBuffer: true }) : threadReader(req);
    try {
      await readRanges(r, req, records, opts);
    } finally {
      if (ownReader) r.close();
    }
  } else {
    const buf = Buffer.from(req.buffer);
    for (const m of req.messages) {
      const { start, end, ...rest } = m;
      records.push(await processOne({ ...rest, bytes: buf.subarray(start, end) }, opts));
    }
  }
  return opts.pack ? packRecords(req.seq, records) : { seq: req.seq, records };
}

/** Slim records, each with its full record serialised into one buffer for the batch. */
function packRecords(seq: number, full: MessageRecord[]): BatchResult {
  const bytes = full.map((r) => serialize(r));
  let total = 0;
  for (const b of bytes) total += b.length;
  const packed = new ArrayBuffer(total);
  let at = 0;
  const records = full.map((r, i) => {
    const b = bytes[i] as Buffer;
    const view = new Uint8Array(packed, at, b.length);
    view.set(b);
    at += b.length;
    return { ...slimRecord(r), packed: view };
  });
  return { seq, records, packed };
}

function threadReader(req: RangeBatch): RangeReader {
  const limits = `${req.maxMessageBytes}/${req.headBytes}`;
  if (!reader || readerFor !== limits) {
    reader?.close();
    reader = openRangeReader({ maxMessageBytes: req.maxMessageBytes, headBytes: req.headBytes, reuseBuffer: true });
    readerFor = limits;
  }
  return reader;
}

async function readRanges(reader: RangeReader, req: RangeBatch, out: MessageRecord[], opts: ProcessOptions): Promise<void> {
  for (const m of req.messages) {
    const raw = reader.read({ source: req.path, ...m });
    if (!raw) continue;
    // raw is the only reference to a big message's bytes: processMessage drops them once decoded.
    out.push(await processOne(raw, opts));
  }
}

/** One message, a giant one on a collected heap, whether its bytes travelled or were read here. */
function processOne(raw: RawMessage, opts: ProcessOptions): Promise<MessageRecord> {
  return collectedAround(raw.size >= BIG_MESSAGE, () => processMessage(raw, opts));
}
