/**
 * The mail half of the SQLite store: intake with records, references and taken items, and the
 * lookups incremental assembly makes. Each function runs inside the caller's transaction.
 */
import type Database from 'better-sqlite3';
import type { MessageRecord } from '../model/record.js';
import type { StoredMessage, StoredRecord } from '../model/store.js';
import { firstOfEach, inAskedOrder, isoDate, RECORD_FORMAT, recordColumns, storedRecordFromRow, type RecordRow } from './rows.js';

type Db = Database.Database;

const CHUNK = 500;
const RECORD_COLUMNS = 'message_id, source, received_at, seq, record, record_format';

/** `fn` over the ids `CHUNK` at a time (SQLite limits bound parameters); the results joined. */
function chunked<T>(ids: readonly string[], fn: (part: string[], marks: string) => T[]): T[] {
  const out: T[] = [];
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const part = unique.slice(i, i + CHUNK);
    out.push(...fn(part, part.map(() => '?').join(', ')));
  }
  return out;
}

export function ingestMail(db: Db, source: string, messages: readonly StoredMessage[], cursor: string | null, items: readonly string[]): string[] {
  const insert = db.prepare(
    `INSERT INTO messages (message_id, source, raw, received_at, record, record_format, author, sent_at, assembled, seq)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, (SELECT coalesce(max(seq), 0) + 1 FROM messages))
     ON CONFLICT (message_id) DO NOTHING`,
  );
  const ref = db.prepare('INSERT INTO message_refs (ref, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const fresh: string[] = [];
  for (const m of firstOfEach(messages)) {
    const c = recordColumns(m.record);
    const r = insert.run(m.messageId, m.source, m.raw, isoDate(m.receivedAt, `receivedAt of message ${m.messageId}`), c.json, c.json ? RECORD_FORMAT : '', c.author, c.sentAt);
    if (r.changes === 0) continue;
    fresh.push(m.messageId);
    for (const x of c.refs) ref.run(x, m.messageId);
  }
  if (cursor !== null) {
    db.prepare('INSERT INTO cursors (source, cursor_value) VALUES (?, ?) ON CONFLICT (source) DO UPDATE SET cursor_value = excluded.cursor_value').run(source, cursor);
  }
  const item = db.prepare('INSERT INTO source_items (source, item) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const i of items) item.run(source, i);
  return fresh;
}

export function seenItems(db: Db, source: string, items: readonly string[]): Set<string> {
  return new Set(chunked(items, (part, marks) => db.prepare(`SELECT item FROM source_items WHERE source = ? AND item IN (${marks})`).pluck().all(source, ...part) as string[]));
}

export function getRecords(db: Db, ids: readonly string[], since?: Date): StoredRecord[] {
  const from = since ? isoDate(since, 'since') : '';
  const rows = chunked(ids, (part, marks) => db.prepare(`SELECT ${RECORD_COLUMNS} FROM messages WHERE message_id IN (${marks}) AND received_at >= ?`).all(...part, from) as RecordRow[]);
  return inAskedOrder(ids, rows.map(storedRecordFromRow), (r) => r.messageId);
}

export function putRecords(db: Db, records: readonly MessageRecord[]): void {
  const update = db.prepare('UPDATE messages SET record = ?, record_format = ?, author = ?, sent_at = ? WHERE message_id = ?');
  const ref = db.prepare('INSERT INTO message_refs (ref, message_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  for (const r of records) {
    const c = recordColumns(r);
    if (update.run(c.json, RECORD_FORMAT, c.author, c.sentAt, r.messageId).changes === 0) continue;
    for (const x of c.refs) ref.run(x, r.messageId);
  }
}

export function unassembled(db: Db, limit: number): StoredRecord[] {
  return (db.prepare(`SELECT ${RECORD_COLUMNS} FROM messages WHERE assembled = 0 ORDER BY seq LIMIT ?`).all(limit) as RecordRow[]).map(storedRecordFromRow);
}

export function markAssembled(db: Db, ids: readonly string[]): void {
  chunked(ids, (part, marks) => (db.prepare(`UPDATE messages SET assembled = 1 WHERE message_id IN (${marks})`).run(...part), []));
}

export function referencing(db: Db, ids: readonly string[], since: Date): string[] {
  const from = isoDate(since, 'since');
  return [
    ...new Set(
      chunked(ids, (part, marks) =>
        db.prepare(`SELECT r.message_id FROM message_refs r JOIN messages m ON m.message_id = r.message_id WHERE r.ref IN (${marks}) AND m.received_at >= ?`).pluck().all(...part, from) as string[],
      ),
    ),
  ];
}

export function sentNear(db: Db, author: string, from: Date, to: Date, since: Date): string[] {
  return db
    .prepare('SELECT message_id FROM messages WHERE author = ? AND sent_at >= ? AND sent_at <= ? AND received_at >= ? ORDER BY seq')
    .pluck()
    .all(author, isoDate(from, 'from'), isoDate(to, 'to'), isoDate(since, 'since')) as string[];
}
