import assert from 'node:assert/strict';
import { test } from 'node:test';
import { automatedReason, type MailIdentity } from '../../../src/mail/automated.js';

const mail = (over: Partial<MailIdentity> = {}): MailIdentity => ({ from: { name: 'Zoë Hacker', address: 'zoe@example.org' }, headers: {}, ...over });
const from = (address: string, name = '') => ({ from: { name, address } });

test('a human patch is not automated', () => {
  assert.equal(automatedReason(mail()), null);
  assert.equal(automatedReason(mail({ headers: { 'auto-submitted': 'no' } })), null, 'Auto-Submitted: no is a human');
});

test('automated by headers: Auto-Submitted, X-Patchwork-Hint, the kvetch marker', () => {
  assert.match(automatedReason(mail({ headers: { 'auto-submitted': 'auto-replied' } })) ?? '', /Auto-Submitted: auto-replied/);
  assert.match(automatedReason(mail({ headers: { 'x-patchwork-hint': 'ignore' } })) ?? '', /X-Patchwork-Hint: ignore/);
  assert.match(automatedReason(mail({ headers: { 'x-kvetch-fingerprint': 'kvetch:v1 series=k rev=1 fp=0' } })) ?? '', /kvetch mail/);
});

test('Precedence bulk/junk/list counts when the sender set it, not when a list server stamped it', () => {
  for (const p of ['bulk', 'junk', 'list']) assert.match(automatedReason(mail({ headers: { precedence: p } })) ?? '', new RegExp(`Precedence: ${p}`));
  // vger adds "Precedence: bulk" to every mail it relays, Mailman "Precedence: list".
  assert.equal(automatedReason(mail({ headers: { precedence: 'bulk', 'list-id': '<kvm.vger.kernel.org>' } })), null);
  assert.equal(automatedReason(mail({ headers: { precedence: 'list', 'x-mailing-list': 'kvm@vger.kernel.org' } })), null);
});

test('robots: lkp@intel.com, syzbot, patchwork-bot, tip-bot2, bot-like senders', () => {
  const cases: [string, string][] = [
    ['lkp@intel.com', 'kernel test robot'],
    ['syzbot+0123abcd@syzkaller.appspotmail.com', 'syzbot'],
    ['patchwork-bot+netdevbpf@kernel.org', ''],
    ['noreply@github.com', ''],
    ['MAILER-DAEMON@mail.example.org', 'Mail Delivery System'],
    ['ci-bot@example.org', ''],
    ['someone@example.org', 'Build Robot'],
  ];
  for (const [address, name] of cases) assert.match(automatedReason(mail(from(address, name))) ?? '', /robot/, address);
  assert.match(automatedReason(mail(from('tip-bot2@linutronix.de', 'tip-bot2 for Peter Zijlstra'))) ?? '', /robot/);
  assert.equal(automatedReason(mail(from('abbot@example.org', 'Jo Abbot'))), null, 'a name containing "bot" is not a bot');
});
