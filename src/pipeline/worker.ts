/** Worker thread: raw messages in, compact records out, in the order received. */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { isBlank, unquoteFromLines } from '../ingest/mbox-split.js';
import type { RawMessage } from '../ingest/raw-message.js';
import { processMessage } from './process-message.js';
import type { BatchRequest, BatchResult, RangeBatch } from './batch.js';
import type { MessageRecord } from './record.js';

const port = parentPort;
if (!port) throw new Error('pipeline/worker.js must run in a worker thread');

const DEFAULT_BUFFER = 1 << 20;
/** Reused read buffer: one message at a time, so no allocation per message. */
const readBuf = Buffer.allocUnsafeSlow(DEFAULT_BUFFER);
let openPath: string | null = null;
let fd = -1;

port.on('message', (req: BatchRequest) => {
  void handle(req).then((res) => port.postMessage(res));
});

async function handle(req: BatchRequest): Promise<BatchResult> {
  const records: MessageRecord[] = [];
  if (req.kind === 'ranges') {
    await readRanges(req, records);
  } else {
    const buf = Buffer.from(req.buffer);
    for (const m of req.messages) {
      const { start, end, ...rest } = m;
      records.push(await processMessage({ ...rest, bytes: buf.subarray(start, end) }));
    }
  }
  return { seq: req.seq, records };
}

async function readRanges(req: RangeBatch, out: MessageRecord[]): Promise<void> {
  if (openPath !== req.path) {
    if (fd >= 0) closeSync(fd);
    fd = openSync(req.path, 'r');
    openPath = req.path;
  }
  for (const m of req.messages) {
    const size = m.end - m.start;
    const oversized = size > req.maxMessageBytes;
    const len = oversized ? Math.min(size, req.headBytes) : size;
    // Big messages get a buffer of their own that is dropped with the message.
    const buf = len > readBuf.length ? Buffer.allocUnsafeSlow(len) : readBuf;
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, m.start + got);
      if (n === 0) break;
      got += n;
    }
    let bytes: Buffer = buf.subarray(0, got);
    if (isBlank(bytes)) continue;
    bytes = unquoteFromLines(bytes);
    const raw: RawMessage = { source: req.path, offset: m.offset, index: m.index, bytes, size, oversized, truncated: got < len };
    out.push(await processMessage(raw));
  }
}
