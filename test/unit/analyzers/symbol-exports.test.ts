import assert from 'node:assert/strict';
import { test } from 'node:test';
import symbolExports from '../../../src/analyzers/symbol-exports.js';
import { KernelTree } from '../../../src/kernel/tree.js';
import { runAnalyzer, testAnalyzer } from '../../support/analyzer-tester.js';
import { gitDiff } from '../../support/diff-text.js';

const fn = (name: string): string[] => [` int ${name}(struct device *dev)`, ' {', ' \treturn 0;', ' }'];
const ONLY_EVENTS = ['added', 'addedUnknown', 'addedRestricted', 'removed', 'moved', 'renamedFile', 'loosenedGpl', 'namespaceDropped', 'namespaceChanged', 'tightened', 'macroChanged'];

testAnalyzer(symbolExports, {
  valid: [
    {
      name: 'macro definitions in a header export nothing',
      series: [
        gitDiff({
          path: 'include/linux/export.h',
          lines: [' #define EXPORT_SYMBOL(sym)\t\t_EXPORT_SYMBOL(sym, "")', '+#define EXPORT_SYMBOL_NS(sym, ns)\t__EXPORT_SYMBOL(sym, "", ns)', '+#define EXPORT_SYMBOL_NS_GPL(sym, ns) \\', '+\t__EXPORT_SYMBOL(sym, "GPL", ns)', ' '],
        }),
      ],
    },
    {
      name: 'an export on a context line is not a change',
      series: [gitDiff({ path: 'drivers/base/core.c', lines: [...fn('device_frob'), ' EXPORT_SYMBOL_GPL(device_frob);', '+/* no change to the export */'] })],
    },
    {
      name: 'the same export moved within its file is no event',
      series: [gitDiff({ path: 'lib/sort.c', lines: ['-EXPORT_SYMBOL(sort_r);', ...fn('sort_r'), '+EXPORT_SYMBOL(sort_r);'] })],
    },
    {
      name: 'documentation and comments that mention exports are not exports',
      series: [
        gitDiff(
          { path: 'Documentation/kbuild/namespaces.rst', lines: ['+Use EXPORT_SYMBOL_NS_GPL(usb_stor_suspend, USB_STORAGE) to export into a namespace.'] },
          { path: 'drivers/usb/storage/usb.c', lines: ['+/* EXPORT_SYMBOL_GPL(usb_stor_suspend) was dropped in 2019 */', '+// EXPORT_SYMBOL(usb_stor_resume);', ' '] },
        ),
      ],
    },
  ],
  invalid: [
    {
      name: 'an export inside a multi-line #define is no export; the one after its last line is',
      series: [gitDiff({ path: 'drivers/foo/bar.c', lines: ['+#define FOO_EXPORT(sym) \\', '+\tint foo_##sym; \\', '+\tEXPORT_SYMBOL(sym)', '+EXPORT_SYMBOL_GPL(foo_real);', ' '] })],
      errors: [{ messageId: 'added', path: 'drivers/foo/bar.c', line: 13, data: { symbol: 'foo_real', macro: 'EXPORT_SYMBOL_GPL' } }],
      only: ['added'],
    },
    {
      name: 'EXPORT_SYMBOL and EXPORT_SYMBOL_GPL added: growth, at the new-side line',
      series: [gitDiff({ path: 'drivers/vfio/group.c', at: 40, lines: [...fn('vfio_file_is_valid'), '+EXPORT_SYMBOL(vfio_file_is_valid);', ' ', '+EXPORT_SYMBOL_GPL(vfio_file_iommu_group);'] })],
      only: ONLY_EVENTS,
      errors: [
        { messageId: 'added', path: 'drivers/vfio/group.c', line: 44, data: { symbol: 'vfio_file_is_valid', macro: 'EXPORT_SYMBOL', namespace: '' } },
        { messageId: 'added', path: 'drivers/vfio/group.c', line: 46, data: { symbol: 'vfio_file_iommu_group', macro: 'EXPORT_SYMBOL_GPL' } },
      ],
    },
    {
      name: 'an export in assembly',
      series: [gitDiff({ path: 'arch/x86/lib/checksum_32.S', at: 280, lines: [' SYM_FUNC_END(csum_partial)', '+EXPORT_SYMBOL(csum_partial)'] })],
      only: ONLY_EVENTS,
      errors: [{ messageId: 'added', path: 'arch/x86/lib/checksum_32.S', line: 281, data: { symbol: 'csum_partial' } }],
    },
    {
      name: 'namespaces: unquoted (≤ 6.12) and quoted (≥ 6.13) report the same namespace',
      series: [
        gitDiff({ path: 'drivers/cxl/core/cdat.c', at: 300, lines: ['+EXPORT_SYMBOL_NS_GPL(cxl_endpoint_parse_cdat, CXL);', '+EXPORT_SYMBOL_NS(cxl_port_get_cdat, "CXL");'] }),
      ],
      only: ONLY_EVENTS,
      errors: [
        { messageId: 'added', line: 300, data: { symbol: 'cxl_endpoint_parse_cdat', namespace: 'CXL', macro: 'EXPORT_SYMBOL_NS_GPL' } },
        { messageId: 'added', line: 301, data: { symbol: 'cxl_port_get_cdat', namespace: 'CXL', macro: 'EXPORT_SYMBOL_NS' } },
      ],
    },
    {
      name: 'module-restricted exports are not global growth',
      series: [gitDiff({ path: 'fs/anon_inodes.c', at: 120, lines: ['+EXPORT_SYMBOL_GPL_FOR_MODULES(anon_inode_make_secure_inode, "kvm,kvm-intel");'] })],
      only: ONLY_EVENTS,
      errors: [{ messageId: 'addedRestricted', line: 120, data: { symbol: 'anon_inode_make_secure_inode', modules: 'kvm,kvm-intel' } }],
    },
    {
      name: 'per-cpu and tracepoint exports',
      series: [gitDiff({ path: 'kernel/sched/core.c', at: 90, lines: ['+EXPORT_PER_CPU_SYMBOL_GPL(runqueues);', '+EXPORT_TRACEPOINT_SYMBOL_GPL(sched_update_nr_running_tp);'] })],
      only: ONLY_EVENTS,
      errors: [
        { messageId: 'added', line: 90, data: { symbol: 'runqueues', kind: 'percpu', macro: 'EXPORT_PER_CPU_SYMBOL_GPL' } },
        { messageId: 'added', line: 91, data: { symbol: 'sched_update_nr_running_tp', kind: 'tracepoint' } },
      ],
    },
    {
      name: 'a multi-line invocation and a subsystem wrapper macro',
      series: [
        gitDiff({ path: 'arch/x86/kvm/x86.c', at: 500, lines: ['+EXPORT_SYMBOL_NS_GPL(', '+\tkvm_arch_has_noncoherent_dma,', '+\t"KVM_INTERNAL");', '+EXPORT_SYMBOL_GPL_FOR_KVM_INTERNAL(kvm_set_cpu_caps);'] }),
      ],
      only: ONLY_EVENTS,
      errors: [
        { messageId: 'added', line: 500, data: { symbol: 'kvm_arch_has_noncoherent_dma', namespace: 'KVM_INTERNAL' } },
        // A wrapper kvetch does not know and whose #define it cannot see: no guessed namespace.
        { messageId: 'addedUnknown', line: 503, data: { symbol: 'kvm_set_cpu_caps', macro: 'EXPORT_SYMBOL_GPL_FOR_KVM_INTERNAL', namespace: '', gpl: 'unknown', expansion: 'unknown' } },
      ],
    },
    {
      name: 'a removed export shrinks the API (old-side line)',
      series: [gitDiff({ path: 'mm/util.c', at: 70, lines: [' }', '-EXPORT_SYMBOL(kstrdup_quotable);'] })],
      only: ONLY_EVENTS,
      errors: [{ messageId: 'removed', path: 'mm/util.c', line: 71, data: { symbol: 'kstrdup_quotable' } }],
    },
    {
      name: 'an export moved to another file in a later patch of the series is a move, not growth',
      series: [
        gitDiff({ path: 'virt/kvm/kvm_main.c', at: 200, lines: ['-EXPORT_SYMBOL_GPL(kvm_vcpu_kick);'] }),
        gitDiff({ path: 'virt/kvm/vcpu.c', at: 30, lines: ['+EXPORT_SYMBOL_GPL(kvm_vcpu_kick);'], status: 'new' }),
      ],
      only: ONLY_EVENTS,
      errors: [{ messageId: 'moved', path: 'virt/kvm/vcpu.c', patch: 2, data: { symbol: 'kvm_vcpu_kick', from: 'virt/kvm/kvm_main.c' } }],
    },
    {
      name: 'GPL to non-GPL loosens access; a dropped namespace too; a changed one is reported',
      series: [
        gitDiff({
          path: 'drivers/gpio/gpio-idio-16.c',
          at: 60,
          lines: ['-EXPORT_SYMBOL_GPL(idio_16_get);', '+EXPORT_SYMBOL(idio_16_get);', '-EXPORT_SYMBOL_NS_GPL(idio_16_set, GPIO_IDIO_16);', '+EXPORT_SYMBOL_GPL(idio_16_set);', '-EXPORT_SYMBOL_NS_GPL(idio_16_init, GPIO_IDIO_16);', '+EXPORT_SYMBOL_NS_GPL(idio_16_init, "GPIO_IDIO");'],
        }),
      ],
      only: ONLY_EVENTS,
      errors: [
        { messageId: 'loosenedGpl', data: { symbol: 'idio_16_get', oldMacro: 'EXPORT_SYMBOL_GPL' } },
        { messageId: 'namespaceDropped', data: { symbol: 'idio_16_set', oldNamespace: 'GPIO_IDIO_16' } },
        { messageId: 'namespaceChanged', data: { symbol: 'idio_16_init', namespace: 'GPIO_IDIO' } },
      ],
    },
    {
      name: 'the series summary gives the net delta per subsystem',
      series: [
        gitDiff({ path: 'drivers/vfio/group.c', lines: ['+EXPORT_SYMBOL_GPL(vfio_a);', '+EXPORT_SYMBOL_GPL(vfio_b);'] }),
        gitDiff({ path: 'mm/util.c', lines: ['-EXPORT_SYMBOL(mm_c);'] }),
      ],
      only: ['summary'],
      errors: [{ messageId: 'summary', data: { delta: '+1', added: 2, removed: 1, moved: 0, bySubsystem: '; drivers/vfio +2, mm -1' } }],
    },
  ],
});

