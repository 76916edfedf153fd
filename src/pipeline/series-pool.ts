/**
 * The series phase with `--tree` on worker threads. Without them it ran on the main thread
 * after the last mail was parsed, with the second core idle: Kconfig parsing, guarantees and
 * queries, about 14 s of the corpus run's 24. Each worker opens the same tree (its own caches)
 * and takes the next series from the main thread, which keeps assembling; the findings come
 * back per series and are kept in series order by the caller. A worker that fails takes no
 * series with it: what it held is rejected, and the caller runs those series itself.
 */
import { Worker } from 'node:worker_threads';
import type { SeriesInput } from '../analyzers/types.js';
import type { Finding } from '../model/finding.js';
import { useWorkerLimits } from './worker-pool.js';

export interface SeriesRequest {
  id: number;
  input: SeriesInput<Record<string, unknown>>;
  /** Patch number → Message-ID, for the findings' subjects. */
  messageIds: [number, string][];
}

export type SeriesResponse = { id: number; findings: Finding[] } | { id: number; error: string };

/**
 * A series worker's heap: a 16 MB young generation for the queries' short-lived sets, and an
 * old generation bounded far above what its paced collections keep (a few architectures'
 * Kconfig, about 21 MB each, and 64 MB of slack).
 */
const LIMITS = { maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 };

interface Waiting {
  resolve(f: Finding[]): void;
  reject(e: Error): void;
}

interface Slot {
  worker: Worker;
  waiting: Map<number, Waiting>;
  dead: boolean;
}

export class SeriesPool {
  private readonly slots: Slot[];
  private nextId = 0;

  /** `url`: the worker script (pipeline/series-worker.js; tests give one that fails). */
  constructor(size: number, root: string, url: URL = new URL('./series-worker.js', import.meta.url)) {
    this.slots = Array.from({ length: size }, () => {
      useWorkerLimits();
      const slot: Slot = { worker: new Worker(url, { resourceLimits: LIMITS, workerData: { root } }), waiting: new Map(), dead: false };
      slot.worker.on('message', (res: SeriesResponse) => {
        const w = slot.waiting.get(res.id);
        slot.waiting.delete(res.id);
        if ('error' in res) w?.reject(new Error(res.error));
        else w?.resolve(res.findings);
      });
      const fail = (e: Error) => {
        slot.dead = true;
        for (const w of slot.waiting.values()) w.reject(e);
        slot.waiting.clear();
      };
      slot.worker.on('error', fail);
      slot.worker.on('exit', (code) => fail(new Error(`series worker exited with code ${code}`)));
      return slot;
    });
  }

  /** The series analyzers' findings for one series; rejected when its worker failed. */
  run(input: SeriesInput<Record<string, unknown>>, messageIds: [number, string][]): Promise<Finding[]> {
    let slot: Slot | undefined;
    for (const s of this.slots) if (!s.dead && (!slot || s.waiting.size < slot.waiting.size)) slot = s;
    if (!slot) return Promise.reject(new Error('no series worker left'));
    const id = this.nextId++;
    const to = slot;
    return new Promise<Finding[]>((resolve, reject) => {
      to.waiting.set(id, { resolve, reject });
      to.worker.postMessage({ id, input, messageIds } satisfies SeriesRequest);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
