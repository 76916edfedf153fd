import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TreeView } from '../../../src/analyzers/types.js';
import kconfigSelect from '../../../src/analyzers/kconfig-select.js';
import { runAnalyzer, testAnalyzer } from '../../support/analyzer-tester.js';
import { gitDiff } from '../../support/diff-text.js';

/** The four arch KVM entries of seed 002, each selecting `from` → `to`. */
const archSwap = (from: string, to: string): string =>
  gitDiff(
    ...['arm64', 'powerpc', 's390', 'x86'].map((arch, i) => ({
      path: `arch/${arch}/kvm/Kconfig`,
      at: 20 + i,
      lines: [`${arch === 'arm64' ? ' menuconfig' : ' config'} KVM`, '\tdepends on HAVE_KVM'.replace(/^/, ' '), `-\tselect ${from}`, `+\tselect ${to}`, ' \tselect HAVE_KVM_EVENTFD'],
    })),
  );

const virtFixed = gitDiff({
  path: 'virt/kvm/Kconfig',
  at: 59,
  lines: [' config HAVE_KVM_CPU_RELAX_INTERCEPT', '        bool', ' ', '-config KVM_VFIO', '+config HAVE_KVM_ARCH_VFIO', '        bool', ' ', '+config KVM_VFIO', '+       def_bool y', '+       depends on HAVE_KVM_ARCH_VFIO', '+       depends on VFIO', '+'],
});
const virtBroken = gitDiff({
  path: 'virt/kvm/Kconfig',
  at: 59,
  lines: [' config HAVE_KVM_CPU_RELAX_INTERCEPT', '        bool', ' ', '-config HAVE_KVM_ARCH_VFIO', '+config KVM_VFIO', '        bool', ' ', '-config KVM_VFIO', '-       def_bool y', '-       depends on HAVE_KVM_ARCH_VFIO', '-       depends on VFIO', '-'],
});

testAnalyzer(kconfigSelect, {
  valid: [
    {
      name: 'selecting a dependency-less capability symbol (the HAVE_* convention)',
      series: [gitDiff({ path: 'arch/riscv/Kconfig', lines: [' config RISCV', '+\tselect HAVE_KVM_IRQFD', ' \tselect ARCH_HAS_DEBUG_WX'] })],
    },
    {
      name: 'a select whose target dependency the selector itself depends on',
      series: [
        gitDiff(
          { path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tdepends on PCI', '+\tselect FOO_CORE'] },
          { path: 'drivers/foo/Kconfig', lines: ['+config FOO_CORE', '+\ttristate', '+\tdepends on PCI'] },
        ),
      ],
    },
  ],
  invalid: [
    {
      name: 'seed 002 reversed: each arch selecting KVM_VFIO, whose code needs VFIO',
      series: [`${archSwap('HAVE_KVM_ARCH_VFIO', 'KVM_VFIO')}${virtBroken}`],
      errors: ['arm64', 'powerpc', 's390', 'x86'].map((arch, i) => ({ messageId: 'kvmVfioSelect', path: `arch/${arch}/kvm/Kconfig`, line: 22 + i, data: { selector: 'KVM', symbol: 'KVM_VFIO', needs: 'VFIO' } })),
    },
    {
      name: "seed 002's fix: arches select HAVE_KVM_ARCH_VFIO and KVM_VFIO depends on VFIO",
      series: [`${archSwap('KVM_VFIO', 'HAVE_KVM_ARCH_VFIO')}${virtFixed}`],
      errors: ['arm64', 'powerpc', 's390', 'x86'].map((arch, i) => ({ messageId: 'kvmVfioFixed', path: `arch/${arch}/kvm/Kconfig`, line: 22 + i })),
    },
    {
      name: 'a select of KVM_VFIO in a hunk that starts mid-entry (entry from the hunk header)',
      series: [gitDiff({ path: 'arch/loongarch/kvm/Kconfig', at: 30, lines: [' \tselect KVM_MMIO', '+\tselect KVM_VFIO'] }).replace('@@ -30,1 +30,2 @@', '@@ -30,1 +30,2 @@ config KVM')],
      errors: [{ messageId: 'kvmVfioSelect', line: 31, data: { selector: 'KVM' } }],
    },
    {
      name: 'an added select of a symbol whose visible dependency the selector lacks',
      series: [
        gitDiff({ path: 'drivers/foo/Kconfig', lines: ['+config FOO_CORE', '+\ttristate', '+\tdepends on PCI && HAS_IOMEM'] }),
        gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_CORE'] }),
      ],
      errors: [
        { messageId: 'unmetDependency', patch: 2, path: 'drivers/net/Kconfig', data: { selector: 'FOO_NET', symbol: 'FOO_CORE', dependency: 'PCI' } },
        { messageId: 'unmetDependency', patch: 2, data: { dependency: 'HAS_IOMEM' } },
      ],
    },
  ],
});

// With a kernel tree (--tree): dependencies of symbols the series does not show come from it.

const TREE: Record<string, { file: string; depends: string[]; inherited: string[] }[]> = {
  FOO_CORE: [{ file: 'drivers/foo/Kconfig', depends: ['PCI && HAS_IOMEM'], inherited: [] }],
  FOO_NET: [{ file: 'drivers/net/Kconfig', depends: [], inherited: ['NETDEVICES'] }],
  FOO_PCI_NET: [{ file: 'drivers/net/Kconfig', depends: ['HAS_IOMEM'], inherited: ['PCI'] }],
  KVM_VFIO: [{ file: 'virt/kvm/Kconfig', depends: [], inherited: [] }],
};
const tree: TreeView = { kconfigDefinitions: (_arch, symbol) => TREE[symbol] ?? [], readFile: () => null };

test('kconfig-select with --tree: the target and the selector come from the tree', () => {
  const bad = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_CORE'] })], tree);
  assert.deepEqual(bad.map((f) => [f.messageId, f.data?.dependency]).sort(), [['unmetDependency', 'HAS_IOMEM'], ['unmetDependency', 'PCI']]);
  assert.match(bad[0]?.message ?? '', /checked against the kernel tree for x86/);
  const ok = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_PCI_NET', '+\tselect FOO_CORE'] })], tree);
  assert.deepEqual(ok, [], 'PCI from an enclosing if block and HAS_IOMEM from depends on');
  const none = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_CORE'] })]);
  assert.deepEqual(none, [], 'without the tree the target is unknown: nothing is claimed');
  const kvm = runAnalyzer(kconfigSelect, [gitDiff({ path: 'arch/riscv/kvm/Kconfig', lines: [' config KVM', '+\tselect KVM_VFIO'] })], tree);
  assert.deepEqual(kvm.map((f) => [f.messageId, f.data?.basis]), [['kvmVfioSelect', 'checked against the kernel tree for riscv']]);
});
