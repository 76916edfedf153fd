import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSubject } from '../../../src/mail/subject.js';
import type { ParsedSubject } from '../../../src/model/subject.js';

type Expect = Pick<
  ParsedSubject,
  | 'isReply'
  | 'isPatch'
  | 'rfc'
  | 'resend'
  | 'version'
  | 'versionInferred'
  | 'index'
  | 'total'
  | 'counterInferred'
  | 'tags'
  | 'title'
>;

const base: Expect = {
  isReply: false,
  isPatch: true,
  rfc: false,
  resend: false,
  version: 1,
  versionInferred: true,
  index: null,
  total: null,
  counterInferred: true,
  tags: [],
  title: '',
};

function check(subject: string, expected: Partial<Expect>): ParsedSubject {
  const got = parseSubject(subject);
  const want: Expect = { ...base, ...expected };
  const picked: Expect = {
    isReply: got.isReply,
    isPatch: got.isPatch,
    rfc: got.rfc,
    resend: got.resend,
    version: got.version,
    versionInferred: got.versionInferred,
    index: got.index,
    total: got.total,
    counterInferred: got.counterInferred,
    tags: got.tags,
    title: got.title,
  };
  assert.deepEqual(picked, want, subject);
  return got;
}

test('version and counter: [PATCH v3 2/7]', () => {
  const p = check('[PATCH v3 2/7] mm/slub: drop the unused cache flag', {
    version: 3, versionInferred: false, index: 2, total: 7, counterInferred: false,
    title: 'mm/slub: drop the unused cache flag',
  });
  assert.deepEqual(p.prefixes, ['PATCH', 'v3', '2/7']);
});

test('glued version: [PATCHv3 2/7] and [PATCH-v4]', () => {
  check('[PATCHv3 2/7] x86/fpu: keep xfeatures in sync', {
    version: 3, versionInferred: false, index: 2, total: 7, counterInferred: false,
    title: 'x86/fpu: keep xfeatures in sync',
  });
  check('[PATCH-v4] iio: adc: fix scale', { version: 4, versionInferred: false, title: 'iio: adc: fix scale' });
});

test('RFC with version and cover-letter counter', () => {
  check('[PATCH RFC v2 0/8] sched: proxy execution', {
    rfc: true, version: 2, versionInferred: false, index: 0, total: 8, counterInferred: false,
    title: 'sched: proxy execution',
  });
});

test('RFCv2 glued, no PATCH token', () => {
  check('[RFCv2] block: rework plugging', { rfc: true, version: 2, versionInferred: false, title: 'block: rework plugging' });
});

test('two adjacent brackets: [RFC][PATCH 6/8]', () => {
  check('[RFC][PATCH 6/8] perf/core: add a sample type', {
    rfc: true, index: 6, total: 8, counterInferred: false, title: 'perf/core: add a sample type',
  });
});

test('tree tag with version and counter: [PATCH net-next v2 1/3]', () => {
  check('[PATCH net-next v2 1/3] net: phy: add a quirk', {
    version: 2, versionInferred: false, index: 1, total: 3, counterInferred: false,
    tags: ['net-next'], title: 'net: phy: add a quirk',
  });
});

test('resend forms', () => {
  check('[PATCH RESEND] arm64: dts: fix the uart node', { resend: true, title: 'arm64: dts: fix the uart node' });
  check('[RESEND PATCH v2] spi: imx: clear the fifo', {
    resend: true, version: 2, versionInferred: false, title: 'spi: imx: clear the fifo',
  });
});

test('a tree tag alone is not a patch: [rc] kvm', () => {
  check('[rc] kvm: x86: fix a leak', { isPatch: false, tags: ['rc'], title: 'kvm: x86: fix a leak' });
});

test('Mercurial counters: [PATCH 1 of 2] and [PATCH 1 of 2 V2]', () => {
  check('[PATCH 1 of 2] hwmon: add a sensor', {
    index: 1, total: 2, counterInferred: false, title: 'hwmon: add a sensor',
  });
  check('[PATCH 1 OF 2 V2] hwmon: add a sensor', {
    version: 2, versionInferred: false, index: 1, total: 2, counterInferred: false, title: 'hwmon: add a sensor',
  });
});

test('counter larger than total is kept as written', () => {
  check('[PATCH 6/5] drm/amd: one more fix', { index: 6, total: 5, counterInferred: false, title: 'drm/amd: one more fix' });
});

