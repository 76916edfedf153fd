/**
 * The state store a command works on: `--db`, else the config's `db`, else the default SQLite
 * file; migrated; with the state directory beside it (dry-run outboxes, mirrors). An error
 * says which store could not be opened.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../config/load.js';
import type { StateStore } from '../model/store.js';
import { openStore, parseStoreSpec } from '../store/open.js';
import { defaultStatePath } from '../store/state-path.js';

export async function openState(db: string | undefined): Promise<{ store: StateStore; stateDir: string }> {
  const spec = parseStoreSpec(db);
  const stateDir = spec.kind === 'sqlite' ? dirname(spec.path) : dirname(defaultStatePath());
  try {
    if (spec.kind === 'sqlite') mkdirSync(dirname(spec.path), { recursive: true });
    const store = await openStore(db);
    await store.migrate();
    return { store, stateDir };
  } catch (e) {
    throw new ConfigError(`cannot open the state store: ${(e as Error).message}`);
  }
}
