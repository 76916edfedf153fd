/**
 * The workers' heaps follow workerLimits even when the process runs with a
 * `--max-semi-space-size` flag (bin/kvetch passes one for the main thread): V8 lets the flag
 * override a new isolate's resource limits, which gave every worker the main thread's
 * young generation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import type { MessageRecord } from '../../../src/model/record.js';
import { WorkerPool, workerLimits } from '../../../src/pipeline/worker-pool.js';
import { withTmp } from '../support/mail.js';

test("worker-limits: a worker's young generation is workerLimits, whatever --max-semi-space-size the process has", async () => {
  await withTmp(async (dir) => {
    // This test file runs in a process of its own (node --test), so the flag stays here.
    setFlagsFromString('--max-semi-space-size=8');
    const mine = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size;
    const reporter = join(dir, 'heap-reporter.mjs');
    writeFileSync(
      reporter,
      [
        "import { parentPort } from 'node:worker_threads';",
        "import { getHeapSpaceStatistics } from 'node:v8';",
        // V8 grows a young generation up to its limit while many objects survive: make it.
        "parentPort.on('message', (req) => {",
        '  let keep = [];',
        '  for (let i = 0; i < 3e6; i++) { keep.push({ i }); if (keep.length > 2e5) keep = []; }',
        "  parentPort.postMessage({ seq: req.seq, records: [{ newSpace: getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size }] });",
        '});',
      ].join('\n'),
    );
    const pool = new WorkerPool(1, 1 << 20, {}, pathToFileURL(reporter));
    const got: MessageRecord[] = [];
    try {
      pool.submit([]);
      await pool.drain((r) => got.push(r), 0);
    } finally {
      await pool.close();
    }
    const newSpace = (got[0] as unknown as { newSpace: number } | undefined)?.newSpace;
    assert.equal(newSpace, workerLimits(1 << 20).maxYoungGenerationSizeMb * 1024 * 1024, 'both semi-spaces of the worker: its resource limit');
    assert.equal(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size, mine, "this thread's young generation is as it was");
  });
});