test('leading zeros: [PATCH 00/11] is the cover letter', () => {
  check('[PATCH 00/11] cgroup: rework the freezer', {
    index: 0, total: 11, counterInferred: false, title: 'cgroup: rework the freezer',
  });
});

test('list tag before the patch prefix', () => {
  check('[Intel-gfx] [PATCH v2 19/27] KVM: x86: track the gfn', {
    version: 2, versionInferred: false, index: 19, total: 27, counterInferred: false,
    tags: ['intel-gfx'], title: 'KVM: x86: track the gfn',
  });
});

test('tree tag after the version: [PATCH v2 net]', () => {
  check('[PATCH v2 net] tcp: fix the rto clamp', {
    version: 2, versionInferred: false, tags: ['net'], title: 'tcp: fix the rto clamp',
  });
});

test('commas split tokens: [PATCH,bpf-next,v5,3/4]', () => {
  check('[PATCH,bpf-next,v5,3/4] bpf: verifier: tighten bounds', {
    version: 5, versionInferred: false, index: 3, total: 4, counterInferred: false,
    tags: ['bpf-next'], title: 'bpf: verifier: tighten bounds',
  });
});

test('reply markers: repeated, any case, Re[2]:, spaces', () => {
  check('Re: RE: Aw: [PATCH v2 3/4] ext4: fix the journal', {
    isReply: true, version: 2, versionInferred: false, index: 3, total: 4, counterInferred: false,
    title: 'ext4: fix the journal',
  });
  check('Re[2]: Fwd: Fw: [PATCH] xfs: avoid a deadlock', { isReply: true, title: 'xfs: avoid a deadlock' });
  check('SV:  Antw :[PATCH] btrfs: skip the scrub', { isReply: true, title: 'btrfs: skip the scrub' });
});

test('reply marker between a list tag and the patch prefix', () => {
  check('[Intel-gfx] Re: [PATCH] drm/i915: fix the guc load', {
    isReply: true, tags: ['intel-gfx'], title: 'drm/i915: fix the guc load',
  });
});

test('reply to a non-patch thread', () => {
  check('Re: regression in 6.8-rc1', { isReply: true, isPatch: false, title: 'regression in 6.8-rc1' });
});

test('"Re:" inside the title after the patch prefix is not a reply marker', () => {
  check('[PATCH] Re: spelling in Kconfig help', { title: 'Re: spelling in Kconfig help' });
});

test('patchwork-style versions: (v3) suffix and v3: prefix', () => {
  check('[PATCH] ata: libata: quiet the probe (V3)', {
    version: 3, versionInferred: false, title: 'ata: libata: quiet the probe',
  });
  check('[PATCH] v4: usb: typec: fix the role swap', {
    version: 4, versionInferred: false, title: 'usb: typec: fix the role swap',
  });
});

test('a bracket version wins over a (vN) suffix, which then stays in the title', () => {
  check('[PATCH v5] pci: quirk the bridge (v2)', {
    version: 5, versionInferred: false, title: 'pci: quirk the bridge (v2)',
  });
});

test('v0 is not a version', () => {
  check('[PATCH v0] foo: bar', { version: 1, versionInferred: true, title: 'foo: bar' });
});

test('RFC/PATCH slash form', () => {
  check('[RFC/PATCH] mm: try harder', { rfc: true, title: 'mm: try harder' });
});

test('raw collapses folded whitespace; title collapses too', () => {
  const p = check('[PATCH v2 1/2]\n\tdt-bindings:  gpio:\r\n add a line', {
    version: 2, versionInferred: false, index: 1, total: 2, counterInferred: false,
    title: 'dt-bindings: gpio: add a line',
  });
  assert.equal(p.raw, '[PATCH v2 1/2] dt-bindings: gpio: add a line');
});

test('no prefix at all', () => {
  check('Linux 6.9-rc3', { isPatch: false, title: 'Linux 6.9-rc3' });
});

test('unclosed bracket stays in the title', () => {
  check('[PATCH v2 broken subject', { isPatch: false, title: '[PATCH v2 broken subject' });
});

test('empty subject', () => {
  const p = check('', { isPatch: false, title: '' });
  assert.equal(p.raw, '');
  assert.deepEqual(p.prefixes, []);
});

test('counter alone makes a patch and other tokens are tags in order', () => {
  check('[GIT PULL 2/3] Foo Bar', {
    index: 2, total: 3, counterInferred: false, tags: ['git', 'pull'], title: 'Foo Bar',
  });
});
