import assert from 'node:assert/strict';
import { test } from 'node:test';
import { simpleParser } from 'mailparser';
import type { Finding } from '../../../../src/model/finding.js';
import { findingsDigest } from '../../../../src/engine/findings-digest.js';
import type { ThreadMail } from '../../../../src/report/email/mails.js';
import { versionChanges } from '../../../../src/report/email/changes.js';
import { threadMailOf } from '../../../support/thread-mail.js';
import { renderReply, replySubject, type ReplyInput } from '../../../../src/report/email/render-reply.js';
import { columns } from '../../../../src/report/email/wrap.js';

const DATE = new Date('2024-03-04T10:00:00Z');

async function mail(raw: string, _id: string): Promise<ThreadMail> {
  return threadMailOf(raw, 'lore:gpio');
}

const COVER = `Message-ID: <cover.1@example.org>
From: =?UTF-8?Q?Zo=C3=AB_Hacker?= <zoe@example.org>
To: Linus Walleij <linus.walleij@linaro.org>
Cc: linux-gpio@vger.kernel.org, Bart <brgl@bgdev.pl>
References: <v1-cover@example.org> <v1-reply@example.org>
In-Reply-To: <v1-reply@example.org>
Subject: [PATCH v2 0/2] gpio: frob: add a frobnicator

Two patches.
`;

const LONG = `\tret = frob_the_device_with_a_rather_long_function_name(dev, FROB_FLAG_ONE | FROB_FLAG_TWO);`;
const PATCH = `Message-ID: <p1@example.org>
From: =?UTF-8?Q?Zo=C3=AB_Hacker?= <zoe@example.org>
In-Reply-To: <cover.1@example.org>
Subject: [PATCH v2 1/2] gpio: frob: export frob_get()

Export it.

Signed-off-by: Zoë Hacker <zoe@example.org>
---
diff --git a/drivers/gpio/gpio-frob.c b/drivers/gpio/gpio-frob.c
index 1111111..2222222 100644
--- a/drivers/gpio/gpio-frob.c
+++ b/drivers/gpio/gpio-frob.c
@@ -10,5 +10,7 @@ static int frob_probe(struct device *dev)
 {
 	int ret;
 
+${LONG}
 	return 0;
 }
+EXPORT_SYMBOL_GPL(frob_get);
-- 
2.43.0
`;

function finding(n: number, over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'symbol-exports',
    messageId: 'added',
    message: `frob_get${n} is newly exported with EXPORT_SYMBOL_GPL: the global API grows by one symbol (+1 \u22120)`,
    severity: 'warning',
    subject: { key: 's-frob', revision: 2, patch: 1, messageId: '<p1@example.org>' },
    fingerprint: String(n).padStart(32, '0'),
    ...over,
  };
}

async function input(over: Partial<ReplyInput> = {}): Promise<ReplyInput> {
  const parent = await mail(COVER, '<cover.1@example.org>');
  const p1 = await mail(PATCH, '<p1@example.org>');
  return {
    from: { name: 'kvetch bot', address: 'kvetch@example.org' },
    version: { key: 's-frob', revision: 2 },
    parent,
    mails: [parent, p1],
    to: [parent.from],
    cc: [{ name: '', address: 'linux-gpio@vger.kernel.org' }],
    findings: [finding(1, { location: { path: 'drivers/gpio/gpio-frob.c', line: 16 } })],
    docsBase: 'https://kvetch.example.org/src/',
    date: DATE,
    ...over,
  };
}

