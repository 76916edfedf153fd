/**
 * Reading a message by its byte range (see MessageRange): the worker threads do it for the
 * ranges they are sent, and a one-thread run for the ranges it meets. One open file at a time;
 * a message over the size limit keeps only its first `headBytes`, as the stream splitter does.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { IngestItem, MessageRange, RawMessage } from '../../model/raw-message.js';
import { DEFAULT_SPLITTER_OPTIONS, envelopeLine, isBlank, MAX_SEPARATOR_LINE, unquoteFromLines } from './split.js';

export interface RangeReaderOptions {
  maxMessageBytes: number;
  headBytes: number;
  /**
   * Read into one buffer that the next read overwrites (the worker's way: a message is
   * processed before the next is read), instead of a buffer per message.
   */
  reuseBuffer?: boolean;
}

export interface RangeReader {
  /** The message's bytes, or null for a blank region. */
  read(r: MessageRange): RawMessage | null;
  close(): void;
}

const DEFAULT_BUFFER = 1 << 20;

export function openRangeReader(o: RangeReaderOptions): RangeReader {
  const shared = o.reuseBuffer ? Buffer.allocUnsafeSlow(DEFAULT_BUFFER) : null;
  let openPath: string | null = null;
  let fd = -1;
  return {
    read(r) {
      if (openPath !== r.source) {
        if (fd >= 0) closeSync(fd);
        fd = openSync(r.source, 'r');
        openPath = r.source;
      }
      const size = r.end - r.start;
      const oversized = size > o.maxMessageBytes;
      const len = oversized ? Math.min(size, o.headBytes) : size;
      // Big messages get a buffer of their own that is dropped with the message.
      const buf = shared && len <= shared.length ? shared : Buffer.allocUnsafeSlow(len);
      let got = 0;
      while (got < len) {
        const n = readSync(fd, buf, got, len - got, r.start + got);
        if (n === 0) break;
        got += n;
      }
      const bytes = buf.subarray(0, got);
      if (isBlank(bytes)) return null;
      const envelope = readEnvelope(fd, r);
      return { source: r.source, offset: r.offset, index: r.index, bytes: unquoteFromLines(bytes), size, oversized, truncated: got < len, ...(envelope !== undefined ? { envelope } : {}) };
    },
    close() {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      openPath = null;
    },
  };
}

/** The `From ` line in front of a range's message (between offset and start), if it has one. */
function readEnvelope(fd: number, r: MessageRange): string | undefined {
  const len = r.start - r.offset;
  if (len <= 0 || len > MAX_SEPARATOR_LINE + 2) return undefined;
  const line = Buffer.allocUnsafe(len);
  const n = readSync(fd, line, 0, len, r.offset);
  return envelopeLine(line, 0, n);
}

/** Items with every range read into a message (for consumers that want bytes, not ranges). */
export async function* withBytes(items: AsyncIterable<IngestItem>, o: Partial<RangeReaderOptions> = {}): AsyncGenerator<IngestItem> {
  const reader = openRangeReader({ maxMessageBytes: o.maxMessageBytes ?? DEFAULT_SPLITTER_OPTIONS.maxMessageBytes, headBytes: o.headBytes ?? DEFAULT_SPLITTER_OPTIONS.headBytes });
  try {
    for await (const item of items) {
      if (item.type !== 'range') {
        yield item;
        continue;
      }
      const message = reader.read(item.range);
      if (message) yield { type: 'message', message };
    }
  } finally {
    reader.close();
  }
}
