/**
 * An explicit full GC, used after a giant message so that its tens of MB of garbage do not
 * stay resident while V8 waits for its next scheduled collection. V8 exposes `gc` only behind
 * a flag; setting it at run time and fetching the function from a fresh context is the
 * documented-by-practice way to get it without a command-line option.
 */
import { setFlagsFromString } from 'node:v8';
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
