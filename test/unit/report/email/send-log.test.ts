import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { openSendLog } from '../../../../src/report/email/send-log.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-sendlog-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const T = new Date('2024-03-04T12:00:00.000Z');

test('record appends one JSON line per accepted message; acceptedAt finds it (a missing file is empty)', () => {
  const path = join(dir, 'state', 'sub', 'send-log.jsonl');
  const log = openSendLog(path);
  assert.equal(log.acceptedAt('<a@x>'), null);
  log.record({ messageId: '<a@x>', acceptedAt: T, response: '250 2.0.0 Ok: queued' });
  log.record({ messageId: '<b@x>', acceptedAt: new Date(T.getTime() + 1000) });
  assert.deepEqual(log.acceptedAt('<a@x>'), T);
  assert.equal(log.acceptedAt('<c@x>'), null);
  assert.deepEqual(readFileSync(path, 'utf8').split('\n'), [
    '{"messageId":"<a@x>","acceptedAt":"2024-03-04T12:00:00.000Z","response":"250 2.0.0 Ok: queued"}',
    '{"messageId":"<b@x>","acceptedAt":"2024-03-04T12:00:01.000Z"}',
    '',
  ]);
  assert.equal(openSendLog(path).entries().length, 2, 'another instance reads the same file');
});

test('a line torn by a crash is ignored and the next record starts on a fresh line', () => {
  const path = join(dir, 'torn.jsonl');
  writeFileSync(path, '{"messageId":"<a@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n');
  appendFileSync(path, '{"messageId":"<b@x>","accep');
  const log = openSendLog(path);
  assert.deepEqual(log.entries().map((e) => e.messageId), ['<a@x>']);
  log.record({ messageId: '<c@x>', acceptedAt: T });
  assert.deepEqual(log.entries().map((e) => e.messageId), ['<a@x>', '<c@x>']);
  assert.equal(log.acceptedAt('<b@x>'), null);
});

test('an unreadable or unwritable log is an error naming the file', () => {
  writeFileSync(join(dir, 'blocker'), '');
  const underFile = join(dir, 'blocker', 'send-log.jsonl');
  assert.throws(() => openSendLog(underFile).record({ messageId: '<a@x>', acceptedAt: T }), (e: Error) => e.message.includes(underFile) && /cannot open the email send log/.test(e.message));
  assert.throws(() => openSendLog(dir).acceptedAt('<a@x>'), (e: Error) => e.message.includes(dir) && /cannot read the email send log/.test(e.message));
});

test('a data end is one line per attempt, found by Message-ID and attempt; it is not an acceptance', () => {
  const path = join(dir, 'data-end.jsonl');
  const log = openSendLog(path);
  log.recordDataEnd({ messageId: '<a@x>', attempt: 2, dataEndAt: T });
  log.record({ messageId: '<b@x>', acceptedAt: T });
  assert.deepEqual(log.dataEndAt('<a@x>', 2), T);
  assert.equal(log.dataEndAt('<a@x>', 1), null, 'another attempt');
  assert.equal(log.dataEndAt('<b@x>', 1), null, 'an acceptance is not a data end');
  assert.equal(log.acceptedAt('<a@x>'), null, 'a data end is not an acceptance');
  assert.deepEqual(log.entries().map((e) => e.messageId), ['<b@x>']);
  assert.deepEqual(readFileSync(path, 'utf8').split('\n')[0], '{"messageId":"<a@x>","attempt":2,"dataEndAt":"2024-03-04T12:00:00.000Z"}');
  // A torn data end (the process killed mid-write) says nothing; the next line starts afresh.
  appendFileSync(path, '{"messageId":"<c@x>","attempt":1,"dataE');
  log.recordDataEnd({ messageId: '<d@x>', attempt: 1, dataEndAt: T });
  assert.equal(log.dataEndAt('<c@x>', 1), null);
  assert.deepEqual(log.dataEndAt('<d@x>', 1), T);
});
