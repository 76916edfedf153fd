/**
 * A fixed pool of worker threads that process batches of raw messages. Results come back in
 * submission order whatever the order the workers finish in, so output is deterministic.
 */
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { RawMessage } from '../model/raw-message.js';
import { batchBytes, packBatch, type BatchRequest, type BatchResult, type RangeBatch } from './batch.js';
import type { ProcessOptions } from './process-message.js';
import type { MessageRecord } from '../model/record.js';

/**
 * Heap limits per worker. V8 sizes heaps from the machine's memory; these keep two workers
 * and the main thread within a few hundred MB. Running out of heap aborts the whole process
 * (V8 does not always let Node end just the worker), so the old generation is sized from the
 * largest message a worker may get: decoding and splitting one needs about twice its size.
 * The young generation is 4 MB (two 2 MB semi-spaces): against 8 MB, the 2 GB mbox peaked
 * 15 MB lower at the default job count, with no more CPU (docs/performance.md, Memory).
 */
export function workerLimits(maxMessageBytes: number): { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number } {
  const mb = Math.ceil(maxMessageBytes / (1024 * 1024));
  return { maxOldGenerationSizeMb: Math.max(64, 4 * mb), maxYoungGenerationSizeMb: 4 };
}

/**
 * A `--max-semi-space-size` flag (bin/kvetch passes one for the main thread in NODE_OPTIONS)
 * overrides every new isolate's `resourceLimits`, the workers' too. Cleared before a worker
 * starts, so that its heap follows workerLimits; a running isolate's heap, the main thread's,
 * was sized when it started and keeps its size.
 */
function useWorkerLimits(): void {
  setFlagsFromString('--max-semi-space-size=0');
}

/**
 * Range batches (offsets only) in flight per worker, finished or not, before the feeder waits
 * for the next result in order. Results are compact records (about 0.1 MB a batch on the
 * corpus), so a wide window costs little memory.
 */
export const RANGE_WINDOW = 16;

/** A batch over this many bytes runs only while no other such batch is in flight. */
const BIG_BATCH = 4 * 1024 * 1024;

interface Slot {
  worker: Worker;
  job: Job | null;
  big: boolean;
}

type Job = { seq: number; build: () => BatchRequest; bytes: number };

export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: Job[] = [];
  private readonly done = new Map<number, MessageRecord[]>();
  private nextSeq = 0;
  private nextOut = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  private readonly limits: ReturnType<typeof workerLimits>;

  private readonly opts: ProcessOptions;

  /** `url`: the worker script (pipeline/worker.js; tests give one that fails). */
  constructor(
    size: number,
    maxMessageBytes: number,
    opts: ProcessOptions = {},
    private readonly url: URL = new URL('./worker.js', import.meta.url),
  ) {
    this.opts = opts;
    this.limits = workerLimits(maxMessageBytes);
    this.slots = Array.from({ length: size }, () => this.spawn({ worker: null as unknown as Worker, job: null, big: false }));
  }

  private spawn(slot: Slot): Slot {
    useWorkerLimits();
    const worker = new Worker(this.url, { resourceLimits: this.limits, workerData: this.opts });
    slot.worker = worker;
    worker.on('message', (res: BatchResult) => {
      slot.job = null;
      slot.big = false;
      this.done.set(res.seq, res.records);
      this.pump();
      this.signal();
    });
    worker.on('error', (e) => {
      // A worker that dies (an uncaught error) takes its batch with it: redo that batch
      // here, start a new worker, and go on.
      const job = slot.job;
      if (!job) {
        this.failure = e;
        this.signal();
        return;
      }
      void import('./run-batch.js')
        .then(async ({ runBatch }) => {
          const res = await runBatch(job.build(), this.opts, true);
          this.done.set(res.seq, res.records);
        })
        .catch((err: unknown) => {
          this.failure = err as Error;
        })
        .finally(() => {
          slot.job = null;
          slot.big = false;
          if (!this.closed) this.spawn(slot);
          this.pump();
          this.signal();
        });
    });
    return slot;
  }

  private closed = false;

  /** Queue messages whose bytes are in memory; returns at once. */
  submit(msgs: RawMessage[]): void {
    let bytes = 0;
    for (const m of msgs) bytes += m.bytes.length;
    const seq = this.nextSeq++;
    this.queue.push({ seq, bytes, build: () => packBatch(seq, msgs) });
    this.pump();
  }

  /** Queue byte ranges of a plain file that the worker reads itself; returns at once. */
  submitRanges(batch: Omit<RangeBatch, 'seq' | 'kind'>): void {
    const seq = this.nextSeq++;
    const req: RangeBatch = { kind: 'ranges', seq, ...batch };
    this.queue.push({ seq, bytes: batchBytes(req), build: () => req });
    this.pump();
  }

  /** Workers in the pool. */
  get size(): number {
    return this.slots.length;
  }

  /** Batches submitted but not yet taken back. */
  get pending(): number {
    return this.nextSeq - this.nextOut;
  }

  /**
   * Hand finished batches to `take` until at most `limit` are in flight: memory stays flat
   * whatever the input size. `limit` 0 waits for everything. The default, 3 per worker, suits
   * batches whose bytes travel; range batches carry only offsets, and a window of
   * RANGE_WINDOW per worker keeps both workers busy while one of them is on a big mail that
   * the next result in order waits for.
   */
  async drain(take: (r: MessageRecord) => void, limit = this.slots.length * 3): Promise<void> {
    while (this.pending > limit) for (const r of await this.next()) take(r);
  }

  /** Wait for the next batch in submission order. */
  async next(): Promise<MessageRecord[]> {
    for (;;) {
      if (this.failure) throw this.failure;
      const r = this.done.get(this.nextOut);
      if (r) {
        this.done.delete(this.nextOut);
        this.nextOut++;
        return r;
      }
      await new Promise<void>((res) => (this.wake = res));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.job) continue;
      const bigBusy = this.slots.some((x) => x.job && x.big);
      const at = this.queue.findIndex((j) => !bigBusy || j.bytes < BIG_BATCH);
      if (at < 0) return;
      const [job] = this.queue.splice(at, 1) as [Job];
      slot.job = job;
      slot.big = job.bytes >= BIG_BATCH;
      const req = job.build();
      slot.worker.postMessage(req, req.kind === 'bytes' ? [req.buffer] : []);
    }
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
