/**
 * Per-list policy of the email channel: muted unless enabled, which findings are worth a mail
 * (minimum severity, analyzers), who gets it (the author, the list, optionally the people the
 * author addressed and extra addresses), and pacing (embargo after the version is ready, a
 * ceiling per hour). Pure: the inputs are the config objects and the parsed parent mail.
 */
import { SEVERITY_RANK, type Finding, type Severity } from '../../model/finding.js';
import type { Address } from '../../model/record.js';
import type { ThreadMail } from './mails.js';

export interface ListPolicy {
  /** A source id (`lore:kvm`) or a list address (`kvm@vger.kernel.org`). */
  list: string;
  /** Replies go out only to an enabled list (default false: muted). */
  enabled?: boolean;
  /** Findings below this are not mailed (default `warning`). */
  minSeverity?: Severity;
  /** Only these analyzers are mailed (default: all). */
  analyzers?: string[];
  cc?: {
    /** Also Cc the people the author addressed (To/Cc of the mail replied to; get_maintainer.pl's picks). Default false. */
    maintainers?: boolean;
    /** More addresses to Cc. */
    extra?: string[];
  };
  /** Minutes after the version is ready before a reply may go (default 0). */
  embargoMinutes?: number;
  /** At most this many replies to the list per hour (default 10). */
  maxPerHour?: number;
}

export interface ResolvedPolicy {
  list: string;
  enabled: boolean;
  minSeverity: Severity;
  analyzers: readonly string[] | null;
  ccMaintainers: boolean;
  ccExtra: readonly string[];
  embargoMinutes: number;
  maxPerHour: number;
}

export const POLICY_DEFAULTS = { enabled: false, minSeverity: 'warning', embargoMinutes: 0, maxPerHour: 10 } as const;

export function resolvePolicy(p: ListPolicy): ResolvedPolicy {
  return {
    list: p.list,
    enabled: p.enabled ?? POLICY_DEFAULTS.enabled,
    minSeverity: p.minSeverity ?? POLICY_DEFAULTS.minSeverity,
    analyzers: p.analyzers ?? null,
    ccMaintainers: p.cc?.maintainers ?? false,
    ccExtra: (p.cc?.extra ?? []).map((a) => a.trim().toLowerCase()).filter((a) => a !== ''),
    embargoMinutes: p.embargoMinutes ?? POLICY_DEFAULTS.embargoMinutes,
    maxPerHour: p.maxPerHour ?? POLICY_DEFAULTS.maxPerHour,
  };
}

/** The list address a List-Id names: `<kvm.vger.kernel.org>` → `kvm@vger.kernel.org`. */
export function listIdAddress(listId: string | undefined): string | null {
  const id = /<([^<>\s]+)>/.exec(listId ?? '')?.[1] ?? listId?.trim();
  if (!id) return null;
  const dot = id.indexOf('.');
  return dot > 0 && dot < id.length - 1 ? `${id.slice(0, dot)}@${id.slice(dot + 1)}`.toLowerCase() : null;
}

/** Is this address a mailing list? Named by the mail's List-Id or X-Mailing-List, by the policy, or a list host. */
export function isListAddress(address: string, mail: ThreadMail, policyList?: string): boolean {
  const a = address.toLowerCase();
  if (policyList && policyList.toLowerCase() === a) return true;
  if (listIdAddress(mail.headers['list-id']) === a) return true;
  if ((mail.headers['x-mailing-list'] ?? '').toLowerCase().includes(a)) return true;
  const domain = a.slice(a.lastIndexOf('@') + 1);
  return domain === 'vger.kernel.org' || /^lists\./.test(domain) || /\.lists\./.test(domain);
}

/**
 * The policy of the list a version came from: the first whose `list` is the source id, else
 * the first whose `list` is an address the mail went to (To, Cc, List-Id). None: null (muted).
 */
export function policyFor(policies: readonly ListPolicy[], source: string, parent: ThreadMail): ResolvedPolicy | null {
  const bySource = policies.find((p) => p.list === source);
  if (bySource) return resolvePolicy(bySource);
  const seen = new Set([...parent.to, ...parent.cc].map((a) => a.address));
  const listId = listIdAddress(parent.headers['list-id']);
  if (listId) seen.add(listId);
  const byAddress = policies.find((p) => seen.has(p.list.trim().toLowerCase()));
  return byAddress ? resolvePolicy(byAddress) : null;
}

/**
 * Findings worth a mail under the policy: not input problems, at or above minSeverity, of an
 * allowed analyzer. A fixed finding counts with the severity it had (it is info itself).
 */
export function selectFindings(findings: readonly Finding[], p: ResolvedPolicy): Finding[] {
  return findings.filter(
    (f) =>
      !f.fatal &&
      !f.ruleId.startsWith('input/') &&
      SEVERITY_RANK[f.versions?.status === 'fixed' ? (f.versions.severity ?? f.severity) : f.severity] >= SEVERITY_RANK[p.minSeverity] &&
      (p.analyzers === null || p.analyzers.includes(f.ruleId)),
  );
}

export interface Recipients {
  to: Address[];
  /** The sender of a mail someone else wrote (in-body From:): Cc'd, so that who forwarded it hears too. */
  sender: Address[];
  /** The list addresses (always Cc'd unless opted out). */
  lists: Address[];
  /** The people the author addressed, when the policy says so, and the policy's extra addresses. */
  others: Address[];
}

/**
 * To the author of the mail replied to (its in-body From: when it has a deliverable one, else
 * its sender); Cc its sender when that is someone else, the lists it went to (and the policy's
 * list when that is an address), then, per policy, the people it was addressed to and extra
 * addresses. The bot itself and duplicates are left out.
 */
export function recipients(parent: ThreadMail, p: ResolvedPolicy, botAddress: string): Recipients {
  const author = parent.author && deliverable(parent.author.address) ? parent.author : parent.from;
  const seen = new Set<string>([botAddress.toLowerCase(), author.address]);
  const take = (a: Address): boolean => (deliverable(a.address) && !seen.has(a.address) ? (seen.add(a.address), true) : false);
  const sender = author === parent.from || !take(parent.from) ? [] : [parent.from];
  const addressed = [...parent.to, ...parent.cc];
  const lists = addressed.filter((a) => isListAddress(a.address, parent, p.list) && take(a));
  if (p.list.includes('@')) {
    const own = { name: '', address: p.list.trim().toLowerCase() };
    if (take(own)) lists.push(own);
  }
  const others = p.ccMaintainers ? addressed.filter((a) => take(a)) : [];
  for (const x of p.ccExtra) {
    const a = { name: '', address: x };
    if (take(a)) others.push(a);
  }
  return { to: deliverable(author.address) ? [author] : [], sender, lists, others };
}

/**
 * An address the SMTP envelope can carry: `local@domain`, no white space, control character,
 * angle bracket or second `@`. Addresses come from mail headers (anyone's text): one with a
 * CR or LF would otherwise reach `RCPT TO` (nodemailer refuses the whole envelope then) or a
 * header.
 */
export function deliverable(address: string): boolean {
  if ([...address].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) return false;
  return /^[^\s<>()[\]\\,;:"@]+@[^\s<>()[\]\\,;:"@]+$/.test(address);
}
