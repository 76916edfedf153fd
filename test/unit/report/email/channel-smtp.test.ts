/**
 * The email channel against a real SMTP server on 127.0.0.1 (smtp-server, in-process): what
 * arrives is parsed back with mailparser; temporary and permanent refusals, a connection
 * dropped mid-DATA, a crash between the final dot and the server's 250 or between the 250 and
 * the store's `sent` record, and a send log that cannot be written never lose a reply and never
 * send it twice.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { rmSync, writeFileSync } from 'node:fs';
import { simpleParser } from 'mailparser';
import type { PublishInput } from '../../../../src/model/channel.js';
import { createEmailChannel, type EmailChannel } from '../../../../src/report/email/channel.js';
import { threadMail } from '../../../../src/report/email/mails.js';
import { policyFor, recipients, selectFindings } from '../../../../src/report/email/policy.js';
import { renderReply } from '../../../../src/report/email/render-reply.js';
import { openSendLog } from '../../../../src/report/email/send-log.js';
import { createSmtpSender } from '../../../../src/report/email/smtp.js';
import { emailEnv, minutes, NOW, type EmailEnv } from '../../../support/email-channel.js';
import { examplePublishInputs } from '../../../support/email-example.js';
import { startSmtp, type TestSmtp } from '../../../support/smtp-server.js';

let inputs: PublishInput[];
let v1: PublishInput;
let smtp: TestSmtp;
let env: EmailEnv;
const channels: EmailChannel[] = [];

before(async () => {
  inputs = await examplePublishInputs();
  v1 = inputs[0]!;
});
beforeEach(async () => {
  smtp = await startSmtp();
  env = await emailEnv();
});
afterEach(async () => {
  for (const c of channels.splice(0)) c.close();
  await smtp.stop();
  await env.close();
});

function channel(over: Parameters<EmailEnv['options']>[0] = {}): EmailChannel {
  const base = env.options();
  // No jitter (random 0): every retry comes exactly one backoff after the failure.
  const c = createEmailChannel({ ...base, send: true, smtp: { ...base.smtp, port: smtp.port }, ...over, retry: { random: () => 0, ...over.retry } });
  channels.push(c);
  return c;
}

const publication = () => env.store.getPublication(v1.version.key, v1.version.revision, 'email', 'lore:kvm');

/** What the channel does before it sends v1's reply: render it and record the intent (no attempt before). */
async function intentRecorded(): Promise<Awaited<ReturnType<typeof renderReply>>> {
  const opts = env.options();
  const mails = v1.records.map(threadMail);
  const policy = policyFor(opts.policies, v1.source, mails[0]!)!;
  const r = recipients(mails[0]!, policy, 'kvetch@example.org');
  const reply = await renderReply({
    from: { name: 'kvetch bot', address: 'kvetch@example.org' }, version: v1.version, parent: mails[0]!, mails, to: r.to, cc: [...r.lists, ...r.others],
    findings: selectFindings(v1.findings, policy), docsBase: opts.docsBase, date: NOW,
  });
  await env.store.putPublication({
    key: v1.version.key, revision: 1, channel: 'email', target: 'lore:kvm', state: 'intent', fingerprint: reply.digest, externalId: reply.messageId,
    payload: JSON.stringify({ messageId: reply.messageId, intentAt: NOW.toISOString() }), attempts: 0,
  });
  return reply;
}

