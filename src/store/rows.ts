/**
 * Rows of both SQL stores to and from the StateStore types. SQLite hands dates back as ISO
 * text, PostgreSQL as Date; both become Date here. Nothing here talks to a database.
 */
import type { Finding } from '../model/finding.js';
import type { MessageRecord } from '../model/record.js';
import type { Series } from '../model/series.js';
import type { OptOut, Publication, PublicationState, SeriesState, SeriesVersion, StoredMessage, StoredRecord } from '../model/store.js';
import { packageVersion } from '../util/version.js';

/**
 * The format of stored records: a record written by another kvetch (whose analyzers may keep
 * other facts) reads as null, and the mail is parsed again when needed.
 */
export const RECORD_FORMAT = `3/${packageVersion()}`;

type DateValue = string | Date;

export interface RecordRow {
  message_id: string;
  source: string;
  received_at: DateValue;
  /** PostgreSQL hands a bigint back as text. */
  seq: number | string;
  record: string | null;
  record_format: string;
}

export interface MessageRow extends RecordRow {
  raw: Buffer | Uint8Array;
}

export interface SeriesRow {
  series_key: string;
  revision: number;
  subject: string;
  message_ids: string;
  state: string;
  ready_at: DateValue;
  claimed_by: string | null;
  lease_until: DateValue | null;
  completions: number;
  series: string | null;
}

export interface PublicationRow {
  series_key: string;
  revision: number;
  channel: string;
  target: string;
  state: string;
  fingerprint: string;
  external_id: string | null;
  payload: string | null;
  attempts: number;
  updated_at: DateValue;
}

export interface OptOutRow {
  address: string;
  rule_id: string;
  created_at: DateValue;
}

/** An opt-out's key as stored: the address lower-cased and trimmed, '' for every analyzer. */
export function optOutKey(o: { address: string; ruleId?: string }): { address: string; ruleId: string } {
  const address = o.address.trim().toLowerCase();
  if (!address) throw new Error('an opt-out needs a recipient address');
  return { address, ruleId: (o.ruleId ?? '').trim() };
}

export function optOutFromRow(r: OptOutRow): OptOut {
  const o: OptOut = { address: r.address, createdAt: toDate(r.created_at) };
  if (r.rule_id !== '') o.ruleId = r.rule_id;
  return o;
}

/** A Date as stored text (UTC, millisecond precision); an invalid Date is an error naming `what`. */
export function isoDate(d: Date, what: string): string {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new Error(`${what} is not a valid date: ${String(d)}`);
  return d.toISOString();
}

function toDate(v: DateValue): Date {
  return v instanceof Date ? v : new Date(v);
}

function recordOf(r: RecordRow): MessageRecord | null {
  return r.record !== null && r.record_format === RECORD_FORMAT ? (JSON.parse(r.record) as MessageRecord) : null;
}

export function messageFromRow(r: MessageRow): StoredMessage {
  const raw = Buffer.isBuffer(r.raw) ? r.raw : Buffer.from(r.raw);
  return { messageId: r.message_id, source: r.source, raw, receivedAt: toDate(r.received_at), record: recordOf(r) };
}

export function storedRecordFromRow(r: RecordRow): StoredRecord {
  return { messageId: r.message_id, source: r.source, receivedAt: toDate(r.received_at), seq: Number(r.seq), record: recordOf(r) };
}

/** What the stores keep of a record beside it: its JSON, its author and Date, the ids it names. */
export function recordColumns(record: MessageRecord | null): { json: string | null; author: string; sentAt: string | null; refs: string[] } {
  if (!record) return { json: null, author: '', sentAt: null, refs: [] };
  const refs = [...new Set([...record.references, ...(record.inReplyTo ? [record.inReplyTo] : [])])];
  const sent = record.date ? new Date(record.date) : null;
  return { json: JSON.stringify(record), author: record.authorAddress, sentAt: sent && !Number.isNaN(sent.getTime()) ? sent.toISOString() : null, refs };
}

export function seriesFromRow(r: SeriesRow): SeriesVersion {
  const v: SeriesVersion = {
    key: r.series_key,
    revision: Number(r.revision),
    subject: r.subject,
    messageIds: JSON.parse(r.message_ids) as string[],
    state: r.state as SeriesState,
    readyAt: toDate(r.ready_at),
    completions: Number(r.completions),
  };
  if (r.series !== null) v.series = JSON.parse(r.series) as Series;
  if (r.claimed_by !== null) v.claimedBy = r.claimed_by;
  if (r.lease_until !== null) v.leaseUntil = toDate(r.lease_until);
  return v;
}

export function publicationFromRow(r: PublicationRow): Publication {
  const p: Publication = {
    key: r.series_key,
    revision: Number(r.revision),
    channel: r.channel,
    target: r.target,
    state: r.state as PublicationState,
    fingerprint: r.fingerprint,
    attempts: Number(r.attempts),
    updatedAt: toDate(r.updated_at),
  };
  if (r.external_id !== null) p.externalId = r.external_id;
  if (r.payload !== null) p.payload = r.payload;
  return p;
}

export function findingToText(f: Finding): string {
  return JSON.stringify(f);
}

export function findingFromText(text: string): Finding {
  return JSON.parse(text) as Finding;
}

/** Keep the first message of each Message-ID, in input order. */
export function firstOfEach(messages: readonly StoredMessage[]): StoredMessage[] {
  const seen = new Set<string>();
  return messages.filter((m) => (seen.has(m.messageId) ? false : (seen.add(m.messageId), true)));
}

/** Rows found for the asked ids, in the order asked (ids not found are left out). */
export function inAskedOrder<T>(ids: readonly string[], found: readonly T[], idOf: (t: T) => string): T[] {
  const byId = new Map(found.map((t) => [idOf(t), t]));
  const out: T[] = [];
  for (const id of new Set(ids)) {
    const t = byId.get(id);
    if (t !== undefined) out.push(t);
  }
  return out;
}
