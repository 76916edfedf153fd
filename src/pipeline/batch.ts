import type { RawMessage } from '../model/raw-message.js';
import type { MessageRecord } from '../model/record.js';

/** A batch is cut at this many bytes or messages, whichever comes first. */
export const BATCH_BYTES = 1 << 20;
export const BATCH_COUNT = 64;

/** A message this big is parsed on a collected heap, and collected after (collectedAround). */
export const BIG_MESSAGE = 4 * 1024 * 1024;

export type BatchedMessage = Omit<RawMessage, 'bytes'> & { start: number; end: number };

/** Messages whose bytes travel with the request (gzip, stdin, directories). */
export interface BytesBatch {
  kind: 'bytes';
  seq: number;
  messages: BatchedMessage[];
  /** All message bytes of the batch, back to back; transferred, not copied. */
  buffer: ArrayBuffer;
}

/** Messages the worker reads itself from a plain file: nothing but offsets crosses threads. */
export interface RangeBatch {
  kind: 'ranges';
  seq: number;
  path: string;
  maxMessageBytes: number;
  headBytes: number;
  /** offset: the `From ` line; start/end: the message bytes after it. */
  messages: { index: number; offset: number; start: number; end: number }[];
}

export type BatchRequest = BytesBatch | RangeBatch;

export interface BatchResult {
  seq: number;
  records: MessageRecord[];
  /** The buffer every `packed` of the records views, transferred with them (ProcessOptions.pack). */
  packed?: ArrayBuffer;
}

/** Pack raw messages into one transferable buffer. */
export function packBatch(seq: number, msgs: RawMessage[]): BytesBatch {
  let total = 0;
  for (const m of msgs) total += m.bytes.length;
  const ab = new ArrayBuffer(total);
  const view = new Uint8Array(ab);
  const messages: BatchedMessage[] = [];
  let pos = 0;
  for (const m of msgs) {
    view.set(m.bytes, pos);
    const { bytes: _bytes, ...rest } = m;
    messages.push({ ...rest, start: pos, end: pos + m.bytes.length });
    pos += m.bytes.length;
  }
  return { kind: 'bytes', seq, messages, buffer: ab };
}

/** Bytes of a batch, for the pool's one-big-batch-at-a-time rule. */
export function batchBytes(b: BatchRequest): number {
  if (b.kind === 'bytes') return b.buffer.byteLength;
  let n = 0;
  for (const m of b.messages) n += Math.min(m.end - m.start, b.maxMessageBytes);
  return n;
}
