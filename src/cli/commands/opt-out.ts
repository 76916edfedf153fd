/** `kvetch opt-out <address> [--rule <id>]`: record that an address wants no mail from kvetch (or none about one analyzer). */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ANALYZERS } from '../../analyzers/index.js';
import { ConfigError } from '../../config/load.js';
import { recordOptOut } from '../../report/email/opt-out.js';
import { openStore, parseStoreSpec } from '../../store/open.js';
import { EXIT_CLEAN } from '../exit-codes.js';

export async function optOutCommand(address: string, o: { rule?: string; db?: string }): Promise<number> {
  const spec = parseStoreSpec(o.db);
  if (spec.kind === 'sqlite') mkdirSync(dirname(spec.path), { recursive: true });
  let store;
  try {
    store = await openStore(o.db);
    await store.migrate();
  } catch (e) {
    throw new ConfigError(`cannot open the state store: ${(e as Error).message}`);
  }
  try {
    const r = await recordOptOut(store, { address, ...(o.rule ? { ruleId: o.rule } : {}) }, { knownRules: ANALYZERS.map((a) => a.meta.id) });
    process.stdout.write(`${r.message}\n`);
    return EXIT_CLEAN;
  } catch (e) {
    throw new ConfigError((e as Error).message);
  } finally {
    await store.close();
  }
}
