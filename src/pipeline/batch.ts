import type { RawMessage } from '../ingest/raw-message.js';
import type { MessageRecord } from './record.js';

export type BatchedMessage = Omit<RawMessage, 'bytes'> & { start: number; end: number };

export interface BatchRequest {
  seq: number;
  messages: BatchedMessage[];
  /** All message bytes of the batch, back to back; transferred, not copied. */
  buffer: ArrayBuffer;
}

export interface BatchResult {
  seq: number;
  records: MessageRecord[];
}

/** Pack raw messages into one transferable buffer. */
export function packBatch(seq: number, msgs: RawMessage[]): BatchRequest {
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
  return { seq, messages, buffer: ab };
}
