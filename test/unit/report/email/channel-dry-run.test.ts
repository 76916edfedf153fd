/**
 * The email channel's flow without SMTP: dry-run (the default) writes .eml files and records
 * them; policy, automated mail, replies, opt-outs are recorded `skipped` with why; embargo
 * and the hourly limit only defer.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, before, beforeEach, describe, test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { PublishInput } from '../../../../src/model/channel.js';
import { createEmailChannel } from '../../../../src/report/email/channel.js';
import type { ListPolicy } from '../../../../src/report/email/policy.js';
import { emailEnv, minutes, NOW, type EmailEnv } from '../../../support/email-channel.js';
import { examplePublishInputs, READY, REPO, withEditedParent } from '../../../support/email-example.js';

let v1: PublishInput;
let v2: PublishInput;
let env: EmailEnv;

before(async () => {
  [v1, v2] = (await examplePublishInputs()) as [PublishInput, PublishInput];
});
beforeEach(async () => {
  env = await emailEnv();
});
afterEach(() => env.close());

const channel = (policies?: ListPolicy[]) => createEmailChannel(env.options(policies ? { policies } : {}));
const pub = (v: PublishInput) => env.store.getPublication(v.version.key, v.version.revision, 'email', 'lore:kvm');

/** The version with header lines put in front of its first mail (the one replied to), taken in again. */
function withParentHeaders(v: PublishInput, lines: string[], subject?: string): Promise<PublishInput> {
  return withEditedParent(v, (raw) => lines.map((l) => `${l}\n`).join('') + (subject ? raw.replace(/^Subject: .*$/m, `Subject: ${subject}`) : raw));
}

