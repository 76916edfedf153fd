/**
 * Opt-out commands arriving as mail: a message on a followed list (or to the bot) whose body
 * has a line `kvetch: opt-out [<analyzer>|digest]` records an opt-out for its sender. Read from the
 * records of newly stored mail (intake kept the command lines) when the email channel is on.
 */
import { ANALYZERS } from '../analyzers/index.js';
import type { Log } from '../model/log.js';
import type { StateStore, StoredMessage } from '../model/store.js';
import { optOutRules, parseOptOutCommand, recordOptOut } from '../report/email/opt-out.js';

export async function takeOptOutCommands(store: StateStore, mails: readonly StoredMessage[], botAddress: string, log: Log): Promise<number> {
  const knownRules = optOutRules(ANALYZERS.map((a) => a.meta.id));
  let n = 0;
  for (const m of mails) {
    if (!m.record?.reply?.commands.length) continue;
    const parsed = parseOptOutCommand(m.record, { knownRules, botAddress });
    for (const r of parsed.requests) {
      const done = await recordOptOut(store, r, { knownRules });
      log.info({ address: done.address, rule: done.ruleId ?? '*', added: done.added, messageId: m.messageId }, 'opt-out by mail');
      n++;
    }
    for (const x of parsed.rejected) log.warn({ sender: parsed.sender, line: x.line, why: x.why, messageId: m.messageId }, 'opt-out command not taken');
  }
  return n;
}