describe('email channel over SMTP', () => {
  test('sends one reply threaded under the cover letter; a second publish sends nothing', async () => {
    const c = channel();
    const o = await c.publish(v1, env.ctx());
    assert.deepEqual([o.published, o.errors, o.written], [1, [], []]);
    assert.equal(smtp.received.length, 1);
    const got = smtp.received[0]!;
    assert.equal(got.from, 'kvetch@example.org');
    assert.deepEqual(got.to.sort(), ['ada@example.org', 'kvm@vger.kernel.org']);
    const m = await simpleParser(got.raw);
    assert.equal(m.subject, 'Re: [PATCH 0/2] KVM: x86: let the VFIO device see IOMMU groups');
    assert.equal(m.inReplyTo, '<cover.1795403984.git.ada@example.org>');
    assert.equal(m.references, '<cover.1795403984.git.ada@example.org>');
    assert.equal(m.headers.get('auto-submitted'), 'auto-generated');
    assert.equal(m.headers.get('x-patchwork-hint'), 'ignore');
    assert.match(m.headers.get('x-kvetch-fingerprint') as string, new RegExp(`^kvetch:v1 series=${v1.version.key} rev=1 fp=[0-9a-f]{32}$`));
    assert.match(m.text ?? '', /EXPORT_SYMBOL_GPL\(vfio_file_iommu_group\)/);
    const p = await publication();
    assert.equal(p?.state, 'sent');
    assert.equal(p?.attempts, 1);
    assert.equal(p?.externalId, m.messageId);
    assert.ok(openSendLog(env.options().sendLogPath).acceptedAt(m.messageId!), 'the send log holds the Message-ID');

    const again = await c.publish(v1, env.ctx(minutes(60)));
    assert.equal(again.published, 0);
    assert.match(again.skipped[0]?.why ?? '', /already sent to lore:kvm as <kvetch\.v1\./);
    assert.equal(smtp.received.length, 1, 'not sent twice');
  });

  test('451 temporary failure: recorded failed, retried after the backoff, sent once', async () => {
    smtp.script = [{ code: 451, message: '4.3.0 Try again later' }];
    const c = channel();
    const first = await c.publish(v1, env.ctx());
    assert.equal(first.published, 0);
    assert.match(first.errors[0] ?? '', new RegExp(`SMTP server 127\\.0\\.0\\.1:${smtp.port} deferred <kvetch\\.v1\\..*451 4\\.3\\.0 Try again later`));
    const failed = await publication();
    assert.equal(failed?.state, 'failed');
    assert.equal(failed?.attempts, 1);
    assert.equal(smtp.received.length, 0);

    const early = await c.publish(v1, env.ctx(minutes(5)));
    assert.match(early.skipped[0]?.why ?? '', /retry after 2023-09-27T12:10:00\.000Z/);
    assert.equal(smtp.attempts, 1, 'no retry before the backoff');

    const retry = await c.publish(v1, env.ctx(minutes(10)));
    assert.deepEqual([retry.published, retry.errors], [1, []]);
    const sent = await publication();
    assert.deepEqual([sent?.state, sent?.attempts], ['sent', 2]);
    await c.publish(v1, env.ctx(minutes(20)));
    assert.equal(smtp.received.length, 1, 'sent exactly once');
    assert.equal((await simpleParser(smtp.received[0]!.raw)).messageId, failed?.externalId, 'the retry carries the same Message-ID');
  });

  test('550 permanent refusal: recorded failed, retried later (6x backoff), never duplicated; gives up after maxAttempts', async () => {
    smtp.script = [{ code: 550, message: '5.7.1 Relaying denied' }, { code: 550, message: '5.7.1 Relaying denied' }];
    const c = channel({ retry: { maxAttempts: 2 } });
    const first = await c.publish(v1, env.ctx());
    assert.match(first.errors[0] ?? '', /refused <kvetch\.v1\..*550 5\.7\.1 Relaying denied/);
    assert.equal((await publication())?.state, 'failed');
    assert.match((await c.publish(v1, env.ctx(minutes(59)))).skipped[0]?.why ?? '', /retry after 2023-09-27T13:00:00\.000Z/);
    const second = await c.publish(v1, env.ctx(minutes(60)));
    assert.equal(second.errors.length, 1);
    const gaveUp = await c.publish(v1, env.ctx(minutes(24 * 60)));
    assert.match(gaveUp.skipped[0]?.why ?? '', /gave up after 2 attempts: .*550/);
    const p = await publication();
    assert.deepEqual([p?.state, p?.attempts], ['failed', 2]);
    assert.equal(smtp.attempts, 2);
    assert.equal(smtp.received.length, 0);
  });

  test('550 then accepted on the later retry: one mail', async () => {
    smtp.script = [{ code: 550, message: '5.1.1 No such list' }];
    const c = channel();
    await c.publish(v1, env.ctx());
    const later = await c.publish(v1, env.ctx(minutes(61)));
    assert.equal(later.published, 1);
    await c.publish(v1, env.ctx(minutes(200)));
    assert.equal(smtp.received.length, 1);
  });

  test('connection dropped mid-DATA: not accepted, not logged, sent once by the next call', async () => {
    smtp.script = ['drop'];
    const c = channel();
    const first = await c.publish(v1, env.ctx());
    assert.match(first.errors[0] ?? '', new RegExp(`SMTP server 127\\.0\\.0\\.1:${smtp.port}: connection failed while sending <kvetch\\.v1\\.`));
    const failed = await publication();
    assert.deepEqual([failed?.state, failed?.attempts], ['failed', 1]);
    assert.equal(openSendLog(env.options().sendLogPath).acceptedAt(failed!.externalId!), null, 'the send log does not hold it');
    assert.equal(smtp.received.length, 0);
    const retry = await c.publish(v1, env.ctx(minutes(10)));
    assert.equal(retry.published, 1);
    await c.publish(v1, env.ctx(minutes(30)));
    assert.equal(smtp.attempts, 2);
    assert.equal(smtp.received.length, 1, 'not lost, not sent twice');
  });

  test('a crash between the SMTP 250 and the store\'s sent record: the send log decides, no resend', async () => {
    // The pieces the channel runs, stopped after the send log is written (the process "dies").
    const opts = env.options();
    const reply = await intentRecorded();
    const sender = createSmtpSender({ host: '127.0.0.1', port: smtp.port, starttls: false });
    const accepted = await sender.send(reply.envelope, reply.raw, reply.messageId);
    sender.close();
    openSendLog(opts.sendLogPath).record({ messageId: reply.messageId, acceptedAt: NOW, response: accepted.response });
    assert.equal(smtp.received.length, 1);

    const restarted = channel();
    const o = await restarted.publish(v1, env.ctx(minutes(1)));
    assert.equal(o.published, 0);
    assert.match(o.skipped[0]?.why ?? '', /accepted by the SMTP server at 2023-09-27T12:00:00\.000Z \(send log\); recorded as sent, not sent again/);
    const p = await publication();
    assert.deepEqual([p?.state, p?.externalId], ['sent', reply.messageId]);
    await restarted.publish(v1, env.ctx(minutes(60)));
    assert.equal(smtp.received.length, 1, 'no resend');
    assert.equal(smtp.attempts, 1);
  });

  test('a crash after the final dot, before the server\'s reply was read: recorded sent (unconfirmed), never resent', async () => {
    // The pieces the channel runs, stopped after the data end is logged and the dot has gone.
    const opts = env.options();
    const reply = await intentRecorded();
    const log = openSendLog(opts.sendLogPath);
    const sender = createSmtpSender({ host: '127.0.0.1', port: smtp.port, starttls: false });
    await sender.send(reply.envelope, reply.raw, reply.messageId, () => log.recordDataEnd({ messageId: reply.messageId, attempt: 1, dataEndAt: NOW }));
    sender.close();
    assert.equal(smtp.received.length, 1);
    assert.equal(log.acceptedAt(reply.messageId), null, 'the process "died" before it logged the 250');

    const restarted = channel();
    const o = await restarted.publish(v1, env.ctx(minutes(20)));
    assert.equal(o.published, 0);
    assert.match(o.skipped[0]?.why ?? '', /was handed to the SMTP server whole, up to its final dot, at 2023-09-27T12:00:00\.000Z, and kvetch stopped before the server's reply \(send log\); recorded as sent, not sent again/);
    const p = await publication();
    assert.deepEqual([p?.state, p?.externalId], ['sent', reply.messageId]);
    assert.equal((JSON.parse(p?.payload ?? '{}') as { unconfirmed?: boolean }).unconfirmed, true);
    await restarted.publish(v1, env.ctx(minutes(60)));
    assert.equal(smtp.received.length, 1, 'no resend, even long after inFlightMinutes');
    assert.equal(smtp.attempts, 1);
  });

  test('a send log that cannot be written: the DATA is never ended, recorded failed naming the log, sent once it can be', async () => {
    const blocker = `${env.dir}/blocker`;
    writeFileSync(blocker, '');
    const c = channel({ sendLogPath: `${blocker}/send-log.jsonl` });
    const o = await c.publish(v1, env.ctx());
    assert.equal(o.published, 0);
    assert.match(o.errors[0] ?? '', /was not sent to SMTP server 127\.0\.0\.1:\d+: cannot open the email send log .*blocker\/send-log\.jsonl/);
    assert.deepEqual([smtp.attempts, smtp.received.length], [1, 0]);
    const p = await publication();
    assert.deepEqual([p?.state, p?.attempts], ['failed', 1]);
    rmSync(blocker);
    const retried = await c.publish(v1, env.ctx(minutes(11)));
    assert.equal(retried.published, 1);
    assert.equal(smtp.received.length, 1);
  });

  test('a crash after the intent but before SMTP: in flight for a while, then sent once (not lost)', async () => {
    await env.store.putPublication({
      key: v1.version.key, revision: 1, channel: 'email', target: 'lore:kvm', state: 'intent', fingerprint: 'x',
      payload: JSON.stringify({ messageId: '<never-sent@example.org>', intentAt: NOW.toISOString() }),
    });
    const c = channel();
    const soon = await c.publish(v1, env.ctx(minutes(2)));
    assert.match(soon.skipped[0]?.why ?? '', /a send is in flight since 2023-09-27T12:00:00\.000Z/);
    assert.equal(smtp.attempts, 0);
    const later = await c.publish(v1, env.ctx(minutes(11)));
    assert.equal(later.published, 1);
    assert.equal(smtp.received.length, 1);
  });
});

describe('email channel, SMTP server unreachable', () => {
  test('a refused connection is recorded failed, naming host:port and the Message-ID; nothing throws', async () => {
    const gone = await startSmtp();
    const port = gone.port;
    await gone.stop();
    const base = env.options();
    const c = createEmailChannel({ ...base, send: true, smtp: { ...base.smtp, port } });
    channels.push(c);
    const o = await c.publish(v1, env.ctx());
    assert.match(o.errors[0] ?? '', new RegExp(`SMTP server 127\\.0\\.0\\.1:${port}: connection failed while sending <kvetch\\.v1\\..*ECONNREFUSED`));
    const p = await publication();
    assert.deepEqual([p?.state, p?.attempts], ['failed', 1]);
  });
});

describe('email channel over SMTP with AUTH', () => {
  let authSmtp: TestSmtp;
  before(async () => {
    authSmtp = await startSmtp({ auth: { user: 'kvetch', pass: 's3cret' } });
  });
  after(() => authSmtp.stop());

  test('logs in with the configured user and password; a wrong password is a permanent failure naming 535', async () => {
    const base = env.options();
    const wrong = createEmailChannel({ ...base, send: true, smtp: { ...base.smtp, port: authSmtp.port, auth: { user: 'kvetch', pass: 'nope' } }, retry: { random: () => 0 } });
    channels.push(wrong);
    const bad = await wrong.publish(v1, env.ctx());
    assert.match(bad.errors[0] ?? '', /535/);
    assert.equal((await publication())?.state, 'failed');
    const right = createEmailChannel({ ...base, send: true, smtp: { ...base.smtp, port: authSmtp.port, auth: { user: 'kvetch', pass: 's3cret' } } });
    channels.push(right);
    const ok = await right.publish(v1, env.ctx(minutes(61)));
    assert.equal(ok.published, 1);
    assert.equal(authSmtp.received.length, 1);
  });

  test('a user and password configured for a server that offers no AUTH: refused before any mail, never sent without them', async () => {
    const base = env.options();
    const c = createEmailChannel({ ...base, send: true, smtp: { ...base.smtp, port: smtp.port, auth: { user: 'kvetch', pass: 's3cret' } } });
    channels.push(c);
    const o = await c.publish(v1, env.ctx());
    assert.match(o.errors[0] ?? '', /refused <kvetch\.v1\..*the server offers no AUTH, yet a user and password are configured/);
    assert.deepEqual([smtp.attempts, smtp.received.length], [0, 0]);
    assert.deepEqual([(await publication())?.state, (await publication())?.attempts], ['failed', 1]);
  });
});
