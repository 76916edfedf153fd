/**
 * The README's third command, `kvetch watch --config examples/kvetch.yml --once`, on a copy of
 * the examples: the daemon takes every example mail in (each parsed once), analyses each version
 * once, writes the replies it would send, and a second run has nothing new to do.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runKvetch } from '../../support/run-cli.js';

const EXAMPLES = fileURLToPath(new URL('../../../../examples', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kvetch-examples-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('watch --config examples/kvetch.yml --once: every example mail in, replies written, nothing sent, nothing twice', async () => {
  cpSync(EXAMPLES, join(dir, 'examples'), { recursive: true, filter: (src) => !src.includes('.state') });
  const config = join(dir, 'examples', 'kvetch.yml');
  const first = await runKvetch(['watch', '--config', config, '--once']);
  assert.equal(first.status, 0, first.stderr.slice(-2000));
  const m = /(\d+) new mails stored \((\d+) parsed\), (\d+) series versions? assembled, (\d+) analysed/.exec(first.stdout);
  assert.ok(m, first.stdout);
  assert.equal(m[1], m[2], 'each mail parsed once');
  assert.ok(Number(m[1]) >= 15 && Number(m[4]) >= 5, first.stdout);
  assert.match(first.stdout, /Dry run \(no --send\): nothing left the machine/);
  const outbox = join(dir, 'examples', '.state', 'email-outbox');
  const eml = readdirSync(outbox).sort();
  // kvm-vfio v1 and v2 arrive in the same round: only the newest revision is answered.
  assert.equal(eml.length, 2, `replies to kvm-vfio v2 (v1 is superseded) and the maildir patch: ${eml.join(', ')}`);
  const v2 = readFileSync(join(outbox, eml.find((f) => f.endsWith('-v2.eml')) ?? ''), 'utf8').replace(/=\r?\n/g, '');
  assert.match(v2, /Changes since v1: \d+ fixed, \d+ still present, \d+ new\./);
  assert.match(first.stderr, /"reason":"superseded".*v2 was sent already/, 'v1 skipped, said in the log');
  const again = await runKvetch(['watch', '--config', config, '--once']);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /0 new mails stored \(0 parsed\), 0 series versions assembled, 0 analysed, 0 publications\./);
  assert.equal(readdirSync(outbox).length, 2);
});
