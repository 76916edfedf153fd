/**
 * Mail from a source as the store keeps it: raw, and parsed here, once, into its record (with
 * the patch-phase analysis and what a reply needs). Nothing after intake parses it again:
 * assembly, analysis and every channel read the record.
 */
import type { IngestItem } from '../model/raw-message.js';
import type { StoredMessage } from '../model/store.js';
import { parseItems } from '../pipeline/parse-items.js';

export async function intake(mails: readonly Buffer[], source: string, receivedAt: Date): Promise<StoredMessage[]> {
  const out: StoredMessage[] = [];
  async function* items(): AsyncGenerator<IngestItem> {
    for (const bytes of mails) yield { type: 'message', message: { source, offset: 0, index: 0, bytes, size: bytes.length, oversized: false, truncated: false } };
  }
  await parseItems(items(), { reply: true }, (record) => {
    const raw = mails[record.index] as Buffer;
    out.push({ messageId: record.messageId, source, raw, receivedAt, record });
  });
  return out;
}
