/** A pull request as mail: through the same triage() as the list, one series keyed to the pull request. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { patchMail, pullChangeId, pullRequestMails, titleRevision, type PullInfo } from '../../../../src/ingest/github/mails.js';
import type { IngestItem } from '../../../../src/model/raw-message.js';
import { triage } from '../../../../src/pipeline/triage.js';
import { formatPatches } from '../../../support/format-patches.js';

const EXAMPLE = fileURLToPath(new URL('../../../../../examples/kvm-vfio.mbox', import.meta.url));
const v2 = formatPatches(readFileSync(EXAMPLE, 'utf8'), (s) => s.includes('v2'));

const pr = (over: Partial<PullInfo> = {}): PullInfo => ({
  owner: 'kvm-mirror',
  repo: 'linux',
  number: 42,
  title: 'KVM: x86: let the VFIO device see IOMMU groups',
  body: 'Exports the VFIO helper KVM needs.\n\nLink: https://lore.kernel.org/kvm/cover.1795403990.git.ada@example.org/',
  author: 'ada',
  createdAt: '2023-09-27T10:00:00Z',
  headSha: 'a'.repeat(40),
  baseSha: 'b'.repeat(40),
  ...over,
});

async function* each(bufs: Buffer[]): AsyncGenerator<IngestItem> {
  let offset = 0;
  for (const bytes of bufs) yield { type: 'message', message: { source: 'pr', offset: offset++, index: 0, bytes, size: bytes.length, oversized: false, truncated: false } };
}

test('the cut example patches are GitHub-style format-patches', () => {
  assert.equal(v2.length, 2);
  for (const p of v2) {
    assert.match(p.patch, /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\nFrom: Ada Example/);
    assert.match(p.patch, /^Subject: \[PATCH\] /m);
    assert.doesNotMatch(p.patch, /^(Message-Id|In-Reply-To):/im);
  }
});

test('a pull request is one series: cover letter from the title and body, one patch per commit, keyed to the pull request', async () => {
  const r = await triage(each(pullRequestMails(pr(), v2, 3)));
  assert.equal(r.series.length, 1);
  const s = r.series[0]!;
  assert.equal(s.key, `change-id:${pullChangeId(pr())}`);
  assert.equal(s.key, 'change-id:github+kvm-mirror+linux+42');
  assert.equal(s.revision, 3);
  assert.equal(s.total, 2);
  assert.equal(s.complete, true);
  assert.deepEqual(s.patches.map((p) => p.subject), ['[PATCH v3 1/2] vfio: export vfio_file_iommu_group() for KVM', '[PATCH v3 2/2] KVM: x86: select KVM_VFIO']);
  assert.equal(s.cover?.subject, '[PATCH v3 0/2] KVM: x86: let the VFIO device see IOMMU groups');
  assert.equal(s.patches[0]!.author, 'Ada Example <ada@example.org>');
  // The same findings as the list's copy of the series.
  const rules = r.findings.map((f) => f.ruleId).sort();
  assert.ok(rules.includes('kconfig-select') && rules.includes('symbol-exports'), rules.join(','));
});

test('the key is the same for every push; Message-IDs differ between revisions and commits', () => {
  const a = pullRequestMails(pr(), v2, 1).map((b) => /^Message-ID: (.*)$/m.exec(b.toString())?.[1]);
  const b = pullRequestMails(pr({ headSha: 'c'.repeat(40) }), v2, 2).map((x) => /^Message-ID: (.*)$/m.exec(x.toString())?.[1]);
  assert.equal(new Set([...a, ...b]).size, 6);
  assert.ok(pullRequestMails(pr(), v2, 1)[0]!.toString().includes('change-id: github+kvm-mirror+linux+42'));
});

test('the title names the revision and the tree tags ([PATCH bpf-next v3 0/5]); a bare title names none', () => {
  assert.equal(titleRevision('[PATCH bpf-next v3 0/5] bpf: a thing'), 3);
  assert.equal(titleRevision('bpf: a thing'), null);
  const cover = pullRequestMails(pr({ title: '[PATCH bpf-next v3 0/5] bpf: a thing' }), v2, 3)[0]!.toString();
  assert.match(cover, /^Subject: \[PATCH bpf-next v3 0\/2\] bpf: a thing$/m);
});

test('a diff pasted in the pull request body is never analysed as a change', async () => {
  const body = 'See:\n\n```diff\ndiff --git a/x.c b/x.c\n--- a/x.c\n+++ b/x.c\n@@ -1 +1,2 @@\n+EXPORT_SYMBOL(x);\n```\n';
  const r = await triage(each(pullRequestMails(pr({ body }), v2, 1)));
  assert.equal(r.series[0]!.cover !== null, true);
  assert.ok(!r.findings.some((f) => f.location?.path === 'x.c'), 'nothing about x.c');
  assert.equal(r.series[0]!.patches.length, 2);
});

test('patchMail rewrites a folded, prefixed subject and drops threading headers the commit had', () => {
  const m = patchMail('From abcdef0 Mon Sep 17 00:00:00 2001\nFrom: A <a@x>\nMessage-Id: <old@x>\nSubject: [PATCH] a very long\n subject line\n\nbody\n', { subjectPrefix: '[PATCH v2 3/4]', messageId: '<new@x>', inReplyTo: '<c@x>' });
  assert.match(m, /^Subject: \[PATCH v2 3\/4\] a very long\n subject line$/m);
  assert.doesNotMatch(m, /old@x/);
  assert.match(m, /^Message-ID: <new@x>\nIn-Reply-To: <c@x>\nReferences: <c@x>\n\nbody/m);
  assert.doesNotMatch(m, /^From abcdef0/);
});
