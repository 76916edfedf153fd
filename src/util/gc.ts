/**
 * An explicit full GC, used after a giant message so that its tens of MB of garbage do not
 * stay resident while V8 waits for its next scheduled collection. V8 exposes `gc` only behind
 * a flag; setting it at run time and fetching the function from a fresh context is the
 * documented-by-practice way to get it without a command-line option.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  gc?.();
}

/**
 * Runs `work` on a collected heap and collects after it, when `big`: the garbage a pacer lets
 * build up (tens of MB) and a giant message's own (several times its size while it is
 * decoded and split) then never add up, and its garbage does not stay resident until V8's
 * next scheduled collection. A full collection costs a few ms on a thread that keeps little.
 */
export async function collectedAround<T>(big: boolean, work: () => Promise<T>): Promise<T> {
  if (!big) return work();
  collectGarbage();
  const out = await work();
  collectGarbage();
  return out;
}

/**
 * Keeps a thread's garbage within `slackBytes` of what was live after the last collection.
 * V8 lets the heap grow by a factor of its live size before it collects, and sizes the limit
 * from the machine's memory: on a big machine a long run's RSS is mostly garbage. `tick()`
 * after each unit of work costs one heap-statistics read; a full collection runs only when the
 * heap grew by the slack since the last one, so their number follows the garbage made, not
 * the number of ticks, and the work per collection follows what is live.
 */
export class GcPacer {
  private floor: number;

  constructor(private readonly slackBytes: number) {
    this.floor = getHeapStatistics().used_heap_size;
  }

  tick(): void {
    if (getHeapStatistics().used_heap_size < this.floor + this.slackBytes) return;
    collectGarbage();
    this.floor = getHeapStatistics().used_heap_size;
  }
}
