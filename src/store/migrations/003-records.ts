/**
 * Version 3: the incremental daemon. A mail is parsed once, at intake: its record (JSON) is
 * kept beside the raw mail with the record format it was written in, its author and Date (for
 * series joined by subject markers), its In-Reply-To/References (message_refs, for the mails
 * a new one touches), its arrival order (seq) and whether it was assembled yet. Mail stored
 * before this version keeps a NULL record (parsed again if ever needed) and counts as
 * assembled. Series versions keep the series as assembled. source_items records what a source
 * took (maildir file names).
 */
import type { Migration } from './migration.js';

const sql = (t: { date: string; serial: string; seqFill: string }): string => `
ALTER TABLE messages ADD COLUMN record TEXT;
ALTER TABLE messages ADD COLUMN record_format TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN author TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN sent_at ${t.date};
ALTER TABLE messages ADD COLUMN assembled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE messages ADD COLUMN seq ${t.serial};
${t.seqFill}
CREATE INDEX messages_seq ON messages (seq);
CREATE INDEX messages_unassembled ON messages (seq) WHERE assembled = 0;
CREATE INDEX messages_author_sent ON messages (author, sent_at);

CREATE TABLE message_refs (
  ref TEXT NOT NULL,
  message_id TEXT NOT NULL,
  PRIMARY KEY (ref, message_id)
);

CREATE TABLE source_items (
  source TEXT NOT NULL,
  item TEXT NOT NULL,
  PRIMARY KEY (source, item)
);

ALTER TABLE series_versions ADD COLUMN series TEXT;
`;

export const records: Migration = {
  version: 3,
  name: 'records',
  sqlite: sql({ date: 'TEXT', serial: 'INTEGER', seqFill: 'UPDATE messages SET seq = rowid;' }),
  postgres: sql({ date: 'TIMESTAMPTZ', serial: 'BIGSERIAL', seqFill: '' }),
};
