import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectArchivePage, pageMessages, pageToMessages } from '../../../../src/ingest/files/archive-page.js';
import { readPath } from '../../../../src/ingest/files/read-files.js';
import type { RawMessage } from '../../../../src/model/raw-message.js';
import { processMessage } from '../../../../src/pipeline/process-message.js';

const page = (...lines: string[]): string => lines.join('\n') + '\n';

interface Mail {
  headers: Map<string, string>;
  body: string;
}
const parse = (b: Buffer): Mail => {
  const s = b.toString('utf8');
  const end = s.indexOf('\n\n');
  const headers = new Map<string, string>();
  for (const line of s.slice(0, end).replace(/\n[ \t]+/g, ' ').split('\n')) {
    const c = line.indexOf(':');
    headers.set(line.slice(0, c).toLowerCase(), line.slice(c + 1).trim());
  }
  return { headers, body: s.slice(end + 2) };
};
const raw = (bytes: Buffer, source = 'page.txt'): RawMessage => ({ source, offset: 0, index: 0, bytes, size: bytes.length, oversized: false, truncated: false });

const PIPERMAIL = page(
  '[Gizmo-devel] [PATCH 2/3] gizmo: spin the widget faster',
  '',
  'Ada Lovelace ada.l at example.org',
  'Tue Feb  6 14:05:09 CET 2024',
  '',
  '',
  'On Mon, Feb 05, 2024 at 10:00:00AM +0100, Bob Builder wrote:',
  '> Spinning it twice as fast should be enough.',
  '',
  'Once more would overheat the bearings, so no.',
  '',
  '',
  'More information about the Gizmo-devel mailing list',
);

const PATCHEW = page(
  '[PATCH v2 1/2] gizmo: add a tuning knob',
  '',
  'Ada Lovelace posted 2 patches 3\u00a0days ago',
  'Only 1 patches received!',
  '[PATCH v2 1/2] gizmo: add a tuning knob',
  'Posted by Ada Lovelace 3\u00a0days ago',
  'Let userspace tune the gizmo through a knob.',
  '',
  'Signed-off-by: Ada Lovelace <ada@example.org>',
  '---',
  ' drivers/gizmo/core.c | 1 +',
  ' 1 file changed, 1 insertion(+)',
  '',
  '--- a/drivers/gizmo/core.c',
  '+++ b/drivers/gizmo/core.c',
  '@@ -10,2 +10,3 @@ static int gizmo_probe(void)',
  '\tint ret;', // the renderer ate this context line's leading space
  '+\tint knob;',
  ' \treturn 0;',
  'Re: [PATCH v2 1/2] gizmo: add a tuning knob',
  'Posted by Bob Builder 2\u00a0days, 4\u00a0hours ago',
  'On Mon, Jan 01, 2024, Ada Lovelace wrote:',
  '> Let userspace tune the gizmo through a knob.',
  '',
  'What would anyone set it to?',
);

const PATCHWORK = page(
  'diff mbox series',
  '',
  '[v3] gizmo: drop the legacy knob',
  '',
  'Message ID 20240101120000.1234-1-ada@example.org (mailing list archive)',
  'State Accepted',
  'Headers show',
  'Series [v3] gizmo: drop the legacy knob | expand',
  '',
  'Commit Message',
  '',
  'Ada Lovelace Jan. 1, 2024, noon UTC',
  'Nobody has touched the legacy knob in years.',
  '',
  'Signed-off-by: Ada Lovelace <ada@example.org>',
  '---',
  ' drivers/gizmo/core.c | 1 -',
  ' 1 file changed, 1 deletion(-)',
  '',
  'Comments',
  '',
  'Bob Builder March 3, 2024, 4:05 p.m. UTC | #1',
  'Ada Lovelace <ada@example.org> writes:',
  '> Nobody has touched the legacy knob in years.',
  '',
  'Reviewed-by: Bob Builder <bob@example.net>',
  '',
  '> diff --git a/drivers/gizmo/core.c b/drivers/gizmo/core.c',
  '> -\tint legacy;',
  'Carol Coder Sept. 30, 2024, midnight UTC | #2',
  'Applied to gizmo-next, thanks.',
  'diff mbox series',
  '',
  'Patch',
  '',
  'diff --git a/drivers/gizmo/core.c b/drivers/gizmo/core.c',
  'index 1111111..2222222 100644',
  '--- a/drivers/gizmo/core.c',
  '+++ b/drivers/gizmo/core.c',
  '@@ -5,4 +5,3 @@  struct gizmo {',
  ' \tint speed;',
  '-\tint legacy;',
  ' \tint torque;',
  // the hunk's last context line (a lone space) was trimmed away with the page's end
);

