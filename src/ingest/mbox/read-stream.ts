/**
 * A byte stream (a file, stdin, a download) split into raw messages: gzip detected by its magic
 * bytes, mboxrd quoting undone, a truncated gzip or a read error reported as a problem after
 * the messages read before it. Every source reads mail through here.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { IngestItem, RawMessage } from '../../model/raw-message.js';
import { UserError } from '../../model/errors.js';
import { MboxSplitter, type SplitterOptions } from './split.js';

export interface ReadOptions extends Partial<SplitterOptions> {
  /** Called with bytes consumed from disk, for progress bars. */
  onBytes?: (n: number) => void;
  /** Stop a gzip source that decompresses to more than this many times its size (default DEFAULT_GZIP_RATIO). */
  maxGzipRatio?: number;
  /** Bytes a gzip source may always grow to, whatever its ratio (default GZIP_RATIO_FLOOR). */
  gzipRatioFloor?: number;
}

/**
 * Mail compresses about 4–10 to 1, the most repetitive mbox seldom past 30; a stream of zeros
 * past 1000. Beyond GZIP_RATIO_FLOOR bytes, a source expanding more than this is a gzip bomb:
 * reading it would only burn time (memory stays bounded either way).
 */
export const DEFAULT_GZIP_RATIO = 100;
export const GZIP_RATIO_FLOOR = 256 * 1024 * 1024;

/**
 * Bytes already in memory (a download: lore's t.mbox.gz, a pipermail month) read like a file:
 * gzip detected by its magic bytes, mboxrd quoting undone, a truncated gzip reported as a problem.
 */
export function readBytes(bytes: Buffer, source: string, opts: ReadOptions = {}): AsyncGenerator<IngestItem> {
  return readStream(Readable.from([bytes]), source, opts);
}

/** Split a byte stream (gzip detected by its magic bytes) into raw messages. */
export async function* readStream(stream: Readable, source: string, opts: ReadOptions = {}): AsyncGenerator<IngestItem> {
  const queue: RawMessage[] = [];
  const splitter = new MboxSplitter((m) => {
    queue.push({ source, offset: m.offset, index: 0, bytes: m.bytes, size: m.size, oversized: m.oversized, truncated: m.truncated, ...(m.envelope !== undefined ? { envelope: m.envelope } : {}) });
  }, opts);
  let total = 0;
  let compressed = 0;
  const ratio = opts.maxGzipRatio ?? DEFAULT_GZIP_RATIO;
  const floor = opts.gzipRatioFloor ?? GZIP_RATIO_FLOOR;
  let gunzip: ReturnType<typeof createGunzip> | null = null;
  let body: AsyncIterable<Buffer> = stream;
  const onBytes = opts.onBytes;
  if (onBytes) stream.on('data', (c: Buffer) => onBytes(c.length));
  const it = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Peek at least two bytes for the gzip magic (a pipe may deliver one byte first).
  let firstChunk: Buffer = Buffer.alloc(0);
  while (firstChunk.length < 2) {
    const r = await it.next();
    if (r.done) break;
    firstChunk = firstChunk.length === 0 ? r.value : Buffer.concat([firstChunk, r.value]);
  }
  if (firstChunk.length === 0) {
    yield { type: 'problem', problem: { kind: 'empty-source', source, offset: 0, message: `${source} is empty: no mail to read` } };
    return;
  }
  if (firstChunk[0] === 0x1f && firstChunk[1] === 0x8b) {
    gunzip = createGunzip();
    const gz = gunzip;
    const feed = async () => {
      compressed += firstChunk.length;
      gz.write(firstChunk);
      for (;;) {
        const r = await it.next();
        if (r.done) break;
        compressed += r.value.length;
        if (!gz.write(r.value)) await new Promise((res) => gz.once('drain', res));
      }
      gz.end();
    };
    feed().catch((e: unknown) => gz.destroy(e as Error));
    body = gz;
  } else {
    body = (async function* () {
      yield firstChunk;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    })();
  }
  try {
    for await (const chunk of body) {
      total += chunk.length;
      splitter.push(chunk);
      while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
      if (gunzip && total > floor && total > ratio * compressed) {
        gunzip.destroy();
        stream.destroy();
        splitter.end(true);
        while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
        yield { type: 'read', source, bytes: total };
        const message = `${source}: ${compressed} bytes of gzip grew to ${total} bytes, over ${ratio} times their size (a gzip bomb?); reading stopped there, messages before it were read, the last one is incomplete (raise --max-gzip-ratio to read on)`;
        yield { type: 'problem', problem: { kind: 'gzip-bomb', source, offset: total, message } };
        return;
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const truncated = gunzip !== null && (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end/i.test(err.message));
    splitter.end(true);
    while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
    yield { type: 'read', source, bytes: total };
    yield {
      type: 'problem',
      problem: {
        kind: truncated ? 'truncated-gzip' : 'read-error',
        source,
        offset: total,
        message: truncated
          ? `${source}: gzip data ends early after ${total} decompressed bytes (truncated download?); messages before it were read, the last one is incomplete`
          : `${source}: read failed after ${total} bytes: ${err.message}`,
      },
    };
    return;
  }
  splitter.end(false);
  while (queue.length > 0) yield { type: 'message', message: queue.shift() as RawMessage };
  yield { type: 'read', source, bytes: total };
}

/** The raw mails of an mbox held in memory (a download), mboxrd quoting undone; a read problem is an error. */
export async function splitMbox(mbox: Buffer, source: string): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const item of readBytes(mbox, source)) {
    if (item.type === 'message') out.push(item.message.bytes);
    else if (item.type === 'problem' && item.problem.kind !== 'empty-source') throw new UserError(item.problem.message);
  }
  return out;
}
