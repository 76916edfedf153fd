/**
 * Worker thread of the series phase with `--tree`: it opens the same kernel tree itself (its
 * own caches) and runs the series analyzers over one series' facts per request, in the order
 * received. Facts and findings are structured-clone safe by the analyzer contract.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ANALYZERS } from '../analyzers/index.js';
import { runSeriesPhase } from '../engine/run-analyzers.js';
import { KernelTree } from '../kernel/tree.js';
import { GcPacer } from '../util/gc.js';
import type { SeriesRequest, SeriesResponse } from './series-pool.js';
import { TREE_SLACK } from './series-slack.js';

const port = parentPort;
if (!port) throw new Error('pipeline/series-worker.js must run in a worker thread');

const tree = KernelTree.open((workerData as { root: string }).root);
const pacer = new GcPacer(TREE_SLACK);

port.on('message', (req: SeriesRequest) => {
  let res: SeriesResponse;
  try {
    const ids = new Map(req.messageIds);
    res = { id: req.id, findings: runSeriesPhase(ANALYZERS, req.input, (i) => ids.get(i), tree) };
  } catch (e) {
    res = { id: req.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(res);
  pacer.tick();
});