test('detects each kind of rendered page', () => {
  assert.equal(detectArchivePage(PIPERMAIL), 'pipermail');
  assert.equal(detectArchivePage(PATCHEW), 'patchew');
  assert.equal(detectArchivePage(PATCHWORK), 'patchwork');
  assert.equal(detectArchivePage(PIPERMAIL.replace('[Gizmo-devel] [PATCH 2/3] gizmo:', 'gizmo: core:')), 'pipermail', 'a subject with colons is not a header');
});

test('mail, mbox, gzip and other text are not pages', () => {
  assert.equal(detectArchivePage('From ada@example.org Mon Jan  1 00:00:00 2024\nFrom: Ada <ada@example.org>\n\nhi\n'), null);
  assert.equal(detectArchivePage('Subject: [PATCH] gizmo: fix\nFrom: Ada <ada@example.org>\n\nbody\n'), null);
  assert.equal(detectArchivePage('Message-ID: <x@example.org>\n\nbody\n'), null);
  assert.equal(detectArchivePage('From: Ada <ada@example.org>\nMessage ID 123 (mailing list archive)\nCommit Message\n'), null);
  assert.equal(detectArchivePage('\x1f\x8b\x08\x00\x00\x00\x00\x00'), null);
  assert.equal(detectArchivePage('Dear diary,\n\ntoday I wrote a kernel patch.\nIt was posted by me 2 days ago.\n'), null);
  assert.equal(detectArchivePage(''), null);
});

