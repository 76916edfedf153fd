/**
 * The mail half of the PostgreSQL store: intake with records, references and taken items, and
 * the lookups incremental assembly makes. Each function runs its statements on the connection
 * it is given (the caller's transaction).
 */
import type { MessageRecord } from '../model/record.js';
import type { StoredMessage, StoredRecord } from '../model/store.js';
import { firstOfEach, inAskedOrder, isoDate, RECORD_FORMAT, recordColumns, storedRecordFromRow, type RecordRow } from './rows.js';

export type Query = <R extends object>(sql: string, params?: unknown[]) => Promise<R[]>;

const RECORD_COLUMNS = 'message_id, source, received_at, seq, record, record_format';

export async function ingestMail(q: Query, source: string, messages: readonly StoredMessage[], cursor: string | null, items: readonly string[]): Promise<string[]> {
  const ms = firstOfEach(messages);
  const cols = ms.map((m) => recordColumns(m.record));
  const fresh = await q<{ message_id: string }>(
    `INSERT INTO messages (message_id, source, raw, received_at, record, record_format, author, sent_at, assembled)
     SELECT id, src, raw, at, rec, fmt, author, sent, 0
     FROM unnest($1::text[], $2::text[], $3::bytea[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       WITH ORDINALITY AS u(id, src, raw, at, rec, fmt, author, sent, ord)
     ORDER BY ord
     ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
    [
      ms.map((m) => m.messageId),
      ms.map((m) => m.source),
      ms.map((m) => m.raw),
      ms.map((m) => isoDate(m.receivedAt, `receivedAt of message ${m.messageId}`)),
      cols.map((c) => c.json),
      cols.map((c) => (c.json ? RECORD_FORMAT : '')),
      cols.map((c) => c.author),
      cols.map((c) => c.sentAt),
    ],
  );
  const isFresh = new Set(fresh.map((r) => r.message_id));
  const refs = ms.flatMap((m, i) => (isFresh.has(m.messageId) ? (cols[i]?.refs ?? []).map((ref) => [ref, m.messageId] as const) : []));
  await insertRefs(q, refs);
  if (cursor !== null) {
    await q('INSERT INTO cursors (source, cursor_value) VALUES ($1, $2) ON CONFLICT (source) DO UPDATE SET cursor_value = excluded.cursor_value', [source, cursor]);
  }
  if (items.length > 0) await q('INSERT INTO source_items (source, item) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING', [source, [...items]]);
  return inAskedOrder(ms.map((m) => m.messageId), [...isFresh], (id) => id);
}

async function insertRefs(q: Query, refs: readonly (readonly [string, string])[]): Promise<void> {
  if (refs.length === 0) return;
  await q('INSERT INTO message_refs (ref, message_id) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [refs.map((r) => r[0]), refs.map((r) => r[1])]);
}

export async function seenItems(q: Query, source: string, items: readonly string[]): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  return new Set((await q<{ item: string }>('SELECT item FROM source_items WHERE source = $1 AND item = ANY($2::text[])', [source, [...new Set(items)]])).map((r) => r.item));
}

export async function getRecords(q: Query, ids: readonly string[], since?: Date): Promise<StoredRecord[]> {
  if (ids.length === 0) return [];
  const rows = await q<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM messages WHERE message_id = ANY($1::text[]) AND ($2::timestamptz IS NULL OR received_at >= $2::timestamptz)`, [
    [...new Set(ids)],
    since ? isoDate(since, 'since') : null,
  ]);
  return inAskedOrder(ids, rows.map(storedRecordFromRow), (r) => r.messageId);
}

export async function putRecords(q: Query, records: readonly MessageRecord[]): Promise<void> {
  const refs: (readonly [string, string])[] = [];
  for (const r of records) {
    const c = recordColumns(r);
    const done = await q('UPDATE messages SET record = $1, record_format = $2, author = $3, sent_at = $4::timestamptz WHERE message_id = $5 RETURNING 1', [c.json, RECORD_FORMAT, c.author, c.sentAt, r.messageId]);
    if (done.length > 0) refs.push(...c.refs.map((ref) => [ref, r.messageId] as const));
  }
  await insertRefs(q, refs);
}

export async function unassembled(q: Query, limit: number): Promise<StoredRecord[]> {
  return (await q<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM messages WHERE assembled = 0 ORDER BY seq LIMIT $1`, [limit])).map(storedRecordFromRow);
}

export async function markAssembled(q: Query, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await q('UPDATE messages SET assembled = 1 WHERE message_id = ANY($1::text[])', [[...new Set(ids)]]);
}

export async function referencing(q: Query, ids: readonly string[], since: Date): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await q<{ message_id: string }>(
    'SELECT DISTINCT r.message_id FROM message_refs r JOIN messages m ON m.message_id = r.message_id WHERE r.ref = ANY($1::text[]) AND m.received_at >= $2::timestamptz',
    [[...new Set(ids)], isoDate(since, 'since')],
  );
  return rows.map((r) => r.message_id);
}

export async function sentNear(q: Query, author: string, from: Date, to: Date, since: Date): Promise<string[]> {
  const rows = await q<{ message_id: string }>(
    'SELECT message_id FROM messages WHERE author = $1 AND sent_at BETWEEN $2::timestamptz AND $3::timestamptz AND received_at >= $4::timestamptz ORDER BY seq',
    [author, isoDate(from, 'from'), isoDate(to, 'to'), isoDate(since, 'since')],
  );
  return rows.map((r) => r.message_id);
}
