/**
 * Triage's first stage: ingest items → message records, in input order, whatever the number of
 * threads. Raw messages and byte ranges are parsed (by worker threads when jobs > 1, which read
 * ranges themselves); records parsed before (the daemon's store) pass through unparsed.
 * Records are numbered here, in arrival order.
 */
import { DEFAULT_SPLITTER_OPTIONS } from '../ingest/mbox/split.js';
import { openRangeReader } from '../ingest/mbox/read-range.js';
import type { IngestItem, MessageRange, RawMessage, SourceProblem } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';
import { BATCH_BYTES, BATCH_COUNT, BIG_MESSAGE } from './batch.js';
import type { ProcessOptions } from './process-message.js';
import { RANGE_WINDOW, WorkerPool } from './worker-pool.js';
import { collectedAround, collectGarbage, GcPacer } from '../util/gc.js';
import { serialize } from 'node:v8';
import { slimRecord } from './slim-record.js';

/** Garbage the main thread may hold above its live data before it collects (see GcPacer). */
const MAIN_SLACK = 48 * 1024 * 1024;

export interface ParseOptions extends ProcessOptions {
  /** Worker threads; 0 or 1 parses in this thread. */
  jobs?: number;
  maxMessageBytes?: number;
}

export interface ParseTotals {
  /** Bytes of mail read (decompressed), mbox `From ` lines included. */
  bytes: number;
  problems: SourceProblem[];
}

interface Feed {
  message(m: RawMessage): Promise<void>;
  range(r: MessageRange): Promise<void>;
  record(r: MessageRecord): Promise<void>;
  end(): Promise<void>;
  close(): Promise<void>;
}

export async function parseItems(items: AsyncIterable<IngestItem>, o: ParseOptions, take: (r: MessageRecord) => void): Promise<ParseTotals> {
  const maxBytes = o.maxMessageBytes ?? DEFAULT_SPLITTER_OPTIONS.maxMessageBytes;
  const process: ProcessOptions = { ...(o.analyze === false ? { analyze: false } : {}), ...(o.reply ? { reply: true } : {}), ...(o.pack ? { pack: true } : {}) };
  // Numbered as they come out, in order: a blank region of an mbox takes no number.
  let index = 0;
  const pacer = new GcPacer(MAIN_SLACK);
  const numbered = (r: MessageRecord): void => {
    r.index = index++;
    take(r);
    pacer.tick();
  };
  const feed = (o.jobs ?? 1) > 1 ? poolFeed(new WorkerPool(o.jobs ?? 2, maxBytes, process), maxBytes, numbered) : threadFeed(maxBytes, process, numbered);
  const totals: ParseTotals = { bytes: 0, problems: [] };
  try {
    for await (const item of items) {
      if (item.type === 'problem') totals.problems.push(item.problem);
      else if (item.type === 'read') totals.bytes += item.bytes;
      // A copy: parsing releases the bytes of the message it is handed, not the caller's.
      else if (item.type === 'message') await feed.message({ ...item.message });
      else if (item.type === 'range') await feed.range(item.range);
      else await feed.record({ ...item.record });
    }
    await feed.end();
  } finally {
    await feed.close();
  }
  return totals;
}

function threadFeed(maxBytes: number, process: ProcessOptions, take: (r: MessageRecord) => void): Feed {
  const reader = openRangeReader({ maxMessageBytes: maxBytes, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes, reuseBuffer: true });
  // Loaded on first use: with workers, the main thread never needs the mail parser.
  // The record is cloned, as a worker's crosses threads: its strings are often V8 slices of the
  // whole mail's text (paths, subjects, analyzer facts), and a slice keeps its parent alive.
  // Without the copy, --jobs 1 held most of every mail it read (900 MB on the 532 MB corpus).
  // Packed (a spilling run): the full record serialised, and a copy of its slim part.
  // A giant message is parsed on a collected heap: else the pacer's slack and the message's own
  // garbage add up, and the run's peak is wherever a giant mail falls (issue 16, Memory).
  const parse = (m: RawMessage): Promise<void> =>
    collectedAround(m.size >= BIG_MESSAGE, async () => {
      const r = await (await import('./process-message.js')).processMessage(m, process);
      take(process.pack ? { ...structuredClone(slimRecord(r)), packed: serialize(r) } : structuredClone(r));
    });
  return {
    message: parse,
    async range(r) {
      const m = reader.read(r);
      if (m) await parse(m);
    },
    async record(r) {
      take(r);
    },
    async end() {},
    async close() {
      reader.close();
    },
  };
}

/** Batches of messages (bytes travel) or of one file's ranges (offsets travel); order kept by the pool. */
function poolFeed(pool: WorkerPool, maxBytes: number, take: (r: MessageRecord) => void): Feed {
  let msgs: RawMessage[] = [];
  let ranges: MessageRange[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    // A batch with a giant mail waits for everything before it, and the main thread's paced
    // garbage is collected, so that the worker's peak on the giant (the run's peak) meets a
    // main thread holding only what is live, not up to MAIN_SLACK more: the 2 GB mbox meets
    // the corpus' giants four times, and its peak fell from 232-245 to 221-227 MB.
    if (msgs.some((m) => m.bytes.length >= BIG_MESSAGE) || ranges.some((r) => r.end - r.start >= BIG_MESSAGE)) {
      await pool.drain(take, 0);
      collectGarbage();
    }
    if (msgs.length > 0) pool.submit(msgs);
    else if (ranges.length > 0) {
      const path = (ranges[0] as MessageRange).source;
      pool.submitRanges({ path, maxMessageBytes: maxBytes, headBytes: DEFAULT_SPLITTER_OPTIONS.headBytes, messages: ranges.map(({ index, offset, start, end }) => ({ index, offset, start, end })) });
    } else return;
    const window = ranges.length > 0 ? pool.size * RANGE_WINDOW : undefined;
    msgs = [];
    ranges = [];
    bytes = 0;
    await pool.drain(take, window);
  };
  const full = (n: number): boolean => bytes >= BATCH_BYTES || n >= BATCH_COUNT;
  return {
    async message(m) {
      if (ranges.length > 0) await flush();
      msgs.push(m);
      bytes += m.bytes.length;
      if (full(msgs.length)) await flush();
    },
    async range(r) {
      if (msgs.length > 0 || (ranges.length > 0 && (ranges[0] as MessageRange).source !== r.source)) await flush();
      ranges.push(r);
      bytes += r.end - r.start;
      if (full(ranges.length)) await flush();
    },
    async record(r) {
      await flush();
      await pool.drain(take, 0);
      take(r);
    },
    async end() {
      await flush();
      await pool.drain(take, 0);
    },
    close: () => pool.close(),
  };
}
