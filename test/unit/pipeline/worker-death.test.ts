/**
 * A worker that dies on a batch (an uncaught error) takes the batch with it: the pool redoes it
 * on the main thread and starts a new worker (pipeline/worker-pool.ts). With two workers dying
 * at once, two batches are redone at the same time; they used to share one file reader, and the
 * first to end closed it under the other (`Cannot read properties of null (reading 'read')`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openInputs } from '../../../src/ingest/index.js';
import { DEFAULT_SPLITTER_OPTIONS } from '../../../src/ingest/mbox/split.js';
import type { MessageRange } from '../../../src/model/raw-message.js';
import type { MessageRecord } from '../../../src/model/record.js';
import { WorkerPool } from '../../../src/pipeline/worker-pool.js';
import { makeSeries, mbox, put, withTmp } from '../support/mail.js';

async function rangesOf(file: string): Promise<MessageRange[]> {
  const out: MessageRange[] = [];
  for await (const item of openInputs([file], { env: {}, bases: {} }).items) if (item.type === 'range') out.push(item.range);
  return out;
}

async function run(pool: WorkerPool, file: string, ranges: MessageRange[], perBatch: number): Promise<MessageRecord[]> {
  const got: MessageRecord[] = [];
  try {
    for (let i = 0; i < ranges.length; i += perBatch) {
      const messages = ranges.slice(i, i + perBatch).map(({ index, offset, start, end }) => ({ index, offset, start, end }));
      pool.submitRanges({ path: file, maxMessageBytes: DEFAULT_SPLITTER_OPTIONS.maxMessageBytes, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes, messages });
    }
    await pool.drain((r) => got.push(r), 0);
  } finally {
    await pool.close();
  }
  return got;
}

test('worker-death: batches of workers that all die are redone on the main thread, two at a time, each message once and in order', async () => {
  await withTmp(async (dir) => {
    const s = makeSeries({ tag: 'wd', n: 11 });
    const file = await put(dir, 'series.mbox', mbox(s.cover, ...s.patches));
    const dying = join(dir, 'dying-worker.mjs');
    writeFileSync(dying, "import { parentPort } from 'node:worker_threads';\nparentPort.on('message', () => { throw new Error('this worker dies on every batch'); });\n");
    const ranges = await rangesOf(file);
    assert.equal(ranges.length, 12);
    const max = DEFAULT_SPLITTER_OPTIONS.maxMessageBytes;
    const healthy = await run(new WorkerPool(2, max), file, ranges, 3);
    const redone = await run(new WorkerPool(2, max, {}, pathToFileURL(dying)), file, ranges, 3);
    assert.deepEqual(
      redone.map((r) => r.messageId),
      [s.coverId, ...s.patchIds],
      'every message once, in order',
    );
    assert.deepEqual(redone, healthy, 'the same records as the workers make');
  });
});
