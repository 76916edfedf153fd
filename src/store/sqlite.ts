/**
 * The default StateStore: one SQLite file (better-sqlite3), zero setup. WAL mode so readers do
 * not block the writer; every write is one `BEGIN IMMEDIATE` transaction, so several processes
 * sharing the file take turns (each waits up to BUSY_TIMEOUT_MS for the lock).
 */
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Finding } from '../model/finding.js';
import { pendingMigrations, SCHEMA_MIGRATIONS_SQLITE } from './migrations/index.js';
import {
  findingFromText, findingToText, inAskedOrder, isoDate, messageFromRow, optOutFromRow, optOutKey, publicationFromRow, seriesFromRow,
  type MessageRow, type OptOutRow, type PublicationRow, type SeriesRow,
} from './rows.js';
import type { MessageRecord } from '../model/record.js';
import type { Series } from '../model/series.js';
import type { OptOut, Publication, PublicationState, SeriesVersion, StateStore, StoredMessage, StoredRecord, VersionFilter } from '../model/store.js';
import { DONE_MARKERS, reopens, VERSION_CONFLICT } from './reopen.js';
import * as mail from './sqlite-mail.js';
import * as jobs from './sqlite-jobs.js';
import type { Job, JobEnd, JobState, NewJob } from '../model/jobs.js';

export const BUSY_TIMEOUT_MS = 15_000;

export async function openSqliteStore(path: string): Promise<StateStore> {
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (e) {
    throw new Error(`cannot open the SQLite state file ${path}: ${explain(e, path)}`);
  }
  return new SqliteStore(db, path);
}

function explain(e: unknown, path: string): string {
  const err = e as { code?: string; message?: string };
  if (err.code === 'SQLITE_NOTADB') return 'it is not a SQLite database; pass another file with --db';
  if (err.code === 'SQLITE_BUSY') return `it stayed locked by another process for ${BUSY_TIMEOUT_MS / 1000} s`;
  if (err.code === 'SQLITE_CANTOPEN') return `cannot open it (does the directory ${dirname(path)} exist and is it writable?); check --db`;
  return `${err.message ?? String(e)}; check --db`;
}

class SqliteStore implements StateStore {
  constructor(private readonly db: Database.Database, private readonly path: string) {}

  /** One write transaction (BEGIN IMMEDIATE: takes the write lock first, so concurrent writers queue). */
  private write<T>(fn: () => T): T {
    return this.wrap(() => this.db.transaction(fn).immediate());
  }

  /** One read transaction (a consistent snapshot across its statements). */
  private read<T>(fn: () => T): T {
    return this.wrap(() => this.db.transaction(fn).deferred());
  }

