/**
 * The SMTP sender's hook before the final dot, against a real SMTP server on 127.0.0.1: it runs
 * after the server's 354 and the whole mail, and before the server reads the end of the DATA;
 * when it throws, the dot is never sent and the server holds nothing.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, beforeEach, test } from 'node:test';
import { openSendLog } from '../../../../src/report/email/send-log.js';
import { createSmtpSender, SmtpError, type Sender } from '../../../../src/report/email/smtp.js';
import { startSmtp, type TestSmtp } from '../../../support/smtp-server.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-data-end-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const T = new Date('2024-03-04T12:00:00.000Z');
const ID = '<kvetch.v1.data-end@example.org>';
const raw = Buffer.from(`From: kvetch <kvetch@example.org>\r\nTo: ada@example.org\r\nMessage-ID: ${ID}\r\nSubject: t\r\n\r\n${'line of a long body\r\n'.repeat(5000)}.starts with a dot\r\n`);
const envelope = { from: 'kvetch@example.org', to: ['ada@example.org'] };

let smtp: TestSmtp;
let sender: Sender;
beforeEach(async () => {
  smtp = await startSmtp({ refuse: (a) => a.startsWith('nobody@') });
  sender = createSmtpSender({ host: '127.0.0.1', port: smtp.port, starttls: false, timeoutMs: 10_000 });
});
afterEach(async () => {
  sender.close();
  await smtp.stop();
});

test('the data end is in the send log when the server reads the final dot, and the mail arrives whole', async () => {
  const log = openSendLog(join(dir, 'ordered.jsonl'));
  const seen: (Date | null)[] = [];
  smtp.onDataEnd = () => seen.push(log.dataEndAt(ID, 1));
  const ok = await sender.send(envelope, raw, ID, () => log.recordDataEnd({ messageId: ID, attempt: 1, dataEndAt: T }));
  assert.match(ok.response, /^250 /);
  assert.deepEqual(seen, [T], 'the server read the end of DATA after the record was synced');
  assert.equal(smtp.received.length, 1);
  assert.ok(smtp.received[0]!.raw.equals(raw), 'the mail arrived byte for byte (dot-stuffing undone)');
  assert.equal(log.acceptedAt(ID), null, 'the data end is not an acceptance');
  assert.equal(log.dataEndAt(ID, 2), null, 'nor the data end of another attempt');
});

test('a hook that throws: no final dot, the server holds nothing, the error names the cause', async () => {
  const err = await sender.send(envelope, raw, ID, () => {
    throw new Error('cannot write the email send log /x/send-log.jsonl: ENOSPC');
  }).then(() => null, (e: unknown) => e);
  assert.ok(err instanceof SmtpError, String(err));
  assert.match(err.message, /<kvetch\.v1\.data-end@example\.org> was not sent to SMTP server 127\.0\.0\.1:\d+: cannot write the email send log \/x\/send-log\.jsonl: ENOSPC/);
  assert.equal(err.permanent, false);
  assert.equal(smtp.attempts, 1, 'the DATA was started');
  assert.equal(smtp.received.length, 0, 'and never ended');
  // The server is still fine for the next mail.
  await sender.send(envelope, raw, ID);
  assert.equal(smtp.received.length, 1);
});

test('the hook waits for the 354: a refused recipient or a server that is gone never runs it', async () => {
  let ran = 0;
  const hook = () => void ran++;
  const refused = await sender.send({ ...envelope, to: ['nobody@example.org'] }, raw, ID, hook).then(() => null, (e: unknown) => e);
  assert.ok(refused instanceof SmtpError && refused.permanent, String(refused));
  assert.match(refused.message, /refused <kvetch\.v1\.data-end@example\.org>: .*550/);
  const port = smtp.port;
  await smtp.stop();
  const gone = createSmtpSender({ host: '127.0.0.1', port, starttls: false, timeoutMs: 2_000 });
  const down = await gone.send(envelope, raw, ID, hook).then(() => null, (e: unknown) => e);
  gone.close();
  assert.match(String(down), /connection failed while sending .*ECONNREFUSED/);
  assert.equal(ran, 0);
  smtp = await startSmtp();
});

test('a recipient refused among accepted ones: sent to the others, the refused one reported', async () => {
  const ok = await sender.send({ ...envelope, to: ['ada@example.org', 'nobody@example.org'] }, raw, ID);
  assert.deepEqual(ok.rejected, ['nobody@example.org']);
  assert.deepEqual(smtp.received[0]?.to, ['ada@example.org']);
});
