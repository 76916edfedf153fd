import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

test('a question reads only what was appended since the last one, and sees another writer', () => {
  const path = join(dir, 'incremental.jsonl');
  const a = '{"messageId":"<a@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n';
  writeFileSync(path, a);
  const log = openSendLog(path);
  assert.deepEqual(log.acceptedAt('<a@x>'), T);
  // Bytes already read are not read again: rewritten in place (same file, same size), they still answer as before.
  writeFileSync(path, a.replace('<a@x>', '<z@x>'));
  appendFileSync(path, '{"messageId":"<b@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n');
  assert.deepEqual(log.acceptedAt('<a@x>'), T, 'the first line was not read again');
  assert.equal(log.acceptedAt('<z@x>'), null);
  assert.deepEqual(log.acceptedAt('<b@x>'), T, 'a line another writer appended');
  assert.deepEqual(openSendLog(path).acceptedAt('<z@x>'), T, 'a new reader reads the file from its start');
});

test('a log that shrank or was replaced is read again from its start', () => {
  const path = join(dir, 'rotated.jsonl');
  writeFileSync(path, '{"messageId":"<a@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n{"messageId":"<b@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n');
  const log = openSendLog(path);
  assert.deepEqual(log.acceptedAt('<b@x>'), T);
  writeFileSync(path, '{"messageId":"<c@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n');
  assert.equal(log.acceptedAt('<a@x>'), null, 'truncated in place');
  assert.deepEqual(log.acceptedAt('<c@x>'), T);
  const other = join(dir, 'rotated.new');
  writeFileSync(other, '{"messageId":"<d@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n{"messageId":"<e@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}\n');
  renameSync(other, path);
  assert.equal(log.acceptedAt('<c@x>'), null, 'replaced by another file');
  assert.deepEqual(log.entries().map((e) => e.messageId), ['<d@x>', '<e@x>']);
});

test('a whole last line without its newline counts; the next record still starts on a fresh line', () => {
  const path = join(dir, 'no-newline.jsonl');
  writeFileSync(path, '{"messageId":"<a@x>","acceptedAt":"2024-03-04T12:00:00.000Z"}');
  const log = openSendLog(path);
  assert.deepEqual(log.acceptedAt('<a@x>'), T);
  log.record({ messageId: '<b@x>', acceptedAt: T });
  assert.deepEqual(log.entries().map((e) => e.messageId), ['<a@x>', '<b@x>']);
  assert.equal(readFileSync(path, 'utf8').split('\n').length, 3);
});

test('a log of many megabytes: every line is found, across the reads and multi-byte characters', () => {
  const path = join(dir, 'big.jsonl');
  const lines: string[] = [];
  for (let i = 0; i < 30_000; i++) lines.push(JSON.stringify({ messageId: `<m${i}@x>`, acceptedAt: T.toISOString(), response: `250 ok ${'é'.repeat(i % 7)}` }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  const log = openSendLog(path);
  const found = log.entries();
  assert.equal(found.length, 30_000);
  for (let i = 0; i < 30_000; i += 997) assert.equal(found[i]?.response, `250 ok ${'é'.repeat(i % 7)}`);
  assert.deepEqual(log.acceptedAt('<m29999@x>'), T);
});
