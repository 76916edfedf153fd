/**
 * The raw header checks remember the charset labels they were asked about, at most a few
 * hundred: labels come from mail, and an archive with a label per mail must not grow memory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { charsetsRemembered, checkRawHeaders } from '../../../src/pipeline/raw-checks.js';

function mail(charset: string): Buffer {
  return Buffer.from(`From: a@example.org\nSubject: x\nContent-Type: text/plain; charset="${charset}"\n\nbody\n`, 'latin1');
}

const check = (charset: string) => {
  const bytes = mail(charset);
  return checkRawHeaders({ source: 'm.mbox', index: 0, offset: 0, bytes, size: bytes.length, oversized: false, truncated: false });
};

test('raw-checks: 5,000 made-up charsets are each reported, known ones are not, and at most 256 labels are remembered', () => {
  for (let i = 0; i < 5000; i++) {
    const problems = check(`x-made-up-${i}`);
    assert.deepEqual(
      problems.map((p) => p.kind),
      ['unknown-charset'],
      `label ${i}`,
    );
  }
  assert.ok(charsetsRemembered() <= 256, `${charsetsRemembered()} labels remembered`);
  for (const known of ['utf-8', 'ISO-8859-1', 'windows-1252', 'utf-7']) assert.deepEqual(check(known), [], known);
  assert.deepEqual(check('x-made-up-4999').map((p) => p.kind), ['unknown-charset'], 'asked again after the bound');
});
