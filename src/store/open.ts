/**
 * `--db` to a StateStore: a postgres:// or postgresql:// URL opens PostgreSQL, `sqlite:<path>`
 * or a plain path opens that SQLite file, nothing opens the default SQLite file
 * (defaultStatePath). The store is not migrated here: call migrate() before use.
 */
import { openPostgresStore } from './postgres.js';
import { redact } from './postgres-errors.js';
import { openSqliteStore } from './sqlite.js';
import { defaultStatePath } from './state-path.js';
import type { StateStore } from '../model/store.js';

export type StoreSpec = { kind: 'postgres'; url: string } | { kind: 'sqlite'; path: string };

/** What `--db` names; an unknown URL scheme is an error listing what is accepted. */
export function parseStoreSpec(spec: string | undefined, defaultPath: () => string = defaultStatePath): StoreSpec {
  if (spec === undefined || spec.trim() === '') return { kind: 'sqlite', path: defaultPath() };
  if (/^postgres(ql)?:\/\//i.test(spec)) return { kind: 'postgres', url: spec };
  if (/^sqlite:/i.test(spec)) {
    const path = spec.slice('sqlite:'.length);
    if (path === '') throw new Error('--db sqlite: needs a file path, e.g. --db sqlite:/var/lib/kvetch/kvetch.db');
    return { kind: 'sqlite', path };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(spec);
  if (scheme) {
    throw new Error(
      `unsupported --db ${redact(spec)}: use a SQLite file path (or sqlite:<path>) or a PostgreSQL URL postgres://user:password@host:port/database`,
    );
  }
  return { kind: 'sqlite', path: spec };
}

export async function openStore(spec?: string): Promise<StateStore> {
  const s = parseStoreSpec(spec);
  return s.kind === 'postgres' ? openPostgresStore(s.url) : openSqliteStore(s.path);
}
