/**
 * Version 1: mail, cursors, series versions, findings, publications.
 * SQLite keeps dates as ISO-8601 text (`toISOString()`, UTC, milliseconds: sorts as it compares)
 * and raw mail as BLOB; PostgreSQL uses timestamptz and bytea. Findings and message-id lists
 * are JSON text in both.
 */
import type { Migration } from './migration.js';

const tables = (t: { blob: string; date: string }): string => `
CREATE TABLE messages (
  message_id TEXT NOT NULL PRIMARY KEY,
  source TEXT NOT NULL,
  raw ${t.blob} NOT NULL,
  received_at ${t.date} NOT NULL
);
CREATE INDEX messages_received_at ON messages (received_at);

CREATE TABLE cursors (
  source TEXT NOT NULL PRIMARY KEY,
  cursor_value TEXT NOT NULL
);

CREATE TABLE series_versions (
  series_key TEXT NOT NULL,
  revision INTEGER NOT NULL,
  subject TEXT NOT NULL,
  message_ids TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('waiting', 'ready', 'claimed', 'done')),
  ready_at ${t.date} NOT NULL,
  claimed_by TEXT,
  lease_until ${t.date},
  completions INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (series_key, revision)
);
CREATE INDEX series_versions_claimable ON series_versions (state, ready_at);

CREATE TABLE findings (
  series_key TEXT NOT NULL,
  revision INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  finding TEXT NOT NULL,
  PRIMARY KEY (series_key, revision, seq),
  FOREIGN KEY (series_key, revision) REFERENCES series_versions (series_key, revision) ON DELETE CASCADE
);

CREATE TABLE publications (
  series_key TEXT NOT NULL,
  revision INTEGER NOT NULL,
  channel TEXT NOT NULL,
  target TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('intent', 'sent', 'failed', 'skipped')),
  fingerprint TEXT NOT NULL,
  external_id TEXT,
  payload TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  updated_at ${t.date} NOT NULL,
  PRIMARY KEY (series_key, revision, channel, target)
);
CREATE INDEX publications_channel_state ON publications (channel, state);
`;

export const initial: Migration = {
  version: 1,
  name: 'initial',
  sqlite: tables({ blob: 'BLOB', date: 'TEXT' }),
  postgres: tables({ blob: 'BYTEA', date: 'TIMESTAMPTZ' }),
};
