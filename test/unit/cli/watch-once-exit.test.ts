/** `kvetch watch --once` for cron: a round in which a source could not be read exits 2 (none read, or some); every source read exits 0. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { runKvetch } from '../../support/run-cli.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-watch-once-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function config(name: string, sources: string[]): string {
  const file = join(dir, `${name}.yml`);
  writeFileSync(file, [`db: ${name}.db`, 'sources:', ...sources, 'channels:', '  log:', '    enabled: false', ''].join('\n'));
  return file;
}

const missingFile = ['  - type: files', '    path: ./no-such.mbox'];
const missingMaildir = ['  - type: maildir', '    path: ./no-such-maildir'];

test('every source failed: exit 2, and stderr says so', async () => {
  const r = await runKvetch(['watch', '--once', '-c', config('all-fail', [...missingFile, ...missingMaildir])]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /none of the 2 source\(s\) could be read this round/);
});

test('one source read, one failed: exit 2 naming the unread one; the readable one was still taken in', async () => {
  const r = await runKvetch(['watch', '--once', '-c', config('one-fails', [...missingMaildir, '  - type: files', `    path: ${JSON.stringify(resolve('examples', 'kvm-vfio.mbox'))}`])]);
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /poll failed/);
  assert.match(r.stderr, /1 of the 2 source\(s\) could not be read this round: maildir:\.\/no-such-maildir/);
  assert.match(r.stdout, /[1-9]\d* new mail|ingested[^0-9]*[1-9]/i, r.stdout);
});

test('every source read: exit 0', async () => {
  const r = await runKvetch(['watch', '--once', '-c', config('all-read', ['  - type: files', `    path: ${JSON.stringify(resolve('examples', 'kvm-vfio.mbox'))}`])]);
  assert.equal(r.status, 0, r.stderr);
  assert.doesNotMatch(r.stderr, /could (not )?be read this round/);
});
