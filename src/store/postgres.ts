/**
 * The StateStore for deployments where several workers share one PostgreSQL database (pg).
 * Every method is one transaction. claimNext locks its candidate with FOR UPDATE SKIP LOCKED,
 * so concurrent workers take different versions; migrate holds an advisory transaction lock so
 * workers starting together apply each migration once.
 */
import pg from 'pg';
import type { Finding } from '../model/finding.js';
import { pendingMigrations, SCHEMA_MIGRATIONS_POSTGRES } from './migrations/index.js';
import { explainPgError, pgTarget, type PgTarget } from './postgres-errors.js';
import {
  findingFromText, findingToText, inAskedOrder, isoDate, messageFromRow, optOutFromRow, optOutKey, publicationFromRow, seriesFromRow,
  type MessageRow, type OptOutRow, type PublicationRow, type SeriesRow,
} from './rows.js';
import type { MessageRecord } from '../model/record.js';
import type { Series } from '../model/series.js';
import type { OptOut, Publication, PublicationState, SeriesVersion, StateStore, StoredMessage, StoredRecord, VersionFilter } from '../model/store.js';
import * as mail from './postgres-mail.js';
import { DONE_MARKERS, reopens, VERSION_CONFLICT } from './reopen.js';
import * as jobs from './postgres-jobs.js';
import type { Job, JobEnd, JobState, NewJob } from '../model/jobs.js';

/** Key of the advisory lock migrate() holds (ASCII "kvetch"). */
const MIGRATE_LOCK = '118156252439400';

export async function openPostgresStore(url: string): Promise<StateStore> {
  const target = pgTarget(url);
  const pool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 10_000, allowExitOnIdle: true, application_name: 'kvetch' });
  // A pooled connection that dies while idle is replaced on next use; never an uncaught 'error'.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (e) {
    await pool.end().catch(() => {});
    throw explainPgError(e, target);
  }
  return new PostgresStore(pool, target);
}

type Client = pg.PoolClient;

/** A connection as the query function the mail half takes. */
function on(c: Client): mail.Query {
  return async <R extends object>(sql: string, params: unknown[] = []) => (await c.query(sql, params)).rows as R[];
}

class PostgresStore implements StateStore {
  constructor(private readonly pool: pg.Pool, private readonly target: PgTarget) {}

  /** Run `fn` in one transaction on one connection; rolled back if it throws or `keep` says no. */
  private async tx<T>(fn: (c: Client) => Promise<T>, keep: (t: T) => boolean = () => true): Promise<T> {
    let c: Client;
    try {
      c = await this.pool.connect();
    } catch (e) {
      throw explainPgError(e, this.target);
    }
    // A connection lost between two statements is reported by the next one, never as an uncaught 'error'.
    const ignore = (): void => {};
    c.on('error', ignore);
    try {
      await c.query('BEGIN');
      const out = await fn(c);
      await c.query(keep(out) ? 'COMMIT' : 'ROLLBACK');
      c.off('error', ignore);
      c.release();
      return out;
    } catch (e) {
      try {
        await c.query('ROLLBACK');
        c.off('error', ignore);
        c.release();
      } catch {
        c.off('error', ignore);
        c.release(true);
      }
      throw e instanceof Error && !('code' in e) && !/Connection terminated/.test(e.message) ? e : explainPgError(e, this.target);
    }
  }

  /** One statement (its own transaction), as the mail half takes it. */
  private readonly query: mail.Query = async <R extends object>(sql: string, params: unknown[] = []) => await this.q<R>(sql, params);

