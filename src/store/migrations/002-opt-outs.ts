/**
 * Version 2: opt-outs of the email channel. A recipient address opts out of every analyzer
 * (rule_id '') or of one analyzer (rule_id = its id). Addresses are stored lower-cased.
 */
import type { Migration } from './migration.js';

const table = (t: { date: string }): string => `
CREATE TABLE opt_outs (
  address TEXT NOT NULL,
  rule_id TEXT NOT NULL DEFAULT '',
  created_at ${t.date} NOT NULL,
  PRIMARY KEY (address, rule_id)
);
`;

export const optOuts: Migration = {
  version: 2,
  name: 'opt-outs',
  sqlite: table({ date: 'TEXT' }),
  postgres: table({ date: 'TIMESTAMPTZ' }),
};
