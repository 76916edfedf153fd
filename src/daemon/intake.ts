/** Mails from a source as the store keeps them: raw bytes under the Message-ID the pipeline will give them. */
import type { RawMessage } from '../model/raw-message.js';
import { deriveMessageId, parseMessage } from '../mail/message.js';
import type { StoredMessage } from '../model/store.js';

export async function toStored(mails: readonly Buffer[], source: string, receivedAt: Date): Promise<StoredMessage[]> {
  const out: StoredMessage[] = [];
  for (const [index, bytes] of mails.entries()) {
    const raw: RawMessage = { source, offset: 0, index, bytes, size: bytes.length, oversized: false, truncated: false };
    let messageId: string;
    try {
      messageId = (await parseMessage(raw)).messageId;
    } catch {
      // Unparsable mail is kept all the same (the pipeline reports it as an input finding).
      messageId = deriveMessageId(bytes);
    }
    out.push({ messageId, source, raw: bytes, receivedAt });
  }
  return out;
}
