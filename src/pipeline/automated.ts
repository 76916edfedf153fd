/** Is this mail written by a machine? Bots never get replies from kvetch. */
const ROBOT_SENDERS = new Set(['lkp@intel.com', 'syzbot@syzkaller.appspotmail.com', 'patchwork-bot@kernel.org', 'noreply@github.com']);

export function isAutomated(headers: Readonly<Record<string, string>>, fromAddress: string): boolean {
  const auto = (headers['auto-submitted'] ?? '').trim().toLowerCase();
  if (auto && auto !== 'no') return true;
  if ((headers['x-patchwork-hint'] ?? '').trim().toLowerCase() === 'ignore') return true;
  if (headers['x-kvetch-fingerprint']) return true;
  if (ROBOT_SENDERS.has(fromAddress) || /^syzbot\+/.test(fromAddress)) return true;
  return false;
}
