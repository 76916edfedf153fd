/**
 * The schema's history, oldest first. A migration is never edited once released: a change to
 * the schema is a new entry with the next version number. Each entry carries its SQL per
 * dialect; the stores record applied versions in `schema_migrations`.
 */
import { initial } from './001-initial.js';
import { optOuts } from './002-opt-outs.js';
import { records } from './003-records.js';
import { jobs } from './004-jobs.js';
import type { Migration } from './migration.js';

export type { Migration } from './migration.js';


export const MIGRATIONS: readonly Migration[] = [initial, optOuts, records, jobs];

/** The newest schema version this kvetch knows. */
export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** Which migrations are pending given the versions already applied; refuses a newer database. */
export function pendingMigrations(applied: readonly number[], where: string): Migration[] {
  const newest = applied.reduce((max, v) => Math.max(max, v), 0);
  if (newest > LATEST_VERSION) {
    throw new Error(
      `${where} has schema version ${newest} but this kvetch knows only up to ${LATEST_VERSION}: upgrade kvetch (a newer one migrated this database)`,
    );
  }
  const done = new Set(applied);
  return MIGRATIONS.filter((m) => !done.has(m.version)).sort((a, b) => a.version - b.version);
}

export const SCHEMA_MIGRATIONS_SQLITE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export const SCHEMA_MIGRATIONS_POSTGRES = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL
)`;