test('threading: Re: <subject>, In-Reply-To the parent, References = its References + its Message-ID; read back by mailparser', async () => {
  const r = await renderReply(await input());
  assert.equal(r.subject, 'Re: [PATCH v2 0/2] gpio: frob: add a frobnicator');
  assert.equal(r.inReplyTo, '<cover.1@example.org>');
  assert.deepEqual(r.references, ['<v1-cover@example.org>', '<v1-reply@example.org>', '<cover.1@example.org>']);
  const m = await simpleParser(r.raw);
  assert.equal(m.subject, r.subject);
  assert.equal(m.inReplyTo, '<cover.1@example.org>');
  assert.deepEqual(m.references, r.references);
  assert.equal(m.messageId, r.messageId);
  assert.deepEqual(!Array.isArray(m.to) && m.to?.value.map((a) => [a.name, a.address]), [['Zoë Hacker', 'zoe@example.org']]);
  assert.equal(!Array.isArray(m.cc) && m.cc?.text, 'linux-gpio@vger.kernel.org');
  assert.deepEqual(r.envelope, { from: 'kvetch@example.org', to: ['zoe@example.org', 'linux-gpio@vger.kernel.org'] });
  assert.match(r.text, /^Subject: Re: \[PATCH v2 0\/2\] gpio: frob: add a frobnicator\r\n/m, 'CRLF line ends');
  assert.match(m.text ?? '', /^Hi Zoë,\n/, 'the non-ASCII name survives the transfer encoding');
});

test('marks the mail automated: Auto-Submitted, X-Patchwork-Hint, X-Kvetch-Fingerprint with the findings digest', async () => {
  const inp = await input();
  const r = await renderReply(inp);
  const m = await simpleParser(r.raw);
  assert.equal(m.headers.get('auto-submitted'), 'auto-generated');
  assert.equal(m.headers.get('x-patchwork-hint'), 'ignore');
  assert.equal(m.headers.get('x-kvetch-fingerprint'), `kvetch:v1 series=s-frob rev=2 fp=${findingsDigest(inp.findings)}`);
  assert.equal(r.digest, findingsDigest(inp.findings));
});

test('a stable Message-ID from (key, revision, digest): same on re-render, different when any of them changes', async () => {
  const f = [finding(1), finding(2)];
  const a = await renderReply(await input({ findings: f }));
  const b = await renderReply(await input({ findings: [f[1]!, f[0]!], date: new Date('2025-01-01T00:00:00Z') }));
  assert.equal(a.messageId, b.messageId, 'order and date do not matter');
  assert.match(a.messageId, /^<kvetch\.v2\.[0-9a-f]{24}@example\.org>$/);
  const c = await renderReply(await input({ findings: [f[0]!] }));
  const d = await renderReply(await input({ findings: f, version: { key: 's-frob', revision: 3 } }));
  const e = await renderReply(await input({ findings: f, version: { key: 's-other', revision: 2 } }));
  assert.equal(new Set([a.messageId, c.messageId, d.messageId, e.messageId]).size, 4);
});

test('every body line is at most 72 columns (tabs count to 8); long code lines are clipped, not re-flowed', async () => {
  const long = finding(3, { message: `${'a very long explanation '.repeat(20)}end`, location: { path: 'drivers/gpio/gpio-frob.c', line: 13 } });
  const r = await renderReply(await input({ findings: [long, finding(4, { location: { path: 'drivers/gpio/gpio-frob.c', line: 16 } })] }));
  const lines = r.body.split('\n');
  for (const l of lines) assert.ok(columns(l) <= 72, `over 72 columns: ${JSON.stringify(l)}`);
  assert.ok(columns(LONG) + 3 > 72, 'the fixture has a line that needs clipping');
  const clipped = lines.find((l) => l.startsWith('> +\tret = frob_the_device'));
  assert.ok(clipped?.endsWith(' [...]'), `clipped: ${clipped}`);
  assert.ok(lines.filter((l) => /^ {4}\S/.test(l) && l.includes('explanation')).length >= 6, 'the prose was wrapped, indented');
});

test('quotes the hunk lines at the finding: hunk header, two lines of context, the line', async () => {
  const r = await renderReply(await input({ findings: [finding(1, { location: { path: 'drivers/gpio/gpio-frob.c', line: 16 } })] }));
  const quoted = r.body.split('\n').filter((l) => l.startsWith('>'));
  assert.deepEqual(quoted, ['> @@ -10,5 +10,7 @@ static int frob_probe(struct device *dev)', '>  \treturn 0;', '>  }', '> +EXPORT_SYMBOL_GPL(frob_get);']);
  assert.match(r.body, /In patch 1\/2 "gpio: frob: export frob_get\(\)", at\s+drivers\/gpio\/gpio-frob\.c:16:\n/);
});

