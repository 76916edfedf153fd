/**
 * Is this mail written by a machine? The one robot detector: intake records its answer with
 * the mail, and every channel reads it (kvetch never replies to a bot), as does the opt-out
 * command reader (a bounce carrying the bot's own footer asks nothing). Pure.
 *
 * The kernel's robots mostly send no `Auto-Submitted` header (the 0-day robot, patchwork-bot,
 * tip-bot), so senders count too: known robot addresses, and bot-like names and local parts.
 */
import type { Address } from '../model/record.js';

/** Known robots of the kernel lists. */
export const ROBOT_SENDERS: ReadonlySet<string> = new Set([
  'lkp@intel.com',
  'syzbot@syzkaller.appspotmail.com',
  'patchwork-bot@kernel.org',
  'bot@kernelci.org',
  'noreply@github.com',
]);

/** `syzbot+…`, `no-reply`, `patchwork-bot+netdevbpf`, `tip-bot2`, `robot`, `mailer-daemon`… */
const BOT_LOCAL = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply|syzbot)([+].*)?$|(^|[._+-])(ro)?bot\d*([._+-]|$)/i;
const BOT_NAME = /\b(ro)?bot\b|mail delivery (sub)?system/i;

export interface MailIdentity {
  from: Address;
  /** Lower-cased header names: auto-submitted, x-patchwork-hint, x-kvetch-fingerprint, precedence, list-id, x-mailing-list. */
  headers: Readonly<Record<string, string>>;
}

/** Why the mail is automated (a sentence), or null when a human wrote it. */
export function automatedReason(m: MailIdentity): string | null {
  const h = m.headers;
  const auto = (h['auto-submitted'] ?? '').trim().toLowerCase();
  if (auto && auto !== 'no') return `it is automated mail (Auto-Submitted: ${auto})`;
  if (h['x-patchwork-hint'] !== undefined) return `it is automated mail (X-Patchwork-Hint: ${h['x-patchwork-hint']})`;
  if (h['x-kvetch-fingerprint']) return 'it is a kvetch mail (X-Kvetch-Fingerprint)';
  // List servers stamp every mail they relay (vger: bulk, Mailman: list); only a sender's own Precedence counts.
  const precedence = (h['precedence'] ?? '').trim().toLowerCase();
  const viaList = h['list-id'] !== undefined || h['x-mailing-list'] !== undefined;
  if (['bulk', 'junk', 'list'].includes(precedence) && !viaList) return `it is bulk mail (Precedence: ${precedence})`;
  const from = m.from.address.toLowerCase();
  const at = from.lastIndexOf('@');
  const local = at >= 0 ? from.slice(0, at) : from;
  if (ROBOT_SENDERS.has(from) || BOT_LOCAL.test(local) || BOT_NAME.test(m.from.name)) return `its sender is a robot (${m.from.name ? `${m.from.name} ` : ''}<${from}>)`;
  return null;
}