test('pipermail: one reply mail with the address de-obfuscated and the date kept', () => {
  const msgs = pageToMessages(PIPERMAIL, 'pipermail', '/tmp/x/007_abcdef.txt');
  assert.equal(msgs.length, 1);
  const m = parse(msgs[0] as Buffer);
  assert.equal(m.headers.get('from'), 'Ada Lovelace <ada.l@example.org>');
  assert.equal(m.headers.get('subject'), 'Re: [Gizmo-devel] [PATCH 2/3] gizmo: spin the widget faster');
  assert.equal(m.headers.get('date'), 'Tue, 6 Feb 2024 14:05:09 +0100');
  assert.equal(m.headers.get('message-id'), '<page.007_abcdef.1@archive-page.invalid>');
  assert.equal(m.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(m.headers.get('x-kvetch-archive-page'), 'pipermail');
  assert.equal(m.headers.has('in-reply-to'), false);
  assert.ok(m.body.startsWith('On Mon, Feb 05, 2024'));
  assert.ok(m.body.endsWith('so no.\n'), 'footer dropped');
});

test('pipermail: a page carrying a patch stays a patch; odd dates; non-ASCII names', async () => {
  const text = page('[PATCH] gizmo: fix a typo', '', 'Ada ada at example.org', 'Fri Mar  1 08:00:00 XYZT 2024', '', 'Fix it.', '', '--- a/g.c', '+++ b/g.c', '@@ -1 +1 @@', '-teh', '+the');
  const m = parse(pageToMessages(text, 'pipermail', 'p.txt')[0] as Buffer);
  assert.equal(m.headers.get('subject'), '[PATCH] gizmo: fix a typo');
  assert.equal(m.headers.get('date'), 'Fri, 1 Mar 2024 08:00:00 -0000', 'unknown zone: -0000');
  const rec = await processMessage(raw(pageToMessages(text.replace('Ada ada at', 'J\u00f6rg R\u00f6del joro at'), 'pipermail', 'p.txt')[0] as Buffer));
  assert.equal(rec.author, 'J\u00f6rg R\u00f6del <joro@example.org>', 'non-ASCII names survive');
  assert.equal(rec.kind, 'patch');
  assert.deepEqual(rec.problems, []);
  const bad = parse(pageToMessages(text.replace('Mar  1', 'Mar 31').replace('Fri', 'Sun').replace('08:00', '28:00'), 'pipermail', 'p.txt')[0] as Buffer);
  assert.equal(bad.headers.has('date'), false, 'unparsable date omitted');
});

test('patchew: the patch and its reply, threaded, diff repaired', async () => {
  const msgs = pageMessages(PATCHEW, 'patchew', 'dir/001_page.txt');
  assert.equal(msgs.length, 2);
  const [p, r] = msgs.map((x) => parse(x.bytes)) as [Mail, Mail];
  assert.equal(p.headers.get('subject'), '[PATCH v2 1/2] gizmo: add a tuning knob');
  assert.equal(p.headers.get('from'), 'Ada Lovelace <ada@example.org>', 'address found in the trailers');
  assert.equal(p.headers.has('date'), false, '"3 days ago" is no date');
  assert.equal(p.headers.get('message-id'), '<page.001_page.1@archive-page.invalid>');
  assert.equal(r.headers.get('subject'), 'Re: [PATCH v2 1/2] gizmo: add a tuning knob');
  assert.equal(r.headers.get('from'), 'Bob Builder <bob.builder@archive-page.invalid>');
  assert.equal(r.headers.get('in-reply-to'), '<page.001_page.1@archive-page.invalid>');
  assert.equal(r.headers.get('references'), '<page.001_page.1@archive-page.invalid>');
  assert.ok(p.body.includes('\n \tint ret;\n'), 'eaten leading space restored');
  assert.ok(!p.body.includes('Posted by') && !r.body.includes('Posted by'));
  const offsets = msgs.map((x) => x.offset);
  assert.equal(Buffer.from(PATCHEW).subarray(offsets[1]).toString().split('\n')[0], 'Re: [PATCH v2 1/2] gizmo: add a tuning knob');
  const rec = await processMessage(raw(msgs[0]?.bytes as Buffer));
  assert.equal(rec.kind, 'patch');
  assert.deepEqual(rec.problems, []);
  assert.deepEqual(rec.files.map((f) => [f.path, f.additions, f.deletions]), [['drivers/gizmo/core.c', 1, 0]]);
});

test('patchwork: the diff at the end belongs to the patch, comments are replies', async () => {
  const msgs = pageToMessages(PATCHWORK, 'patchwork', '002_pw.txt');
  assert.equal(msgs.length, 3);
  const [p, c1, c2] = msgs.map(parse) as [Mail, Mail, Mail];
  const id = '<20240101120000.1234-1-ada@example.org>';
  assert.equal(p.headers.get('message-id'), id);
  assert.equal(p.headers.get('subject'), '[v3] gizmo: drop the legacy knob');
  assert.equal(p.headers.get('date'), 'Mon, 1 Jan 2024 12:00:00 +0000');
  assert.equal(p.headers.get('from'), 'Ada Lovelace <ada@example.org>');
  assert.equal(p.headers.has('in-reply-to'), false);
  assert.match(p.body, /^diff --git a\/drivers\/gizmo\/core\.c b\/drivers\/gizmo\/core\.c$/m, 'diff line-anchored');
  assert.match(p.body, /^-\tint legacy;$/m);
  assert.ok(!p.body.includes('Comments') && !p.body.includes('Bob Builder March'));
  for (const [c, who, date, id2] of [
    [c1, 'Bob Builder <bob@example.net>', 'Sun, 3 Mar 2024 16:05:00 +0000', '<page.002_pw.2@archive-page.invalid>'],
    [c2, 'Carol Coder <carol.coder@archive-page.invalid>', 'Mon, 30 Sep 2024 00:00:00 +0000', '<page.002_pw.3@archive-page.invalid>'],
  ] as const) {
    assert.equal(c.headers.get('subject'), 'Re: [v3] gizmo: drop the legacy knob');
    assert.equal(c.headers.get('from'), who);
    assert.equal(c.headers.get('date'), date);
    assert.equal(c.headers.get('message-id'), id2);
    assert.equal(c.headers.get('in-reply-to'), id);
    assert.equal(c.headers.get('references'), id);
  }
  assert.match(c1.body, /^> diff --git a\/drivers/m, 'quoted diff stays quoted');
  assert.equal(c2.body, 'Applied to gizmo-next, thanks.\n', 'the last comment ends before the patch');
  const rec = await processMessage(raw(msgs[0] as Buffer));
  assert.equal(rec.kind, 'patch');
  assert.deepEqual(rec.problems, [], 'trimmed trailing context line restored');
  assert.deepEqual(rec.files.map((f) => [f.path, f.additions, f.deletions]), [['drivers/gizmo/core.c', 0, 1]]);
  const reply = await processMessage(raw(msgs[1] as Buffer));
  assert.equal(reply.kind, 'comment');
  assert.equal(reply.inReplyTo, id);
});

test('read-source converts pages and keeps them away from the byte-range workers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-page-'));
  try {
    const file = join(dir, 'pw.txt');
    const mbox = join(dir, 'plain.mbox');
    writeFileSync(file, PATCHWORK);
    writeFileSync(mbox, 'From x@y Mon Jan  1 00:00:00 2024\nFrom: A <a@b>\nSubject: hi\n\nhello\n');
    const kinds: string[] = [];
    for await (const item of readPath(mbox)) kinds.push(item.type);
    assert.deepEqual(kinds, ['range', 'read'], 'a plain mbox is read by range');
    const got: RawMessage[] = [];
    for await (const item of readPath(file)) {
      assert.notEqual(item.type, 'range', 'a page is converted here, never read by range');
      if (item.type === 'message') got.push(item.message);
    }
    assert.equal(got.length, 3);
    assert.ok(got.every((m) => m.source === file && m.size === m.bytes.length && !m.oversized && !m.truncated));
    assert.equal(Buffer.from(PATCHWORK).subarray(got[1]?.offset).toString().split('\n')[0], 'Bob Builder March 3, 2024, 4:05 p.m. UTC | #1');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