  private wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'SQLITE_BUSY' || code === 'SQLITE_NOTADB' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
        throw new Error(`SQLite state file ${this.path}: ${explain(e, this.path)}`);
      }
      if (typeof code === 'string' && (e as Error).message.startsWith('no such table')) {
        throw new Error(`SQLite state file ${this.path} has no kvetch schema yet (${(e as Error).message}): call migrate() first`);
      }
      throw e;
    }
  }

  async migrate(): Promise<void> {
    this.write(() => {
      this.db.exec(SCHEMA_MIGRATIONS_SQLITE);
      const applied = this.db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
      for (const m of pendingMigrations(applied, `SQLite state file ${this.path}`)) {
        this.db.exec(m.sqlite);
        this.db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
      }
    });
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  async ingest(source: string, messages: readonly StoredMessage[], cursor: string | null, items: readonly string[] = []): Promise<string[]> {
    return this.write(() => mail.ingestMail(this.db, source, messages, cursor, items));
  }

  async seenItems(source: string, items: readonly string[]): Promise<Set<string>> {
    return this.read(() => mail.seenItems(this.db, source, items));
  }

  async getCursor(source: string): Promise<string | null> {
    const v = this.read(() => this.db.prepare('SELECT cursor_value FROM cursors WHERE source = ?').pluck().get(source));
    return typeof v === 'string' ? v : null;
  }

  async getMessages(messageIds: readonly string[]): Promise<StoredMessage[]> {
    const rows = this.read(() => {
      const get = this.db.prepare('SELECT * FROM messages WHERE message_id = ?');
      return [...new Set(messageIds)].map((id) => get.get(id) as MessageRow | undefined).filter((r): r is MessageRow => r !== undefined);
    });
    return inAskedOrder(messageIds, rows.map(messageFromRow), (m) => m.messageId);
  }

  async getRecords(messageIds: readonly string[], since?: Date): Promise<StoredRecord[]> {
    return this.read(() => mail.getRecords(this.db, messageIds, since));
  }

  async putRecords(records: readonly MessageRecord[]): Promise<void> {
    this.write(() => mail.putRecords(this.db, records));
  }

  async unassembled(limit: number): Promise<StoredRecord[]> {
    return this.read(() => mail.unassembled(this.db, limit));
  }

  async markAssembled(messageIds: readonly string[]): Promise<void> { this.write(() => mail.markAssembled(this.db, messageIds)); }
  async referencing(messageIds: readonly string[], since: Date): Promise<string[]> { return this.read(() => mail.referencing(this.db, messageIds, since)); }
  async sentNear(author: string, from: Date, to: Date, since: Date): Promise<string[]> { return this.read(() => mail.sentNear(this.db, author, from, to, since)); }

  async upsertSeriesVersion(v: Pick<SeriesVersion, 'key' | 'revision' | 'subject' | 'messageIds' | 'readyAt'> & { series?: Series }): Promise<void> {
    const readyAt = isoDate(v.readyAt, `readyAt of series ${v.key} v${v.revision}`);
    this.write(() => {
      const row = this.db.prepare('SELECT state, message_ids FROM series_versions WHERE series_key = ? AND revision = ?').get(v.key, v.revision) as { state: string; message_ids: string } | undefined;
      if (row && reopens(row.state, JSON.parse(row.message_ids) as string[], v.messageIds)) {
        this.db.prepare(`UPDATE series_versions SET state = 'waiting', completions = 0, claimed_by = NULL, lease_until = NULL WHERE series_key = ? AND revision = ?`).run(v.key, v.revision);
        this.db.prepare(`DELETE FROM publications WHERE series_key = ? AND revision = ? AND ${DONE_MARKERS}`).run(v.key, v.revision);
      }
      this.db
        .prepare(
          `INSERT INTO series_versions (series_key, revision, subject, message_ids, state, ready_at, completions, series)
           VALUES (?, ?, ?, ?, 'waiting', ?, 0, ?)
           ${VERSION_CONFLICT}`,
        )
        .run(v.key, v.revision, v.subject, JSON.stringify(v.messageIds), readyAt, v.series ? JSON.stringify(v.series) : null);
    });
  }

  async getSeriesVersion(key: string, revision: number): Promise<SeriesVersion | null> {
    const row = this.read(() => this.db.prepare('SELECT * FROM series_versions WHERE series_key = ? AND revision = ?').get(key, revision) as SeriesRow | undefined);
    return row ? seriesFromRow(row) : null;
  }

  async listSeriesVersions(filter: VersionFilter = {}): Promise<SeriesVersion[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.key !== undefined) { where.push('v.series_key = ?'); params.push(filter.key); }
    if (filter.state !== undefined) { where.push('v.state = ?'); params.push(filter.state); }
    if (filter.unpublishedOn) {
      const done = filter.unpublishedOn.map((c) => `${c}#done`);
      if (done.length === 0) return [];
      where.push(`(SELECT count(*) FROM publications p WHERE p.series_key = v.series_key AND p.revision = v.revision AND p.target = '' AND p.channel IN (${done.map(() => '?').join(', ')})) < ?`);
      params.push(...done, done.length);
    }
    const sql = `SELECT v.* FROM series_versions v ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.series_key, v.revision`;
    return this.read(() => this.db.prepare(sql).all(...params) as SeriesRow[]).map(seriesFromRow);
  }

  async claimNext(worker: string, now: Date, leaseMs: number): Promise<SeriesVersion | null> {
    const at = isoDate(now, 'now');
    const until = isoDate(new Date(now.getTime() + leaseMs), 'lease end');
    const row = this.write(() => {
      const next = this.db
        .prepare(
          `SELECT series_key, revision FROM series_versions
           WHERE (state IN ('waiting', 'ready') AND ready_at <= ?) OR (state = 'claimed' AND lease_until < ?)
           ORDER BY ready_at, series_key, revision LIMIT 1`,
        )
        .get(at, at) as { series_key: string; revision: number } | undefined;
      if (!next) return undefined;
      return this.db
        .prepare(`UPDATE series_versions SET state = 'claimed', claimed_by = ?, lease_until = ? WHERE series_key = ? AND revision = ? RETURNING *`)
        .get(worker, until, next.series_key, next.revision) as SeriesRow;
    });
    return row ? seriesFromRow(row) : null;
  }

  async complete(key: string, revision: number, worker: string, findings: readonly Finding[]): Promise<boolean> {
    const texts = findings.map(findingToText);
    return this.write(() => {
      const r = this.db
        .prepare(
          `UPDATE series_versions SET state = 'done', completions = completions + 1, claimed_by = NULL, lease_until = NULL
           WHERE series_key = ? AND revision = ? AND state = 'claimed' AND claimed_by = ?`,
        )
        .run(key, revision, worker);
      if (r.changes === 0) return false;
      this.db.prepare('DELETE FROM findings WHERE series_key = ? AND revision = ?').run(key, revision);
      const insert = this.db.prepare('INSERT INTO findings (series_key, revision, seq, finding) VALUES (?, ?, ?, ?)');
      texts.forEach((t, i) => insert.run(key, revision, i, t));
      return true;
    });
  }

  async findings(key: string, revision: number): Promise<Finding[]> {
    const texts = this.read(
      () => this.db.prepare('SELECT finding FROM findings WHERE series_key = ? AND revision = ? ORDER BY seq').pluck().all(key, revision) as string[],
    );
    return texts.map(findingFromText);
  }

  async putPublication(p: Omit<Publication, 'updatedAt' | 'attempts'> & { attempts?: number }): Promise<void> {
    const now = new Date().toISOString();
    this.write(() => {
      this.db
        .prepare(
          `INSERT INTO publications (series_key, revision, channel, target, state, fingerprint, external_id, payload, attempts, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, 0), ?)
           ON CONFLICT (series_key, revision, channel, target) DO UPDATE SET
             state = excluded.state, fingerprint = excluded.fingerprint, external_id = excluded.external_id,
             payload = excluded.payload, attempts = coalesce(?, publications.attempts), updated_at = excluded.updated_at`,
        )
        .run(p.key, p.revision, p.channel, p.target, p.state, p.fingerprint, p.externalId ?? null, p.payload ?? null, p.attempts ?? null, now, p.attempts ?? null);
    });
  }

  async getPublication(key: string, revision: number, channel: string, target: string): Promise<Publication | null> {
    const row = this.read(
      () =>
        this.db
          .prepare('SELECT * FROM publications WHERE series_key = ? AND revision = ? AND channel = ? AND target = ?')
          .get(key, revision, channel, target) as PublicationRow | undefined,
    );
    return row ? publicationFromRow(row) : null;
  }

  async listPublications(filter: { channel?: string; state?: PublicationState } = {}): Promise<Publication[]> {
    const rows = this.read(
      () =>
        this.db
          .prepare(
            `SELECT * FROM publications WHERE (@channel IS NULL OR channel = @channel) AND (@state IS NULL OR state = @state)
             ORDER BY series_key, revision, channel, target`,
          )
          .all({ channel: filter.channel ?? null, state: filter.state ?? null }) as PublicationRow[],
    );
    return rows.map(publicationFromRow);
  }

  async addOptOut(o: { address: string; ruleId?: string }): Promise<boolean> {
    const k = optOutKey(o);
    const r = this.write(() =>
      this.db
        .prepare('INSERT INTO opt_outs (address, rule_id, created_at) VALUES (?, ?, ?) ON CONFLICT (address, rule_id) DO NOTHING')
        .run(k.address, k.ruleId, new Date().toISOString()),
    );
    return r.changes > 0;
  }

  async listOptOuts(): Promise<OptOut[]> {
    const rows = this.read(() => this.db.prepare('SELECT * FROM opt_outs ORDER BY address, rule_id').all() as OptOutRow[]);
    return rows.map(optOutFromRow);
  }

  async claimPublishing(key: string, revision: number, channel: string, worker: string, now: Date, leaseMs: number): Promise<boolean> {
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const row = this.write(() =>
      this.db
        .prepare(
          `INSERT INTO publications (series_key, revision, channel, target, state, fingerprint, external_id, payload, attempts, updated_at)
           VALUES (?, ?, ?, '', 'intent', '', ?, NULL, 0, ?)
           ON CONFLICT (series_key, revision, channel, target) DO UPDATE SET external_id = excluded.external_id, updated_at = excluded.updated_at
             WHERE publications.external_id = excluded.external_id OR publications.updated_at < ?
           RETURNING external_id`,
        )
        .get(key, revision, `${channel}#lock`, worker, until, now.toISOString()),
    );
    return row !== undefined;
  }

  async isOptedOut(address: string, ruleId?: string): Promise<boolean> {
    const k = optOutKey({ address, ...(ruleId !== undefined ? { ruleId } : {}) });
    const hit = this.read(() =>
      this.db.prepare("SELECT 1 FROM opt_outs WHERE address = ? AND (rule_id = '' OR rule_id = ?) LIMIT 1").get(k.address, k.ruleId),
    );
    return hit !== undefined;
  }

  async enqueueJob(j: NewJob, now: Date, supersedes?: string): Promise<{ queued: boolean; superseded: number }> { return this.write(() => jobs.enqueueJob(this.db, j, now, supersedes)); }
  async claimJob(queue: string, worker: string, now: Date, leaseMs: number): Promise<Job | null> { return this.write(() => jobs.claimJob(this.db, queue, worker, now, leaseMs)); }
  async renewJob(id: number, worker: string, now: Date, leaseMs: number): Promise<boolean> { return this.write(() => jobs.renewJob(this.db, id, worker, now, leaseMs)); }
  async finishJob(id: number, worker: string, end: JobEnd): Promise<boolean> { return this.write(() => jobs.finishJob(this.db, id, worker, end)); }
  async pruneJobs(queue: string, before: Date): Promise<number> { return this.write(() => jobs.pruneJobs(this.db, queue, before)); }
  async jobCounts(queue: string): Promise<Record<JobState, number>> { return this.read(() => jobs.jobCounts(this.db, queue)); }
  async listJobs(queue: string, state?: JobState, limit?: number): Promise<Job[]> { return this.read(() => jobs.listJobs(this.db, queue, state, limit)); }
}
