import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { Finding } from '../../../../src/model/finding.js';
import { applyOptOuts, parseOptOutCommand, recordOptOut } from '../../../../src/report/email/opt-out.js';
import { openSqliteStore } from '../../../../src/store/sqlite.js';
import type { OptOut } from '../../../../src/model/store.js';
import type { MessageRecord } from '../../../../src/model/record.js';
import { recordOf } from '../../../support/thread-mail.js';

const RULES = ['header-move', 'kconfig-select', 'symbol-exports'];
const mail = (body: string, headers = ''): Promise<MessageRecord> =>
  recordOf(`From: Zoë Hacker <Zoe@Example.org>\nTo: kvetch@example.org\nSubject: Re: [PATCH 0/2] x\nMessage-ID: <r@example.org>\n${headers}\n${body}`);

test('parseOptOutCommand: "kvetch: opt-out" is every analyzer, "kvetch: opt-out <id>" one, for the sender', async () => {
  const all = parseOptOutCommand(await mail('Please stop.\n\nkvetch: opt-out\n'));
  assert.deepEqual(all, { sender: 'zoe@example.org', requests: [{ address: 'zoe@example.org' }], rejected: [] });
  const two = parseOptOutCommand(await mail('kvetch: opt-out kconfig-select\nKVETCH:   Opt-Out symbol-exports  \nkvetch: opt-out kconfig-select\n'), { knownRules: RULES });
  assert.deepEqual(two.requests, [
    { address: 'zoe@example.org', ruleId: 'kconfig-select' },
    { address: 'zoe@example.org', ruleId: 'symbol-exports' },
  ]);
});

test('parseOptOutCommand: quoted or indented lines, and prose mentioning the command, ask nothing', async () => {
  const quoted = parseOptOutCommand(await mail('On Mon, kvetch wrote:\n> kvetch: opt-out\n>> kvetch: opt-out kconfig-select\n  kvetch: opt-out\nsay "kvetch: opt-out" to stop\n'));
  assert.deepEqual([quoted.requests, quoted.rejected], [[], []]);
});

test('parseOptOutCommand: unknown analyzers, two words and automated senders are rejected with why', async () => {
  const bad = parseOptOutCommand(await mail('kvetch: opt-out no-such-rule\nkvetch: opt-out a b\n'), { knownRules: RULES });
  assert.deepEqual(bad.requests, []);
  assert.deepEqual(bad.rejected.map((r) => r.why), ['unknown analyzer "no-such-rule" (known: header-move, kconfig-select, symbol-exports)', 'one analyzer per line: "kvetch: opt-out <analyzer>"']);
  const bounce = parseOptOutCommand(await mail('kvetch: opt-out\n', 'Auto-Submitted: auto-replied\n'));
  assert.deepEqual(bounce.requests, []);
  assert.match(bounce.rejected[0]?.why ?? '', /ignored because it is automated mail \(Auto-Submitted: auto-replied\)/);
});

const dir = mkdtempSync(join(tmpdir(), 'kvetch-optout-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('recordOptOut (the CLI): records, says whether it is new, refuses bad addresses and unknown analyzers', async () => {
  const store = await openSqliteStore(join(dir, 'a.db'));
  await store.migrate();
  try {
    const first = await recordOptOut(store, { address: '<Zoe@Example.org>', ruleId: 'kconfig-select' }, { knownRules: RULES });
    assert.deepEqual(first, { added: true, address: 'zoe@example.org', ruleId: 'kconfig-select', message: 'zoe@example.org opted out of mail about kconfig-select' });
    assert.equal((await recordOptOut(store, { address: 'zoe@example.org', ruleId: 'kconfig-select' })).message, 'zoe@example.org had already opted out of mail about kconfig-select');
    assert.equal((await recordOptOut(store, { address: 'bob@example.org' })).message, 'bob@example.org opted out of every kvetch mail (the weekly digest included)');
    await assert.rejects(recordOptOut(store, { address: 'not an address' }), /invalid address for an opt-out: "not an address" \(expected name@domain\)/);
    await assert.rejects(recordOptOut(store, { address: 'a@b.org', ruleId: 'nope' }, { knownRules: RULES }), /invalid --rule for an opt-out: unknown analyzer "nope"/);
    assert.equal(await store.isOptedOut('zoe@example.org', 'kconfig-select'), true);
    assert.equal(await store.isOptedOut('a@b.org'), false);
  } finally {
    await store.close();
  }
});

const at = new Date(0);
const f = (ruleId: string): Finding => ({ ruleId, messageId: 'm', message: ruleId, severity: 'warning', subject: { key: 'k', revision: 1 }, fingerprint: ruleId });
const who = (address: string) => ({ name: '', address });
const rcpt = { to: [who('zoe@example.org')], sender: [], lists: [who('kvm@vger.kernel.org')], others: [who('maint@example.org'), who('ci@example.org')] };

test('applyOptOuts: the author opted out of everything: no reply', () => {
  const d = applyOptOuts([{ address: 'zoe@example.org', createdAt: at }], rcpt, [f('symbol-exports')]);
  assert.equal(d.skip, 'zoe@example.org opted out of every kvetch mail');
});

test('applyOptOuts: the author\'s analyzer opt-outs drop those findings; Cc opt-outs drop the address', () => {
  const outs: OptOut[] = [
    { address: 'zoe@example.org', ruleId: 'symbol-exports', createdAt: at },
    { address: 'maint@example.org', ruleId: 'kconfig-select', createdAt: at },
    { address: 'ci@example.org', ruleId: 'symbol-exports', createdAt: at },
    { address: 'kvm@vger.kernel.org', ruleId: 'header-move', createdAt: at },
  ];
  const d = applyOptOuts(outs, rcpt, [f('symbol-exports'), f('kconfig-select')]);
  assert.equal(d.skip, undefined);
  assert.deepEqual(d.findings.map((x) => x.ruleId), ['kconfig-select']);
  assert.deepEqual(d.cc.map((a) => a.address), ['kvm@vger.kernel.org', 'ci@example.org'], 'maint opted out of kconfig-select; ci only of a dropped analyzer');
  const listOut = applyOptOuts([{ address: 'kvm@vger.kernel.org', createdAt: at }], rcpt, [f('symbol-exports')]);
  assert.deepEqual(listOut.cc.map((a) => a.address), ['maint@example.org', 'ci@example.org']);
});
