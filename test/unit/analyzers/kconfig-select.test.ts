import assert from 'node:assert/strict';
import { test } from 'node:test';
import kconfigSelect from '../../../src/analyzers/kconfig-select.js';
import { KernelTree } from '../../../src/kernel/tree.js';
import type { TreeView } from '../../../src/model/tree.js';
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

// With a kernel tree (--tree): the series is applied to the tree's Kconfig and both entries come from the result.

const TREE_FILES: Record<string, string> = {
  Kconfig: 'source "arch/$(SRCARCH)/Kconfig"\nsource "drivers/Kconfig"\nsource "virt/kvm/Kconfig"\n',
  'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n\tselect HAS_IOMEM\n\nconfig MMU\n\tdef_bool y\n\nconfig 64BIT\n\tbool "64-bit kernel"\n',
  'arch/riscv/Kconfig': 'config RISCV\n\tdef_bool y\n\nsource "arch/riscv/kvm/Kconfig"\n',
  'arch/riscv/kvm/Kconfig': 'config KVM\n\ttristate "Kernel-based Virtual Machine (KVM) support"\n',
  'drivers/Kconfig': 'menu "Device Drivers"\nsource "drivers/foo/Kconfig"\nsource "drivers/net/Kconfig"\nendmenu\n',
  'drivers/foo/Kconfig': 'config FOO_CORE\n\ttristate\n\tdepends on PCI && HAS_IOMEM\n\nconfig FOO_BUS\n\tbool\n\tselect PCI\n',
  'drivers/net/Kconfig': [
    'menuconfig NETDEVICES',
    '\tbool "Network device support"',
    '',
    'if NETDEVICES',
    '',
    'config FOO_NET',
    '\ttristate "Foo network driver"',
    '',
    'if PCI',
    'config FOO_PCI_NET',
    '\ttristate "Foo PCI network driver"',
    '',
    'endif',
    '',
    'config FOO_BUS_NET',
    '\ttristate "Foo bus network driver"',
    '\tdepends on FOO_BUS',
    '',
    'endif',
    '',
  ].join('\n'),
  'virt/kvm/Kconfig': 'config KVM_VFIO\n\tbool\n',
};
const tree = KernelTree.fromFiles(TREE_FILES);

test('kconfig-select with --tree: the target and the selector come from the tree', () => {
  const bad = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_CORE'] })], tree);
  assert.deepEqual(bad.map((f) => [f.messageId, f.data?.dependency]), [['unmetDependency', 'PCI']], 'HAS_IOMEM is selected by X86, which is always on');
  assert.match(bad[0]?.message ?? '', /checked against the kernel tree for x86 with the series applied/);
  const ok = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_PCI_NET', '+\tselect FOO_CORE'] })], tree);
  assert.deepEqual(ok, [], 'PCI from an enclosing if block and HAS_IOMEM selected by X86, which is always on');
  const none = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_CORE'] })]);
  assert.deepEqual(none, [], 'without the tree the target is unknown: nothing is claimed');
  const kvm = runAnalyzer(kconfigSelect, [gitDiff({ path: 'arch/riscv/kvm/Kconfig', lines: [' config KVM', '+\tselect KVM_VFIO'] })], tree);
  assert.deepEqual(kvm.map((f) => [f.messageId, f.data?.basis]), [['kvmVfioSelect', 'checked against the kernel tree for riscv with the series applied']]);
});

test('kconfig-select with --tree: a dependency that arrives through the selector\'s own dependencies and their selects', () => {
  // FOO_BUS_NET depends on FOO_BUS, which selects PCI; HAS_IOMEM is selected by X86 (always on).
  const ok = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_BUS_NET', '+\tselect FOO_CORE'] })], tree);
  assert.deepEqual(ok, []);
});

test('kconfig-select with --tree: a dependency added to the selector by another patch of the series counts', () => {
  const select = gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', ' \ttristate "Foo network driver"', '+\tselect FOO_CORE'] });
  const alone = runAnalyzer(kconfigSelect, [select], tree);
  assert.deepEqual(alone.map((f) => f.data?.dependency), ['PCI']);
  // Patch 1 adds `depends on PCI` to FOO_NET; patch 2, written on top of it, adds the select.
  const depends = gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', ' \ttristate "Foo network driver"', '+\tdepends on PCI'] });
  const selectAfter = gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', ' \ttristate "Foo network driver"', ' \tdepends on PCI', '+\tselect FOO_CORE'] });
  assert.deepEqual(runAnalyzer(kconfigSelect, [depends, selectAfter], tree), []);
});

test('kconfig-select with --tree: an entry the series creates in a new file is judged inside its blocks', () => {
  const series = gitDiff(
    { path: 'drivers/net/Kconfig', at: 19, lines: [' endif', '+source "drivers/net/bar/Kconfig"'] },
    { path: 'drivers/net/bar/Kconfig', status: 'new', lines: ['+config BAR_NET', '+\ttristate "Bar"', '+\tselect FOO_CORE'] },
  );
  const found = runAnalyzer(kconfigSelect, [series], tree);
  assert.deepEqual(found.map((f) => [f.data?.selector, f.data?.dependency]), [['BAR_NET', 'PCI']]);
  const inside = series.replace('+source "drivers/net/bar/Kconfig"', '+if PCI\n+source "drivers/net/bar/Kconfig"\n+endif').replace('+19,2 @@', '+19,4 @@');
  assert.deepEqual(runAnalyzer(kconfigSelect, [inside], tree), [], 'sourced inside `if PCI`');
});

test('kconfig-select with --tree: a series that does not apply says so and uses the unpatched tree', () => {
  const found = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', ' \tthis line is not in the tree', '+\tselect FOO_CORE'] })], tree);
  assert.deepEqual(found.map((f) => f.data?.dependency), ['PCI']);
  assert.match(found[0]?.message ?? '', /does not apply to the tree at drivers\/net\/Kconfig; checked against the unpatched tree/);
});

test('kconfig-select with --tree: a target with no dependency to check costs no closure of the selector', () => {
  // What the selector guarantees is a closure over the whole patched tree (the costly part of
  // --tree); a target that depends on nothing has nothing to check against it.
  let asked = 0;
  const counting: TreeView = {
    readFile: (p) => tree.readFile(p),
    kconfig: (arch, changes) => {
      const view = tree.kconfig(arch, changes);
      return { definitions: (s) => view.definitions(s), implied: (s) => (asked++, view.implied(s)) };
    },
  };
  const free = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_BUS'] })], counting);
  assert.deepEqual(free, []);
  assert.equal(asked, 0, 'FOO_BUS depends on nothing');
  const bound = runAnalyzer(kconfigSelect, [gitDiff({ path: 'drivers/net/Kconfig', lines: [' config FOO_NET', '+\tselect FOO_CORE'] })], counting);
  assert.deepEqual(bound.map((f) => f.data?.dependency), ['PCI']);
  assert.equal(asked, 1, 'FOO_CORE depends on PCI and HAS_IOMEM: one closure of FOO_NET answers both');
});
