/**
 * `kvetch opt-out <address> [--rule <id>]`: record that an address wants no mail from kvetch
 * (or none about one analyzer, or, with `--rule digest`, no weekly digest).
 */
import { ANALYZERS } from '../../analyzers/index.js';
import { ConfigError } from '../../config/load.js';
import { optOutRules, recordOptOut } from '../../report/email/opt-out.js';
import { openState } from '../open-state.js';
import { EXIT_CLEAN } from '../exit-codes.js';

export async function optOutCommand(address: string, o: { rule?: string; db?: string }): Promise<number> {
  const { store } = await openState(o.db);
  try {
    const r = await recordOptOut(store, { address, ...(o.rule ? { ruleId: o.rule } : {}) }, { knownRules: optOutRules(ANALYZERS.map((a) => a.meta.id)) });
    process.stdout.write(`${r.message}\n`);
    return EXIT_CLEAN;
  } catch (e) {
    throw new ConfigError((e as Error).message);
  } finally {
    await store.close();
  }
}
