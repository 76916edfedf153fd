/**
 * A PollContext for calling a source's poll() directly: `seen()` answers from an in-memory set
 * (what the store would have recorded from earlier polls' `items`), and the log is kept.
 */
import type { Log } from '../../src/model/log.js';
import type { PollContext, Polled } from '../../src/model/source.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: object | string;
  msg?: string | undefined;
}

export function memoryLog(lines: LogLine[] = []): Log & { lines: LogLine[] } {
  const at =
    (level: LogLine['level']) =>
    (obj: object | string, msg?: string): void => {
      lines.push({ level, obj, msg });
    };
  const log = { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return log;
}

export interface MemoryPoll {
  ctx: PollContext;
  /** Item keys recorded so far (as the store records them with the mail). */
  taken: Set<string>;
  /** Every list of keys `seen()` was asked about. */
  asked: string[][];
  log: ReturnType<typeof memoryLog>;
  /** Record what a poll took, and move the cursor, as the daemon does after storing the mail. */
  record(p: Polled): void;
}

export function memoryPollContext(o: { baseDir: string; id?: string; cursor?: string | null; stateDir?: string }): MemoryPoll {
  const taken = new Set<string>();
  const asked: string[][] = [];
  const log = memoryLog();
  const ctx: PollContext = {
    id: o.id ?? 'test:source',
    cursor: o.cursor ?? null,
    stateDir: o.stateDir ?? o.baseDir,
    baseDir: o.baseDir,
    log,
    env: {},
    seen: async (items) => {
      asked.push([...items]);
      return new Set(items.filter((i) => taken.has(i)));
    },
  };
  return {
    ctx,
    taken,
    asked,
    log,
    record(p) {
      for (const i of p.items ?? []) taken.add(i);
      if (p.cursor !== null) ctx.cursor = p.cursor;
    },
  };
}
