/** Worker thread: batches of raw messages in, compact records out, in the order received. */
import { parentPort } from 'node:worker_threads';
import type { BatchRequest } from './batch.js';
import { runBatch } from './run-batch.js';

const port = parentPort;
if (!port) throw new Error('pipeline/worker.js must run in a worker thread');

port.on('message', (req: BatchRequest) => {
  void runBatch(req).then((res) => port.postMessage(res));
});
