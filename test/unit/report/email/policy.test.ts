import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding, Severity } from '../../../../src/model/finding.js';
import { isListAddress, listIdAddress, policyFor, recipients, resolvePolicy, selectFindings } from '../../../../src/report/email/policy.js';
import { threadMail } from '../../../support/thread-mail.js';

const addr = (address: string, name = '') => ({ name, address });

test('policyFor: by source id first, then by a list address the mail went to; none: null (muted)', () => {
  const policies = [
    { list: 'gpio@vger.kernel.org', enabled: true },
    { list: 'lore:kvm', enabled: true, minSeverity: 'error' as Severity },
  ];
  const toGpio = threadMail({ cc: [addr('linux-gpio@vger.kernel.org'), addr('GPIO@vger.kernel.org'.toLowerCase())] });
  assert.equal(policyFor(policies, 'lore:kvm', toGpio)?.list, 'lore:kvm');
  assert.equal(policyFor(policies, 'lore:other', toGpio)?.list, 'gpio@vger.kernel.org');
  const viaListId = threadMail({ headers: { 'list-id': '<gpio.vger.kernel.org>' } });
  assert.equal(policyFor(policies, 'patchwork:x', viaListId)?.list, 'gpio@vger.kernel.org');
  assert.equal(policyFor(policies, 'lore:netdev', threadMail({ to: [addr('netdev@vger.kernel.org')] })), null);
});

test('resolvePolicy: muted, warning and up, no embargo, 10 an hour unless told', () => {
  assert.deepEqual(resolvePolicy({ list: 'lore:kvm' }), {
    list: 'lore:kvm', enabled: false, minSeverity: 'warning', analyzers: null, ccMaintainers: false, ccExtra: [], embargoMinutes: 0, maxPerHour: 10,
  });
});

function f(ruleId: string, severity: Severity, extra: Partial<Finding> = {}): Finding {
  return { ruleId, messageId: 'm', message: ruleId, severity, subject: { key: 'k', revision: 1 }, fingerprint: `${ruleId}-${severity}`, ...extra };
}

test('selectFindings: at or above minSeverity, only listed analyzers, never input problems', () => {
  const all = [f('symbol-exports', 'warning'), f('kconfig-select', 'error'), f('symbol-exports', 'info'), f('input/unparseable', 'error', { fatal: true }), f('header-move', 'warning')];
  assert.deepEqual(selectFindings(all, resolvePolicy({ list: 'x' })).map((x) => x.fingerprint), ['symbol-exports-warning', 'kconfig-select-error', 'header-move-warning']);
  assert.deepEqual(selectFindings(all, resolvePolicy({ list: 'x', minSeverity: 'info', analyzers: ['symbol-exports'] })).map((x) => x.fingerprint), ['symbol-exports-warning', 'symbol-exports-info']);
  assert.deepEqual(selectFindings(all, resolvePolicy({ list: 'x', minSeverity: 'error' })).map((x) => x.fingerprint), ['kconfig-select-error']);
});

test('listIdAddress and isListAddress: List-Id, X-Mailing-List, the policy list and list hosts', () => {
  assert.equal(listIdAddress('Linux KVM <kvm.vger.kernel.org>'), 'kvm@vger.kernel.org');
  assert.equal(listIdAddress('<nodots>'), null);
  assert.equal(listIdAddress(undefined), null);
  const m = threadMail({ headers: { 'list-id': '<foo.example.com>', 'x-mailing-list': 'bar@example.com' } });
  assert.equal(isListAddress('foo@example.com', m), true);
  assert.equal(isListAddress('bar@example.com', m), true);
  assert.equal(isListAddress('dev@lists.infradead.org', m), true);
  assert.equal(isListAddress('kvm@vger.kernel.org', m), true);
  assert.equal(isListAddress('team@corp.example', m, 'team@corp.example'), true);
  assert.equal(isListAddress('pbonzini@redhat.com', m), false);
});

const parent = threadMail({
  from: addr('zoe@example.org', 'Zoë Hacker'),
  to: [addr('linus.walleij@linaro.org', 'Linus Walleij'), addr('linux-gpio@vger.kernel.org')],
  cc: [addr('brgl@bgdev.pl', 'Bart'), addr('kvetch@example.org'), addr('zoe@example.org'), addr('linux-kernel@vger.kernel.org')],
});

test('recipients: To the author; Cc the lists only by default, never the bot or the author twice', () => {
  const r = recipients(parent, resolvePolicy({ list: 'lore:gpio', enabled: true }), 'kvetch@example.org');
  assert.deepEqual(r.to, [addr('zoe@example.org', 'Zoë Hacker')]);
  assert.deepEqual(r.lists.map((a) => a.address), ['linux-gpio@vger.kernel.org', 'linux-kernel@vger.kernel.org']);
  assert.deepEqual(r.others, []);
});

test('recipients: cc.maintainers adds the people the author addressed; cc.extra and an address policy list are added once', () => {
  const r = recipients(
    parent,
    resolvePolicy({ list: 'gpio-reviews@example.net', enabled: true, cc: { maintainers: true, extra: ['Linus.Walleij@linaro.org', 'ci@example.net'] } }),
    'kvetch@example.org',
  );
  assert.deepEqual(r.lists.map((a) => a.address), ['linux-gpio@vger.kernel.org', 'linux-kernel@vger.kernel.org', 'gpio-reviews@example.net']);
  assert.deepEqual(r.others.map((a) => a.address), ['linus.walleij@linaro.org', 'brgl@bgdev.pl', 'ci@example.net']);
});

test('recipients: a patch someone else wrote (in-body From:) goes To its author, Cc its sender, once each', () => {
  const forwarded = threadMail({
    from: addr('maint@example.org', 'Mae Ntainer'),
    author: addr('zoe@example.org', 'Zoë Hacker'),
    to: [addr('linux-gpio@vger.kernel.org')],
    cc: [addr('zoe@example.org'), addr('maint@example.org')],
  });
  const r = recipients(forwarded, resolvePolicy({ list: 'lore:gpio', enabled: true, cc: { maintainers: true } }), 'kvetch@example.org');
  assert.deepEqual(r.to, [addr('zoe@example.org', 'Zoë Hacker')]);
  assert.deepEqual(r.sender, [addr('maint@example.org', 'Mae Ntainer')]);
  assert.deepEqual(r.lists.map((a) => a.address), ['linux-gpio@vger.kernel.org']);
  assert.deepEqual(r.others, []);
  // The sender's own mail: no Cc to the sender, To the sender as before.
  const own = recipients(threadMail({ from: addr('zoe@example.org', 'Zoë Hacker') }), resolvePolicy({ list: 'lore:gpio', enabled: true }), 'kvetch@example.org');
  assert.deepEqual(own.to, [addr('zoe@example.org', 'Zoë Hacker')]);
  assert.deepEqual(own.sender, []);
  // An in-body author no SMTP envelope can carry: the reply goes to the sender.
  const broken = recipients(threadMail({ from: addr('maint@example.org'), author: addr('zoe@@example.org') }), resolvePolicy({ list: 'lore:gpio', enabled: true }), 'kvetch@example.org');
  assert.deepEqual(broken.to, [addr('maint@example.org')]);
  assert.deepEqual(broken.sender, []);
});