describe('email channel, dry-run', () => {
  test('the default writes <outDir>/<key>-v<rev>.eml, records it sent (dry-run) and never writes it twice', async () => {
    const c = channel();
    const o = await c.publish(v1, env.ctx());
    const file = join(env.dir, 'outbox', `${v1.version.key}-v1.eml`);
    assert.deepEqual([o.published, o.written, o.errors], [1, [file], []]);
    const m = await simpleParser(readFileSync(file));
    assert.equal(m.inReplyTo, '<cover.1795403984.git.ada@example.org>');
    const p = await pub(v1);
    assert.equal(p?.state, 'sent');
    assert.equal(p?.externalId, m.messageId);
    const payload = JSON.parse(p.payload!) as { dryRun?: unknown; file?: unknown };
    assert.deepEqual([payload.dryRun, payload.file], [true, file]);
    const again = await c.publish(v1, env.ctx(minutes(5)));
    assert.deepEqual([again.published, again.written], [0, []]);
    assert.match(again.skipped[0]?.why ?? '', /already sent to lore:kvm as .* \(dry-run\)/);
  });

  test('ctx.dryRun wins over send: true (nothing is sent)', async () => {
    const c = createEmailChannel(env.options({ send: true }));
    const o = await c.publish(v1, env.ctx(NOW, true));
    assert.deepEqual([o.published, o.errors.length, o.written.length], [1, 0, 1]);
  });

  test('v2 says what changed since v1 and carries its own Message-ID', async () => {
    const c = channel();
    await c.publish(v1, env.ctx());
    const o = await c.publish(v2, env.ctx(minutes(1)));
    const text = readFileSync(o.written[0]!, 'utf8');
    assert.match(text, /Changes since v1: 0 fixed, 2 still present, 1 new\./);
    assert.match(text, /\[1\] error: kconfig-select \(new in v2\)/);
    assert.notEqual((await pub(v1))?.externalId, (await pub(v2))?.externalId);
  });

  test('no policy for the source: muted by default, recorded skipped, still skipped once a policy appears', async () => {
    const o = await channel([]).publish(v1, env.ctx());
    assert.equal(o.published, 0);
    assert.match(o.skipped[0]?.why ?? '', /no email policy for lore:kvm: muted by default/);
    assert.equal((await pub(v1))?.state, 'skipped');
    const later = await channel().publish(v1, env.ctx(minutes(1)));
    assert.match(later.skipped[0]?.why ?? '', /already skipped for lore:kvm: no email policy/);
    assert.equal(existsSync(join(env.dir, 'outbox')), false);
  });

  test('a policy with enabled false (the default) mutes the list', async () => {
    const o = await channel([{ list: 'lore:kvm' }]).publish(v1, env.ctx());
    assert.match(o.skipped[0]?.why ?? '', /list lore:kvm is muted \(enabled: false\)/);
  });

  test('a policy keyed on the list address applies to mail sent to that list', async () => {
    const to = await withParentHeaders(v1, ['To: kvm@vger.kernel.org']);
    const o = await channel([{ list: 'kvm@vger.kernel.org', enabled: true }]).publish(to, env.ctx());
    assert.equal(o.published, 1);
    const m = await simpleParser(readFileSync(o.written[0]!));
    assert.equal(m.cc && !Array.isArray(m.cc) ? m.cc.text : '', 'kvm@vger.kernel.org');
    assert.equal((await env.store.getPublication(v1.version.key, 1, 'email', 'kvm@vger.kernel.org'))?.state, 'sent');
  });

  for (const [what, lines, why] of [
    ['Auto-Submitted', ['Auto-Submitted: auto-generated'], /Auto-Submitted: auto-generated/],
    ['X-Patchwork-Hint', ['X-Patchwork-Hint: ignore'], /X-Patchwork-Hint: ignore/],
    ['Precedence: bulk from the sender', ['Precedence: bulk'], /Precedence: bulk/],
  ] as const) {
    test(`no reply to automated mail (${what})`, async () => {
      const o = await channel().publish(await withParentHeaders(v1, [...lines]), env.ctx());
      assert.equal(o.published, 0);
      assert.match(o.skipped[0]?.why ?? '', why);
      assert.equal((await pub(v1))?.state, 'skipped');
    });
  }

  test('no reply to the kernel test robot, nor to our own mail', async () => {
    const robot = await withEditedParent(v1, (raw) => raw.replace('From: Ada Example <ada@example.org>', 'From: kernel test robot <lkp@intel.com>'));
    const o = await channel().publish(robot, env.ctx());
    assert.match(o.skipped[0]?.why ?? '', /sender is a robot \(kernel test robot <lkp@intel.com>\)/);
    const own = await withEditedParent(v1, (raw) => raw.replace('From: Ada Example <ada@example.org>', 'From: kvetch bot <kvetch@example.org>'));
    const env2 = await emailEnv();
    try {
      const o2 = await createEmailChannel(env2.options()).publish(own, env2.ctx());
      assert.match(o2.skipped[0]?.why ?? '', /our own mail/);
    } finally {
      await env2.close();
    }
  });

  test('no reply to a reply (Re: without a diff)', async () => {
    const o = await channel().publish(await withParentHeaders(v1, [], 'Re: [PATCH 0/2] KVM: x86: let the VFIO device see IOMMU groups'), env.ctx());
    assert.match(o.skipped[0]?.why ?? '', /it is a reply, not a patch/);
  });

  test('a version whose newer revision was sent already is recorded skipped (superseded), nothing written', async () => {
    const o = await channel().publish({ ...v1, supersededBy: 2 }, env.ctx());
    assert.deepEqual([o.published, o.written, o.skipped[0]?.reason], [0, [], 'superseded']);
    assert.match(o.skipped[0]?.why ?? '', /v2 was sent already; only the newest revision gets a reply/);
    assert.equal((await pub(v1))?.state, 'skipped');
    assert.equal((await channel().publish(v2, env.ctx(minutes(1)))).published, 1, 'the newest one is answered');
  });

  test('an author who opted out gets no reply; an analyzer opt-out drops those findings', async () => {
    await env.store.addOptOut({ address: 'ada@example.org', ruleId: 'symbol-exports' });
    const o = await channel().publish(v1, env.ctx());
    const text = readFileSync(o.written[0]!, 'utf8');
    assert.doesNotMatch(text, /\] warning: symbol-exports/);
    assert.match(text, /\] warning: public-header-growth/);
    await env.store.addOptOut({ address: 'Ada@Example.org' });
    const o2 = await channel().publish(v2, env.ctx());
    assert.match(o2.skipped[0]?.why ?? '', /ada@example.org opted out of every kvetch mail/);
    assert.equal((await pub(v2))?.state, 'skipped');
  });

  test('a Cc address that opted out is left out of Cc', async () => {
    await env.store.addOptOut({ address: 'kvm@vger.kernel.org' });
    const o = await channel().publish(v1, env.ctx());
    const m = await simpleParser(readFileSync(o.written[0]!));
    assert.equal(m.cc, undefined);
  });

  test('minSeverity: nothing at or above it is recorded skipped', async () => {
    const c = channel([{ list: 'lore:kvm', enabled: true, minSeverity: 'error' }]);
    const o = await c.publish(v1, env.ctx());
    assert.match(o.skipped[0]?.why ?? '', /nothing to report at or above error/);
    const o2 = await c.publish(v2, env.ctx());
    const text = readFileSync(o2.written[0]!, 'utf8');
    assert.match(text, /\(1\s+error\)/);
    assert.doesNotMatch(text, /public-header-growth/);
  });

  test('a skip is decided again when a late patch changed the findings; a reply is never sent twice', async () => {
    const c = channel();
    const before = { ...v1, findings: [] };
    assert.match((await c.publish(before, env.ctx())).skipped[0]?.why ?? '', /nothing to report/);
    assert.equal((await c.publish(before, env.ctx(minutes(1)))).skipped[0]?.reason, 'already-done', 'the same findings: the skip stands');
    const after = await c.publish(v1, env.ctx(minutes(2)));
    assert.deepEqual([after.published, after.written.length], [1, 1], 're-opened with a finding: the one reply');
    const again = await c.publish({ ...v1, findings: [] }, env.ctx(minutes(3)));
    assert.deepEqual([again.published, again.skipped[0]?.reason], [0, 'already-done'], 'a reply sent is final, whatever the findings');
    assert.equal((await pub(v1))?.state, 'sent');
  });

  test('embargo: not before readyAt + embargoMinutes, and nothing recorded meanwhile', async () => {
    const c = channel([{ list: 'lore:kvm', enabled: true, embargoMinutes: 120 }]);
    const early = await c.publish(v1, env.ctx(minutes(119, READY)));
    assert.match(early.skipped[0]?.why ?? '', /embargoed until 2023-09-27T12:10:00\.000Z/);
    assert.equal(await pub(v1), null);
    const due = await c.publish(v1, env.ctx(minutes(120, READY)));
    assert.equal(due.published, 1);
  });

  test('rate limit: maxPerHour replies to a list per hour; the next waits, unrecorded', async () => {
    const c = channel([{ list: 'lore:kvm', enabled: true, maxPerHour: 1 }]);
    assert.equal((await c.publish(v1, env.ctx())).published, 1);
    const held = await c.publish(v2, env.ctx(minutes(59)));
    assert.match(held.skipped[0]?.why ?? '', /rate limit: 1 replies to lore:kvm in the last hour \(maxPerHour 1\)/);
    assert.equal(await pub(v2), null);
    assert.equal((await c.publish(v2, env.ctx(minutes(60)))).published, 1);
  });

  test('the example reply in docs/channels/email.md is what the channel writes for examples/kvm-vfio.mbox v2', async () => {
    const o = await createEmailChannel(env.options({ contact: 'kvetch-admins@example.org' })).publish(v2, env.ctx());
    const written = readFileSync(o.written[0]!, 'utf8').replace(/\r\n/g, '\n');
    const doc = readFileSync(join(REPO, 'docs', 'channels', 'email.md'), 'utf8');
    const block = /## What a reply looks like[\s\S]*?```\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.equal(block, written);
  });

  test('a mail someone else wrote (in-body From:) is answered To its author, Cc its sender, greeting the author', async () => {
    const v = await withEditedParent(v1, (raw) => raw.replace(/\r?\n\r?\n/, '\n\nFrom: =?UTF-8?q?Zo=C3=AB?= Hacker <Zoe@Example.org>\n\n'));
    const o = await channel().publish(v, env.ctx());
    const m = await simpleParser(readFileSync(o.written[0]!));
    const to = (Array.isArray(m.to) ? m.to : [m.to]).flatMap((a) => a?.value ?? []).map((a) => a.address);
    const cc = (Array.isArray(m.cc) ? m.cc : [m.cc]).flatMap((a) => a?.value ?? []).map((a) => a.address);
    assert.deepEqual(to, ['zoe@example.org']);
    assert.equal(cc[0], 'ada@example.org');
    assert.ok(!cc.includes('zoe@example.org'));
    assert.match(m.text ?? '', /^Hi Zoë,/m);
  });

  test('a version without mail is skipped with why', async () => {
    const o = await channel().publish({ ...v1, records: [] }, env.ctx());
    assert.match(o.skipped[0]?.why ?? '', /no mail to reply to/);
  });
});
