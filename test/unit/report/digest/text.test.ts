import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMaintainers } from '../../../../src/kernel/maintainers.js';
import type { RunResult } from '../../../../src/model/series.js';
import { buildDigests } from '../../../../src/report/digest/build.js';
import { inputFromRun } from '../../../../src/report/digest/from-run.js';
import { renderDigestHtml } from '../../../../src/report/digest/html.js';
import { digestSubject, renderDigestText } from '../../../../src/report/digest/text.js';
import { columns } from '../../../../src/report/email/wrap.js';

const db = parseMaintainers(`
KVM
M:	Paolo Bonzini <pbonzini@example.org>
S:	Supported
F:	virt/kvm/
F:	arch/x86/kvm/
`);

const input = {
  versions: [
    {
      key: 'k',
      revision: 1,
      subject: '[PATCH 0/2] KVM: x86: a very long subject line that goes on and on well past the seventy-two columns of a mail',
      author: 'Dev <dev@example.org>',
      date: '2023-11-15T10:00:00Z',
      patches: 2,
      files: ['arch/x86/kvm/Kconfig', 'virt/kvm/vfio.c'],
      links: { lore: 'https://lore.kernel.org/r/cover.1700000000.git.dev@example.org/' },
      findings: [
        { ruleId: 'kconfig-select', messageId: 'kvmVfioSelect', message: 'KVM selects KVM_VFIO, but virt/kvm/vfio.c calls VFIO; nothing makes VFIO present. Select HAVE_KVM_ARCH_VFIO and let KVM_VFIO depend on VFIO', severity: 'error' as const, subject: { key: 'k', revision: 1 }, location: { path: 'arch/x86/kvm/Kconfig', line: 40 }, fingerprint: 'a' },
        { ruleId: 'symbol-exports', messageId: 'added', message: 'kvm_x is newly exported', severity: 'warning' as const, subject: { key: 'k', revision: 1 }, location: { path: 'virt/kvm/vfio.c', line: 9 }, data: { symbol: 'kvm_x', macro: 'EXPORT_SYMBOL_GPL', namespace: '' }, fingerprint: 'b' },
      ],
    },
  ],
};

const [digest] = buildDigests(input, db, { since: new Date('2023-11-13T00:00:00Z'), until: new Date('2023-11-20T00:00:00Z'), select: { all: true } });

test('the text digest: attention first, numbers, subsystem, series with link; 72 columns but for URLs', () => {
  assert.ok(digest);
  const text = renderDigestText(digest);
  const lines = text.split('\n');
  for (const line of lines) if (!/https?:\/\//.test(line)) assert.ok(columns(line) <= 72, `too wide: ${line}`);
  const at = (s: string): number => lines.findIndex((l) => l === s);
  assert.ok(at('Needs your attention') < at('In numbers'));
  assert.ok(at('In numbers') < at('KVM'));
  assert.ok(at('KVM') < at('Series'));
  assert.match(text, /\[1\] KVM selects KVM_VFIO/);
  assert.match(text, /Exports: \+1 net \(\+1 -0\)/);
  assert.match(text, /Kconfig \(error, open\)/);
  assert.match(text, /v1, new/);
  assert.match(text, /https:\/\/lore\.kernel\.org\/r\/cover\.1700000000\.git\.dev@example\.org\//);
  assert.equal(digestSubject(digest), '[kvetch digest] 2023-W46: 1 series, 1 needs attention');
});

test('nothing open: the attention section says so', () => {
  assert.ok(digest);
  const calm = { ...digest, attention: [] };
  assert.match(renderDigestText(calm), /Needs your attention\n-+\nNothing: no error is open/);
  assert.equal(digestSubject(calm), '[kvetch digest] 2023-W46: 1 series');
});

test('header moves: into and out of public headers listed (growth first), reshuffles between other headers only counted', () => {
  assert.ok(digest);
  const [kvm] = digest.subsystems;
  assert.ok(kvm);
  const moves = [
    { direction: 'between' as const, name: 'NSEC_PER_SEC', from: 'virt/kvm/a.h', to: 'virt/kvm/b.h', series: 'k#v1' },
    { direction: 'out' as const, name: 'kvm_gone', from: 'include/linux/kvm_host.h', to: 'virt/kvm/kvm_mm.h', series: 'k#v1' },
    { direction: 'in' as const, name: 'kvm_new', from: 'virt/kvm/kvm_mm.h', to: 'include/linux/kvm_host.h', series: 'k#v1' },
  ];
  const text = renderDigestText({ ...digest, subsystems: [{ ...kvm, headerMoves: moves }] });
  assert.match(text, /Moved declarations: 1 into public headers, 1 out of them, 1 between\n {2}other headers\n {2}\+ kvm_new: virt\/kvm\/kvm_mm\.h -> include\/linux\/kvm_host\.h\n {2}- kvm_gone: /);
  assert.doesNotMatch(text, /NSEC_PER_SEC/);
});

test('a series someone else sent credits its author and says who sent it (text, HTML, JSON); from a run too', () => {
  const forwarded = { ...input.versions[0]!, author: 'Zoë Hacker <zoe@example.org>', sender: 'Mae Ntainer <maint@example.org>' };
  const [d] = buildDigests({ versions: [forwarded] }, db, { since: new Date('2023-11-13T00:00:00Z'), until: new Date('2023-11-20T00:00:00Z'), select: { all: true } });
  assert.ok(d);
  assert.match(renderDigestText(d), /^ {2}Zoë Hacker <zoe@example\.org>, 2023-11-15, 2 patches, v1, new\n {2}sent by Mae Ntainer <maint@example\.org>$/m);
  assert.match(renderDigestHtml(d), /Zoë Hacker &lt;zoe@example\.org&gt;<br><small>sent by Mae Ntainer &lt;maint@example\.org&gt;<\/small>/);
  assert.deepEqual([d.series[0]?.author, d.series[0]?.sender], ['Zoë Hacker <zoe@example.org>', 'Mae Ntainer <maint@example.org>']);
  // Sent by its author: no sender field, no "sent by".
  assert.ok(digest && !renderDigestText(digest).includes('sent by') && !('sender' in (digest.series[0] ?? {})));
  const run: RunResult = {
    series: [{ key: 'k', revision: 1, versionInferred: true, subject: 's', author: 'Zoë Hacker <zoe@example.org>', sender: 'Mae Ntainer <maint@example.org>', date: null, total: 1, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null }],
    findings: [],
    stats: { messages: 1, bytes: 1, patches: 1, comments: 0, sources: [] },
  };
  assert.equal(inputFromRun(run).versions[0]?.sender, 'Mae Ntainer <maint@example.org>');
  assert.equal(inputFromRun({ ...run, series: [{ ...run.series[0]!, sender: 'Zoë Hacker <zoe@example.org>' }] }).versions[0]?.sender, undefined);
});
