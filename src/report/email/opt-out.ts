/**
 * Opt-outs: a recipient asks not to be mailed about every analyzer or about one. They arrive
 * as a mail to the bot (a line `kvetch: opt-out` or `kvetch: opt-out <analyzer>`, at the start
 * of a line, not quoted) or from the CLI (`kvetch opt-out <address> [--rule id]`), and are
 * kept in the store. applyOptOuts decides a reply's findings and Cc from them (pure).
 * The weekly digest has its own opt-out, `digest` in place of an analyzer id; opting out of
 * everything stops the digest too.
 */
import type { Finding } from '../../model/finding.js';
import type { Address, MessageRecord } from '../../model/record.js';
import type { OptOut, StateStore } from '../../model/store.js';
import { threadMail } from './mails.js';
import { botReason } from './never-spam.js';
import type { Recipients } from './policy.js';

/** The opt-out "rule" of the weekly digest: `kvetch opt-out <address> --rule digest`, `kvetch: opt-out digest`. */
export const DIGEST_OPT_OUT = 'digest';

/** What an opt-out may name: the analyzers, and the digest. */
export function optOutRules(analyzerIds: readonly string[]): string[] {
  return [...analyzerIds, DIGEST_OPT_OUT];
}

export interface OptOutRequest {
  address: string;
  /** Absent: every analyzer. */
  ruleId?: string;
}

export interface ParsedOptOut {
  /** The sender's address ('' when the mail has none). */
  sender: string;
  requests: OptOutRequest[];
  /** Command lines not honoured, and why (unknown analyzer, automated mail…). */
  rejected: { line: string; why: string }[];
}

const COMMAND = /^kvetch:[ \t]*opt-out\b(.*)$/i;
const RULE_ID = /^[a-z0-9][a-z0-9._/-]*$/i;
const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

function checkRule(ruleId: string, knownRules?: readonly string[]): string | null {
  if (!RULE_ID.test(ruleId)) return `"${ruleId}" is not an analyzer id`;
  if (knownRules && !knownRules.includes(ruleId)) return `unknown analyzer "${ruleId}" (known: ${knownRules.join(', ')})`;
  return null;
}

/**
 * The opt-out commands of a mail to the bot, for its sender. Only unquoted lines that start
 * with `kvetch:` count, so a reply quoting the bot's footer asks nothing; automated mail (a
 * bounce carrying the bot's own text) asks nothing either.
 */
export function parseOptOutCommand(record: MessageRecord, opts: { knownRules?: readonly string[]; botAddress?: string } = {}): ParsedOptOut {
  const mail = threadMail(record);
  const sender = mail.from.address;
  const lines = (record.reply?.commands ?? []).filter((l) => COMMAND.test(l));
  const out: ParsedOptOut = { sender, requests: [], rejected: [] };
  const automated = botReason(mail, opts.botAddress ?? '');
  for (const line of lines) {
    const words = (COMMAND.exec(line)?.[1] ?? '').trim().split(/\s+/).filter((w) => w !== '');
    let why: string | null = null;
    if (automated) why = `ignored because ${automated}`;
    else if (!ADDRESS.test(sender)) why = 'the mail has no usable From address';
    else if (words.length > 1) why = 'one analyzer per line: "kvetch: opt-out <analyzer>"';
    else if (words[0] !== undefined) why = checkRule(words[0], opts.knownRules);
    if (why) out.rejected.push({ line, why });
    else if (!out.requests.some((r) => r.ruleId === words[0])) out.requests.push(words[0] ? { address: sender, ruleId: words[0] } : { address: sender });
  }
  return out;
}

export interface OptOutResult {
  added: boolean;
  address: string;
  ruleId?: string;
  /** A sentence for the user: what was recorded. */
  message: string;
}

/**
 * Record one opt-out (the CLI's `kvetch opt-out <address> [--rule id]` and the mail command).
 * A malformed address or analyzer id is an error saying what is expected.
 */
export async function recordOptOut(store: StateStore, req: OptOutRequest, opts: { knownRules?: readonly string[] } = {}): Promise<OptOutResult> {
  const address = req.address.trim().replace(/^<|>$/g, '').toLowerCase();
  if (!ADDRESS.test(address)) throw new Error(`invalid address for an opt-out: "${req.address}" (expected name@domain)`);
  const ruleId = req.ruleId?.trim() || undefined;
  if (ruleId !== undefined) {
    const why = checkRule(ruleId, opts.knownRules);
    if (why) throw new Error(`invalid --rule for an opt-out: ${why}`);
  }
  const added = await store.addOptOut(ruleId !== undefined ? { address, ruleId } : { address });
  const what = ruleId === DIGEST_OPT_OUT ? 'the weekly digest' : ruleId !== undefined ? `mail about ${ruleId}` : 'every kvetch mail (the weekly digest included)';
  return {
    added,
    address,
    ...(ruleId !== undefined ? { ruleId } : {}),
    message: added ? `${address} opted out of ${what}` : `${address} had already opted out of ${what}`,
  };
}

export interface OptOutDecision {
  /** Set when no reply may go at all. */
  skip?: string;
  findings: Finding[];
  cc: Address[];
}

/**
 * What opt-outs leave of a reply: the author (To) opted out of everything → no reply; the
 * author's analyzer opt-outs remove those findings; a Cc'd address (list, maintainer, extra)
 * that opted out of everything, or of an analyzer still in the reply, is dropped from Cc.
 */
export function applyOptOuts(optOuts: readonly OptOut[], r: Recipients, findings: readonly Finding[]): OptOutDecision {
  const all = new Set(optOuts.filter((o) => o.ruleId === undefined).map((o) => o.address));
  const rules = (a: string): Set<string> => new Set(optOuts.filter((o) => o.address === a && o.ruleId !== undefined).map((o) => o.ruleId!));
  const author = r.to[0]?.address.toLowerCase();
  if (author && all.has(author)) return { skip: `${author} opted out of every kvetch mail`, findings: [], cc: [] };
  const authorRules = author ? rules(author) : new Set<string>();
  const kept = findings.filter((f) => !authorRules.has(f.ruleId));
  const inReply = new Set(kept.map((f) => f.ruleId));
  const cc = [...r.sender, ...r.lists, ...r.others].filter((a) => {
    const addr = a.address.toLowerCase();
    return !all.has(addr) && ![...rules(addr)].some((id) => inReply.has(id));
  });
  return { findings: kept, cc };
}
