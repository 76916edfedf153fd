/** Worker thread: raw messages in, compact records out, in the order received. */
import { parentPort } from 'node:worker_threads';
import type { RawMessage } from '../ingest/raw-message.js';
import { processMessage } from './process-message.js';
import type { BatchRequest, BatchResult } from './batch.js';

const port = parentPort;
if (!port) throw new Error('pipeline/worker.js must run in a worker thread');

port.on('message', (req: BatchRequest) => {
  void handle(req).then((res) => port.postMessage(res));
});

async function handle(req: BatchRequest): Promise<BatchResult> {
  const buf = Buffer.from(req.buffer);
  const records = [];
  for (const m of req.messages) {
    const raw: RawMessage = { ...m, bytes: buf.subarray(m.start, m.end) };
    records.push(await processMessage(raw));
  }
  return { seq: req.seq, records };
}
