/**
 * A fixed pool of worker threads that process batches of raw messages. Results come back in
 * submission order whatever the order the workers finish in, so output is deterministic.
 */
import { Worker } from 'node:worker_threads';
import type { RawMessage } from '../ingest/raw-message.js';
import { packBatch, type BatchResult } from './batch.js';
import type { MessageRecord } from './record.js';

interface Slot {
  worker: Worker;
  busy: boolean;
}

export class WorkerPool {
  private readonly slots: Slot[];
  private readonly queue: { seq: number; msgs: RawMessage[] }[] = [];
  private readonly done = new Map<number, MessageRecord[]>();
  private nextSeq = 0;
  private nextOut = 0;
  private failure: Error | null = null;
  private wake: (() => void) | null = null;

  constructor(size: number) {
    const url = new URL('./worker.js', import.meta.url);
    this.slots = Array.from({ length: size }, () => {
      const slot: Slot = { worker: new Worker(url), busy: false };
      slot.worker.on('message', (res: BatchResult) => {
        slot.busy = false;
        this.done.set(res.seq, res.records);
        this.pump();
        this.signal();
      });
      slot.worker.on('error', (e) => {
        this.failure = e;
        this.signal();
      });
      return slot;
    });
  }

  /** Queue a batch; returns at once. */
  submit(msgs: RawMessage[]): void {
    this.queue.push({ seq: this.nextSeq++, msgs });
    this.pump();
  }

  /** Batches submitted but not yet taken back. */
  get pending(): number {
    return this.nextSeq - this.nextOut;
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
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      const job = this.queue.shift();
      if (!job) return;
      slot.busy = true;
      const req = packBatch(job.seq, job.msgs);
      slot.worker.postMessage(req, [req.buffer]);
    }
  }

  private signal(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
