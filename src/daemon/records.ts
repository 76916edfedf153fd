/**
 * Stored records, ready to use: a mail stored by an older kvetch (no record, or one of another
 * format, whose analyzers kept other facts) is parsed again here, once, and its new record kept.
 */
import type { MessageRecord } from '../model/record.js';
import type { StateStore, StoredRecord } from '../model/store.js';
import { intake } from './intake.js';

export type LoadedRecord = StoredRecord & { record: MessageRecord };

/** The records of these mails (received at or after `since`, when given), in the order asked. */
export async function loadRecords(store: StateStore, messageIds: readonly string[], since?: Date): Promise<LoadedRecord[]> {
  return withRecords(store, await store.getRecords(messageIds, since));
}

export async function withRecords(store: StateStore, rows: readonly StoredRecord[]): Promise<LoadedRecord[]> {
  const stale = rows.filter((r) => r.record === null);
  if (stale.length > 0) {
    const again = new Map<string, MessageRecord>();
    for (const m of await store.getMessages(stale.map((r) => r.messageId))) {
      const [parsed] = await intake([m.raw], m.source, m.receivedAt);
      // Stored under its Message-ID; a mail whose id was derived keeps the stored one.
      if (parsed?.record) again.set(m.messageId, { ...parsed.record, messageId: m.messageId });
    }
    await store.putRecords([...again.values()]);
    return rows.flatMap((r) => {
      const record = r.record ?? again.get(r.messageId);
      return record ? [{ ...r, record }] : [];
    });
  }
  return rows as LoadedRecord[];
}