// A renamed file: exports on lines the diff does not show move too, known only with the tree.

const RENAME = [
  'diff --git a/crypto/gf128mul.c b/lib/crypto/gf128mul.c',
  'similarity index 90%',
  'rename from crypto/gf128mul.c',
  'rename to lib/crypto/gf128mul.c',
  'index 1111111..2222222 100644',
  '--- a/crypto/gf128mul.c',
  '+++ b/lib/crypto/gf128mul.c',
  '@@ -40,2 +40,3 @@',
  ' EXPORT_SYMBOL(gf128mul_lle);',
  '+/* moved to lib/ */',
  ' ',
  '',
].join('\n');
const OLD_FILE = 'void gf128mul_lle(be128 *r, const be128 *b) { }\nEXPORT_SYMBOL(gf128mul_lle);\n/* EXPORT_SYMBOL(not_this) */\n#define X(s) EXPORT_SYMBOL(s)\nEXPORT_SYMBOL_GPL(gf128mul_x8_ble);\n';

test('symbol-exports: a renamed file taking its exports along is one finding; lines outside the hunks come from the tree', () => {
  const noTree = runAnalyzer(symbolExports, [RENAME]).filter((f) => f.messageId !== 'summary');
  assert.deepEqual(noTree.map((f) => [f.messageId, f.data?.from, f.data?.path, f.data?.count]), [['renamedFile', 'crypto/gf128mul.c', 'lib/crypto/gf128mul.c', 1]]);
  const tree = KernelTree.fromFiles({ 'crypto/gf128mul.c': OLD_FILE });
  const withTree = runAnalyzer(symbolExports, [RENAME], tree).filter((f) => f.messageId !== 'summary');
  assert.deepEqual(withTree.map((f) => [f.messageId, f.data?.count]), [['renamedFile', 2]]);
  assert.match(withTree[0]?.message ?? '', /crypto\/gf128mul\.c is renamed to lib\/crypto\/gf128mul\.c: its 2 exports keep their names and macros/);
});

test('symbol-exports: in a renamed file, an export that changes its macro is one finding that says both; the rest one rename finding', () => {
  const tree = KernelTree.fromFiles({ 'crypto/gf128mul.c': OLD_FILE });
  const diff = RENAME.replace(' EXPORT_SYMBOL(gf128mul_lle);', '-EXPORT_SYMBOL(gf128mul_lle);\n+EXPORT_SYMBOL_GPL(gf128mul_lle);').replace('@@ -40,2 +40,3 @@', '@@ -40,2 +40,4 @@');
  const got = runAnalyzer(symbolExports, [diff], tree).filter((f) => f.messageId !== 'summary');
  assert.deepEqual(got.map((f) => [f.messageId, f.data?.symbol ?? f.data?.count]).sort(), [['renamedFile', 1], ['tightened', 'gf128mul_lle']]);
  const tightened = got.find((f) => f.messageId === 'tightened');
  assert.match(tightened?.message ?? '', /EXPORT_SYMBOL → EXPORT_SYMBOL_GPL \(and the export moves from crypto\/gf128mul\.c to lib\/crypto\/gf128mul\.c\)/);
});
