/**
 * `kvetch check <Message-ID>` against a real public-inbox gives the same series and findings as
 * `kvetch check` on the same thread's mails from a file: every thread of the corpus sample,
 * by bare id, <id> and lore URL in turn.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { toMbox } from '../support/mbox-write.js';
import { midEscape } from '../../src/ingest/lore/url.js';
import { threadsOf } from '../support/mail-threads.js';
import { startPublicInbox, type PublicInbox } from '../support/public-inbox.js';
import { comparable, runKvetch } from '../support/run-cli.js';
import { corpusDir } from '../support/shared-dir.js';

let pi: PublicInbox;
let dir = '';

before(async () => {
  pi = await startPublicInbox({ lists: [{ name: 'corpus', mbox: join(corpusDir(), 'sample.mbox') }], xapian: false });
  dir = await mkdtemp(join(tmpdir(), 'kvetch-check-lore-'));
});
after(async () => {
  await pi?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('check <msgid> from public-inbox = check of the same mails from a file, for every thread of the corpus sample', async () => {
  const mails = pi.mails('corpus');
  const byId = new Map<string, Buffer>();
  for (const m of mails) {
    const id = /^Message-ID:\s*<([^>]+)>/im.exec(m.subarray(0, 8192).toString('latin1'))?.[1];
    if (id) byId.set(id, m);
  }
  const threads = new Map<string, string[]>();
  for (const ids of (await threadsOf(mails)).values()) threads.set(ids.join(' '), ids);
  assert.ok(threads.size >= 30, `${threads.size} threads`);
  let n = 0;
  for (const ids of threads.values()) {
    const root = ids[0] as string;
    const file = join(dir, `t${n}.mbox`);
    await writeFile(file, toMbox(ids.map((id) => byId.get(id) as Buffer)));
    const offline = await runKvetch(['check', file, '--format', 'json', '--fail-level', 'none', '--no-progress']);
    const arg = [root, `<${root}>`, `${pi.base}/corpus/${midEscape(root)}/`][n % 3] as string;
    const online = await runKvetch(['check', arg, '--lore-base', pi.base, '--format', 'json', '--fail-level', 'none', '--no-progress']);
    assert.equal(online.status, 0, online.stderr);
    assert.deepEqual(comparable(online.stdout), comparable(offline.stdout), `thread of ${arg}`);
    n++;
  }
});

test('check <msgid> that the archive does not have: exit 2, the message names it, no internal error', async () => {
  const r = await runKvetch(['check', 'no-such-message@example.org', '--lore-base', pi.base, '--no-progress']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no-such-message@example\.org/);
  assert.doesNotMatch(r.stderr, /internal error/);
});