  /** One statement (its own transaction). */
  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (e) {
      throw explainPgError(e, this.target);
    }
  }

  async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`SELECT pg_advisory_xact_lock(${MIGRATE_LOCK})`);
      await c.query(SCHEMA_MIGRATIONS_POSTGRES);
      const applied = (await c.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => r.version);
      for (const m of pendingMigrations(applied, `PostgreSQL database "${this.target.database}" at ${this.target.host}:${this.target.port}`)) {
        await c.query(m.postgres);
        await c.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, now())', [m.version, m.name]);
      }
    });
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  async ingest(source: string, messages: readonly StoredMessage[], cursor: string | null, items: readonly string[] = []): Promise<string[]> {
    return this.tx((c) => mail.ingestMail(on(c), source, messages, cursor, items));
  }

  async seenItems(source: string, items: readonly string[]): Promise<Set<string>> {
    return mail.seenItems(this.query, source, items);
  }

  async getCursor(source: string): Promise<string | null> {
    const rows = await this.q<{ cursor_value: string }>('SELECT cursor_value FROM cursors WHERE source = $1', [source]);
    return rows[0]?.cursor_value ?? null;
  }

  async getMessages(messageIds: readonly string[]): Promise<StoredMessage[]> {
    if (messageIds.length === 0) return [];
    const rows = await this.q<MessageRow>('SELECT * FROM messages WHERE message_id = ANY($1::text[])', [[...new Set(messageIds)]]);
    return inAskedOrder(messageIds, rows.map(messageFromRow), (m) => m.messageId);
  }

  async getRecords(messageIds: readonly string[], since?: Date): Promise<StoredRecord[]> {
    return mail.getRecords(this.query, messageIds, since);
  }

  async putRecords(records: readonly MessageRecord[]): Promise<void> {
    await this.tx((c) => mail.putRecords(on(c), records));
  }

  async unassembled(limit: number): Promise<StoredRecord[]> {
    return mail.unassembled(this.query, limit);
  }

  async markAssembled(messageIds: readonly string[]): Promise<void> { await mail.markAssembled(this.query, messageIds); }
  async referencing(messageIds: readonly string[], since: Date): Promise<string[]> { return mail.referencing(this.query, messageIds, since); }
  async sentNear(author: string, from: Date, to: Date, since: Date): Promise<string[]> { return mail.sentNear(this.query, author, from, to, since); }

  async upsertSeriesVersion(v: Pick<SeriesVersion, 'key' | 'revision' | 'subject' | 'messageIds' | 'readyAt'> & { series?: Series }): Promise<void> {
    const readyAt = isoDate(v.readyAt, `readyAt of series ${v.key} v${v.revision}`);
    await this.tx(async (c) => {
      const [row] = (await c.query<{ state: string; message_ids: string }>('SELECT state, message_ids FROM series_versions WHERE series_key = $1 AND revision = $2 FOR UPDATE', [v.key, v.revision])).rows;
      if (row && reopens(row.state, JSON.parse(row.message_ids) as string[], v.messageIds)) {
        await c.query(`UPDATE series_versions SET state = 'waiting', completions = 0, claimed_by = NULL, lease_until = NULL WHERE series_key = $1 AND revision = $2`, [v.key, v.revision]);
        await c.query(`DELETE FROM publications WHERE series_key = $1 AND revision = $2 AND ${DONE_MARKERS}`, [v.key, v.revision]);
      }
      await c.query(
        `INSERT INTO series_versions (series_key, revision, subject, message_ids, state, ready_at, completions, series)
         VALUES ($1, $2, $3, $4, 'waiting', $5::timestamptz, 0, $6)
         ${VERSION_CONFLICT}`,
        [v.key, v.revision, v.subject, JSON.stringify(v.messageIds), readyAt, v.series ? JSON.stringify(v.series) : null],
      );
    });
  }

  async getSeriesVersion(key: string, revision: number): Promise<SeriesVersion | null> {
    const rows = await this.q<SeriesRow>('SELECT * FROM series_versions WHERE series_key = $1 AND revision = $2', [key, revision]);
    return rows[0] ? seriesFromRow(rows[0]) : null;
  }

  async listSeriesVersions(filter: VersionFilter = {}): Promise<SeriesVersion[]> {
    const done = filter.unpublishedOn?.map((c) => `${c}#done`) ?? null;
    if (done && done.length === 0) return [];
    const rows = await this.q<SeriesRow>(
      `SELECT v.* FROM series_versions v
       WHERE ($1::text IS NULL OR v.series_key = $1) AND ($2::text IS NULL OR v.state = $2)
         AND ($3::text[] IS NULL OR (SELECT count(*) FROM publications p
              WHERE p.series_key = v.series_key AND p.revision = v.revision AND p.target = '' AND p.channel = ANY($3::text[])) < cardinality($3::text[]))
       ORDER BY v.series_key COLLATE "C", v.revision`,
      [filter.key ?? null, filter.state ?? null, done],
    );
    return rows.map(seriesFromRow);
  }

  async claimNext(worker: string, now: Date, leaseMs: number): Promise<SeriesVersion | null> {
    const at = isoDate(now, 'now');
    const until = isoDate(new Date(now.getTime() + leaseMs), 'lease end');
    const rows = await this.tx(async (c) => {
      const r = await c.query<SeriesRow>(
        `WITH next AS (
           SELECT series_key, revision FROM series_versions
           WHERE (state IN ('waiting', 'ready') AND ready_at <= $1::timestamptz) OR (state = 'claimed' AND lease_until < $1::timestamptz)
           ORDER BY ready_at, series_key COLLATE "C", revision
           LIMIT 1 FOR UPDATE SKIP LOCKED)
         UPDATE series_versions s SET state = 'claimed', claimed_by = $2, lease_until = $3::timestamptz
         FROM next WHERE s.series_key = next.series_key AND s.revision = next.revision
         RETURNING s.*`,
        [at, worker, until],
      );
      return r.rows;
    });
    return rows[0] ? seriesFromRow(rows[0]) : null;
  }

  async complete(key: string, revision: number, worker: string, findings: readonly Finding[]): Promise<boolean> {
    const texts = findings.map(findingToText);
    return this.tx(
      async (c) => {
        const r = await c.query(
          `UPDATE series_versions SET state = 'done', completions = completions + 1, claimed_by = NULL, lease_until = NULL
           WHERE series_key = $1 AND revision = $2 AND state = 'claimed' AND claimed_by = $3`,
          [key, revision, worker],
        );
        if (r.rowCount !== 1) return false;
        await c.query('DELETE FROM findings WHERE series_key = $1 AND revision = $2', [key, revision]);
        await c.query(
          `INSERT INTO findings (series_key, revision, seq, finding)
           SELECT $1, $2, f.ord - 1, f.finding FROM unnest($3::text[]) WITH ORDINALITY AS f(finding, ord)`,
          [key, revision, texts],
        );
        return true;
      },
      (ok) => ok,
    );
  }

  async findings(key: string, revision: number): Promise<Finding[]> {
    const rows = await this.q<{ finding: string }>('SELECT finding FROM findings WHERE series_key = $1 AND revision = $2 ORDER BY seq', [key, revision]);
    return rows.map((r) => findingFromText(r.finding));
  }

  async putPublication(p: Omit<Publication, 'updatedAt' | 'attempts'> & { attempts?: number }): Promise<void> {
    await this.q(
      `INSERT INTO publications (series_key, revision, channel, target, state, fingerprint, external_id, payload, attempts, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::integer, 0), $10::timestamptz)
       ON CONFLICT (series_key, revision, channel, target) DO UPDATE SET
         state = excluded.state, fingerprint = excluded.fingerprint, external_id = excluded.external_id,
         payload = excluded.payload, attempts = coalesce($9::integer, publications.attempts), updated_at = excluded.updated_at`,
      [p.key, p.revision, p.channel, p.target, p.state, p.fingerprint, p.externalId ?? null, p.payload ?? null, p.attempts ?? null, new Date().toISOString()],
    );
  }

  async getPublication(key: string, revision: number, channel: string, target: string): Promise<Publication | null> {
    const rows = await this.q<PublicationRow>(
      'SELECT * FROM publications WHERE series_key = $1 AND revision = $2 AND channel = $3 AND target = $4',
      [key, revision, channel, target],
    );
    return rows[0] ? publicationFromRow(rows[0]) : null;
  }

  async listPublications(filter: { channel?: string; state?: PublicationState } = {}): Promise<Publication[]> {
    const rows = await this.q<PublicationRow>(
      `SELECT * FROM publications WHERE ($1::text IS NULL OR channel = $1) AND ($2::text IS NULL OR state = $2)
       ORDER BY series_key COLLATE "C", revision, channel COLLATE "C", target COLLATE "C"`,
      [filter.channel ?? null, filter.state ?? null],
    );
    return rows.map(publicationFromRow);
  }

  async addOptOut(o: { address: string; ruleId?: string }): Promise<boolean> {
    const k = optOutKey(o);
    const rows = await this.q<{ address: string }>(
      'INSERT INTO opt_outs (address, rule_id, created_at) VALUES ($1, $2, now()) ON CONFLICT (address, rule_id) DO NOTHING RETURNING address',
      [k.address, k.ruleId],
    );
    return rows.length > 0;
  }

  async listOptOuts(): Promise<OptOut[]> {
    const rows = await this.q<OptOutRow>('SELECT * FROM opt_outs ORDER BY address COLLATE "C", rule_id COLLATE "C"');
    return rows.map(optOutFromRow);
  }

  async claimPublishing(key: string, revision: number, channel: string, worker: string, now: Date, leaseMs: number): Promise<boolean> {
    const rows = await this.q<{ external_id: string }>(
      `INSERT INTO publications (series_key, revision, channel, target, state, fingerprint, external_id, payload, attempts, updated_at)
       VALUES ($1, $2, $3, '', 'intent', '', $4, NULL, 0, $5::timestamptz)
       ON CONFLICT (series_key, revision, channel, target) DO UPDATE SET external_id = excluded.external_id, updated_at = excluded.updated_at
         WHERE publications.external_id = excluded.external_id OR publications.updated_at < $6::timestamptz
       RETURNING external_id`,
      [key, revision, `${channel}#lock`, worker, new Date(now.getTime() + leaseMs).toISOString(), now.toISOString()],
    );
    return rows.length > 0;
  }

  async isOptedOut(address: string, ruleId?: string): Promise<boolean> {
    const k = optOutKey({ address, ...(ruleId !== undefined ? { ruleId } : {}) });
    const rows = await this.q("SELECT 1 FROM opt_outs WHERE address = $1 AND (rule_id = '' OR rule_id = $2) LIMIT 1", [k.address, k.ruleId]);
    return rows.length > 0;
  }

  async enqueueJob(j: NewJob, now: Date, supersedes?: string): Promise<{ queued: boolean; superseded: number }> { return this.tx((c) => jobs.enqueueJob(c, j, now, supersedes)); }
  async claimJob(queue: string, worker: string, now: Date, leaseMs: number): Promise<Job | null> { return this.tx((c) => jobs.claimJob(c, queue, worker, now, leaseMs)); }
  async renewJob(id: number, worker: string, now: Date, leaseMs: number): Promise<boolean> { return this.tx((c) => jobs.renewJob(c, id, worker, now, leaseMs)); }
  async finishJob(id: number, worker: string, end: JobEnd): Promise<boolean> { return this.tx((c) => jobs.finishJob(c, id, worker, end)); }
  async pruneJobs(queue: string, before: Date): Promise<number> { return this.tx((c) => jobs.pruneJobs(c, queue, before)); }
  async jobCounts(queue: string): Promise<Record<JobState, number>> { return this.tx((c) => jobs.jobCounts(c, queue)); }
  async listJobs(queue: string, state?: JobState, limit?: number): Promise<Job[]> { return this.tx((c) => jobs.listJobs(c, queue, state, limit)); }
}