test('no quote when the location has no line or the patch does not show it', async () => {
  const r = await renderReply(
    await input({
      findings: [
        finding(1, { location: { path: 'drivers/gpio/other.c', line: 18 } }),
        finding(2, { location: { path: 'drivers/gpio/gpio-frob.c' } }),
        finding(3, { location: { path: 'drivers/gpio/gpio-frob.c', line: 400 } }),
        finding(4, { subject: { key: 's-frob', revision: 2 } }),
      ],
    }),
  );
  assert.equal(r.body.split('\n').filter((l) => l.startsWith('>')).length, 0);
  assert.match(r.body, /at\s+drivers\/gpio\/other\.c:18:\n/);
  assert.match(r.body, /\[1\] warning: symbol-exports\n.*\n.*\n\n {4}Why it matters/, 'a finding without patch or location says neither');
});

test('why it matters links the analyzer page under docsBase; how to silence names the opt-out command', async () => {
  const r = await renderReply(await input());
  assert.match(r.body, /Why it matters:\s+https:\/\/kvetch\.example\.org\/src\/docs\/analyzers\/symbol-exports\.md\n/);
  assert.match(r.body, /"kvetch: opt-out\s+symbol-exports"/);
  assert.match(r.body, /send kvetch@example\.org a mail with a line\s+"kvetch:\s+opt-out"/);
  assert.doesNotMatch(r.body, /^kvetch:/m, 'no line of the footer is itself a command');
  assert.match(r.body, /\(\+1 -0\)/, 'typographic minus sent as ASCII');
});

test('v2: what changed since v1, as the version tracker marked it: fixed listed, still present and new tagged', async () => {
  const still: Finding = { ...finding(2), versions: { status: 'still-present', since: 1 } };
  const added: Finding = { ...finding(3, { severity: 'error', ruleId: 'kconfig-select', message: 'KVM selects KVM_VFIO' }), versions: { status: 'new' } };
  const old = finding(1, { message: 'old problem' });
  const fixed: Finding = { ...old, severity: 'info', message: 'fixed in v2: old problem', versions: { status: 'fixed', since: 1, fixedIn: 2, severity: old.severity } };
  const r = await renderReply(
    await input({
      findings: [still, added],
      changes: versionChanges([still, added, fixed], 1),
    }),
  );
  assert.match(r.body, /Changes since v1: 1 fixed, 1 still present, 1 new\./);
  assert.match(r.body, /\n {2}fixed: symbol-exports: old problem\n/);
  assert.match(r.body, /\[1\] error: kconfig-select \(new in v2\)/);
  assert.match(r.body, /\[2\] warning: symbol-exports \(also in v1\)/);
  assert.deepEqual(r.changes?.fixed.map((f) => f.fingerprint), [finding(1).fingerprint]);
  const first = await renderReply(await input({ findings: [finding(2)] }));
  assert.doesNotMatch(first.body, /Changes since/);
});

test('replySubject does not stack Re:', () => {
  assert.equal(replySubject('Re: [PATCH] x'), 'Re: [PATCH] x');
  assert.equal(replySubject('RE: [PATCH] x'), 'RE: [PATCH] x');
  assert.equal(replySubject('[PATCH] Reorder x'), 'Re: [PATCH] Reorder x');
});

test('review notes: each is its own paragraph after the introduction, wrapped at 72 columns', async () => {
  const note = 'Patch 1/2 carries Reviewed-by: Rob Reviewer <rob@example.net>, yet has an open error below: worth a second look before it is applied.';
  const r = await renderReply(await input({ review: ['Review so far: 1/2 patches reviewed by Rob Reviewer <rob@example.net>.', note] }));
  const flat = r.body.replace(/\n(?!\n)/g, ' ');
  assert.ok(flat.includes(note), r.body);
  assert.ok(r.body.indexOf('Review so far') < r.body.indexOf('[1] warning'));
  assert.ok(r.body.split('\n').every((l) => l.length <= 72));
  const without = await renderReply(await input());
  assert.equal(without.body.includes('Review so far'), false);
});
