/**
 * Process one batch: used by the worker threads, and by the main thread when a worker died on
 * a batch, so that the batch is still analysed. (Running out of heap is not such a death: V8
 * aborts the whole process, which is why worker heap limits follow --max-message-size.)
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { isBlank, unquoteFromLines } from '../ingest/mbox/split.js';
import type { RawMessage } from '../model/raw-message.js';
import { collectGarbage } from '../util/gc.js';
import { processMessage, type ProcessOptions } from './process-message.js';
import type { BatchRequest, BatchResult, RangeBatch } from './batch.js';
import type { MessageRecord } from '../model/record.js';

const DEFAULT_BUFFER = 1 << 20;
/** Reused read buffer: one message at a time, so no allocation per message. */
const readBuf = Buffer.allocUnsafeSlow(DEFAULT_BUFFER);
let openPath: string | null = null;
let fd = -1;

export async function runBatch(req: BatchRequest, opts: ProcessOptions = {}): Promise<BatchResult> {
  const records: MessageRecord[] = [];
  if (req.kind === 'ranges') {
    await readRanges(req, records, opts);
  } else {
    const buf = Buffer.from(req.buffer);
    for (const m of req.messages) {
      const { start, end, ...rest } = m;
      records.push(await processMessage({ ...rest, bytes: buf.subarray(start, end) }, opts));
    }
  }
  return { seq: req.seq, records };
}

async function readRanges(req: RangeBatch, out: MessageRecord[], opts: ProcessOptions): Promise<void> {
  if (openPath !== req.path) {
    if (fd >= 0) closeSync(fd);
    fd = openSync(req.path, 'r');
    openPath = req.path;
  }
  for (const m of req.messages) {
    const raw = readRange(req, m);
    if (!raw) continue;
    const size = raw.size;
    // raw is the only reference to a big message's bytes: processMessage drops them once decoded.
    out.push(await processMessage(raw, opts));
    if (size >= BIG_MESSAGE) collectGarbage();
  }
}

/** One message's bytes from the open file (null for a blank region). */
function readRange(req: RangeBatch, m: RangeBatch['messages'][number]): RawMessage | null {
  const size = m.end - m.start;
  const oversized = size > req.maxMessageBytes;
  const len = oversized ? Math.min(size, req.headBytes) : size;
  // Big messages get a buffer of their own that is dropped with the message; the reused
  // buffer is overwritten only by the next message, after processMessage is done.
  const buf = len > readBuf.length ? Buffer.allocUnsafeSlow(len) : readBuf;
  let got = 0;
  while (got < len) {
    const n = readSync(fd, buf, got, len - got, m.start + got);
    if (n === 0) break;
    got += n;
  }
  const bytes = buf.subarray(0, got);
  if (isBlank(bytes)) return null;
  return { source: req.path, offset: m.offset, index: m.index, bytes: unquoteFromLines(bytes), size, oversized, truncated: got < len };
}

/** After a message this big, collect at once instead of letting its garbage linger. */
const BIG_MESSAGE = 4 * 1024 * 1024;

/** Close the file a range batch left open (the main thread's fallback path). */
export function closeBatchFiles(): void {
  if (fd >= 0) closeSync(fd);
  fd = -1;
  openPath = null;
}
