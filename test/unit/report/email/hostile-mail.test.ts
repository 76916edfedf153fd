/**
 * Mail text is anyone's text: what it can do to the replies and dry-run files the email
 * channel writes. Subjects and display names with CR/LF (as RFC 2047 encoded words, which
 * decode to anything) never add a header; an address that cannot travel in an SMTP envelope
 * is left out; a series key of any length and content names a file inside outDir.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { afterEach, before, beforeEach, test } from 'node:test';
import type { PublishInput } from '../../../../src/model/channel.js';
import { createEmailChannel, emlFileName } from '../../../../src/report/email/channel.js';
import { renderReply } from '../../../../src/report/email/render-reply.js';
import { deliverable, recipients, resolvePolicy } from '../../../../src/report/email/policy.js';
import { emailEnv, type EmailEnv } from '../../../support/email-channel.js';
import { examplePublishInputs, withEditedParent } from '../../../support/email-example.js';

let v1: PublishInput;
let env: EmailEnv;
before(async () => {
  [v1] = (await examplePublishInputs()) as [PublishInput];
});
beforeEach(async () => {
  env = await emailEnv();
});
afterEach(() => env.close());

/** `Name: value` header names of a raw RFC 5322 message, in order. */
function headerNames(raw: string): string[] {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n'));
  return head.split('\r\n').filter((l) => !/^[ \t]/.test(l)).map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
}

test('CR/LF in the subject and display names (encoded words) add no header to the reply', async () => {
  const crlf = '=0D=0ABcc=3A_victim=40evil.example=0D=0AX-Injected=3A_yes';
  const v = await withEditedParent(v1, (raw) =>
    raw
      .replace(/^Subject: (.*)$/m, (_m, s: string) => `Subject: ${s} =?UTF-8?Q?tail${crlf}?=`)
      .replace(/^From: .*<([^>]+)>$/m, (_m, a: string) => `From: =?UTF-8?Q?Ada${crlf}?= <${a}>`)
      .replace(/^Date: /m, `Cc: =?UTF-8?Q?Bob${crlf}?= <bob@example.org>\nDate: `),
  );
  const c = createEmailChannel(env.options({ policies: [{ list: 'lore:kvm', enabled: true, cc: { maintainers: true } }] }));
  const o = await c.publish(v, env.ctx());
  assert.match(v.records[0]!.reply?.from.name ?? '', /\r\nBcc: victim@evil\.example/, 'intake decodes the CR/LF into the name');
  assert.deepEqual([o.errors, o.skipped, o.written.length], [[], [], 1]);
  const file = o.written[0]!;
  const raw = readFileSync(file, 'utf8');
  const names = headerNames(raw);
  assert.ok(!names.includes('bcc') && !names.includes('x-injected'), names.join(', '));
  assert.equal(names.filter((n) => n === 'subject').length, 1);
  assert.match(raw, /^Cc: [^\r]*\r\n [^\r]*<bob@example\.org>\r\n/m, 'Bob is still Cc\'d, his name encoded');
  assert.doesNotMatch(raw.slice(0, raw.indexOf('\r\n\r\n')), /^(Bcc|X-Injected):/im);
});

test('raw CR/LF in every header value a reply takes from mail (subject, names, Message-IDs, series key) adds no header', async () => {
  const evil = 'x\r\nBcc: victim@evil.example\r\nX-Injected: yes';
  const parent = {
    messageId: `<p1@example.org>${evil}`, subject: `[PATCH] foo${evil}`, from: { name: `Eve${evil}`, address: 'eve@example.org' },
    to: [], cc: [], references: [`<r1@example.org>${evil}`], headers: {}, text: '', isPatch: true, index: 1, total: 1, automated: null,
  };
  const r = await renderReply({
    from: { name: 'kvetch', address: 'kvetch@example.org' }, version: { key: `key${evil}`, revision: 1 }, parent, mails: [parent],
    to: [{ name: `Eve${evil}`, address: 'eve@example.org' }], cc: [], findings: [], docsBase: 'https://kvetch.example.org', date: new Date(0),
  });
  const names = headerNames(r.text);
  assert.ok(!names.includes('bcc') && !names.includes('x-injected'), names.join(', '));
  assert.deepEqual(r.envelope.to, ['eve@example.org']);
});

test('an address that cannot travel in an SMTP envelope (CR/LF, space, brackets) is no recipient', () => {
  const bad = ['a@example.org\r\nRCPT TO:<x@evil.example>', 'a b@example.org', '<a@example.org>', 'a@example.org>', 'a@@example.org', 'nobody', ''];
  for (const a of bad) assert.equal(deliverable(a), false, JSON.stringify(a));
  for (const a of ['ada@example.org', 'linux-kernel@vger.kernel.org', 'a+tag@b.c']) assert.equal(deliverable(a), true, a);
  const parent = {
    messageId: '<p@example.org>', subject: '[PATCH] x', from: { name: 'Eve', address: 'eve@example.org\r\nRCPT TO:<x@evil.example>' },
    to: [{ name: '', address: 'kvm@vger.kernel.org' }], cc: bad.map((address) => ({ name: '', address })).concat([{ name: 'Bob', address: 'bob@example.org' }]),
    references: [], headers: {}, text: '', isPatch: true, index: 1, total: 1, automated: null,
  };
  const r = recipients(parent, resolvePolicy({ list: 'kvm@vger.kernel.org', enabled: true, cc: { maintainers: true, extra: ['x y@example.org'] } }), 'kvetch@example.org');
  assert.deepEqual(r.to, [], 'the From address is unusable');
  assert.deepEqual([...r.lists, ...r.others].map((a) => a.address), ['kvm@vger.kernel.org', 'bob@example.org']);
});

test('a series key of any content and length names a file directly inside outDir, under 255 bytes', async () => {
  const keys = ['../../../etc/passwd', '/abs/path', '..', '.hidden', 'a\u0000b\\c', `change-id:${'x'.repeat(400)}`, `change-id:${'x'.repeat(400)}y`, 'é'.repeat(300)];
  const names = keys.map((k) => emlFileName(k, 3));
  for (const n of names) {
    assert.ok(Buffer.byteLength(n) <= 255, `${n.length}`);
    assert.equal(basename(n), n);
    assert.match(n, /^[A-Za-z0-9_-][A-Za-z0-9._-]*-v3\.eml$/);
  }
  assert.equal(new Set(names).size, names.length, 'distinct long keys stay distinct');
  // And written: a 400-character change-id is one .eml in outDir, not an ENAMETOOLONG error.
  const c = createEmailChannel(env.options());
  const key = `change-id:${'x'.repeat(400)}`;
  const o = await c.publish({ ...v1, version: { ...v1.version, key } }, env.ctx());
  assert.deepEqual([o.published, o.errors], [1, []]);
  const outDir = join(env.dir, 'outbox');
  assert.equal(relative(outDir, o.written[0]!), emlFileName(key, 1));
  assert.deepEqual(readdirSync(outDir), [emlFileName(key, 1)]);
});
