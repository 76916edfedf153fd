/** Worker thread: batches of raw messages in, compact records out, in the order received. */
import { parentPort, workerData } from 'node:worker_threads';
import type { BatchRequest } from './batch.js';
import type { ProcessOptions } from './process-message.js';
import { runBatch } from './run-batch.js';

const port = parentPort;
if (!port) throw new Error('pipeline/worker.js must run in a worker thread');

const opts = (workerData ?? {}) as ProcessOptions;

port.on('message', (req: BatchRequest) => {
  void runBatch(req, opts).then((res) => port.postMessage(res, res.packed ? [res.packed] : []));
});
