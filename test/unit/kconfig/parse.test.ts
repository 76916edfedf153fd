import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { auditTree } from '../../../src/pipeline/audit.js';
import { directDependency, parseKconfig } from '../../../src/kconfig/parse.js';
import { reparseKconfig } from '../../../src/kconfig/reparse.js';
import { KernelTree, TreeError } from '../../../src/kernel/tree.js';

/** A miniature kernel tree: seed 002's shape, before the fix. */
const FILES: Record<string, string> = {
  Kconfig: 'mainmenu "Linux"\n\nsource "arch/$(SRCARCH)/Kconfig"\nsource "virt/Kconfig"\nsource "drivers/Kconfig"\n',
  'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n\tselect HAVE_KVM\n\nsource "arch/x86/kvm/Kconfig"\n',
  'arch/x86/kvm/Kconfig': [
    'menuconfig VIRTUALIZATION',
    '\tbool "Virtualization"',
    '',
    'if VIRTUALIZATION',
    '',
    'config KVM',
    '\ttristate "Kernel-based Virtual Machine (KVM) support"',
    '\tdepends on HAVE_KVM',
    '\tselect KVM_VFIO',
    '\tselect IRQ_BYPASS_MANAGER if X86_64 # comment',
    '\thelp',
    '\t  Support hosting guests. select NOT_A_SELECT',
    '',
    '\t  depends on NOT_A_DEPENDENCY',
    '',
    'endif # VIRTUALIZATION',
    '',
  ].join('\n'),
  'arch/arm64/Kconfig': 'config ARM64\n\tdef_bool y\n',
  'virt/Kconfig': 'rsource "kvm/Kconfig"\nosource "virt/missing/Kconfig"\n',
  'virt/kvm/Kconfig': 'config KVM_VFIO\n       bool\n\nconfig HAVE_KVM\n       bool\n',
  'drivers/Kconfig': 'menu "Device Drivers"\n\tdepends on HAS_IOMEM\n\nchoice\n\tprompt "mode"\n\tdepends on PCI && \\\n\t\tX86\n\nconfig MODE_A\n\tbool "A"\n\nendchoice\n\nendmenu\n\nconfig VFIO\n\ttristate "VFIO"\n\tdepends on IOMMU_API\n',
};

function memory(files: Record<string, string>) {
  return { read: (p: string) => files[p] ?? null };
}

test('kconfig: entries, types, direct dependencies through if/menu/choice, selects with if', () => {
  const db = parseKconfig(memory(FILES), 'x86');
  assert.deepEqual(db.missing, []);
  assert.ok(db.files.includes('virt/kvm/Kconfig'), 'rsource is relative to the sourcing file');
  const kvm = db.entries.get('KVM')?.[0];
  assert.ok(kvm);
  assert.equal(kvm.type, 'tristate');
  assert.equal(directDependency(kvm), 'VIRTUALIZATION && HAVE_KVM');
  assert.deepEqual(kvm.selects.map((s) => [s.symbol, s.cond, s.line]), [['KVM_VFIO', '', 9], ['IRQ_BYPASS_MANAGER', 'X86_64', 10]]);
  assert.equal(db.entries.has('NOT_A_SELECT'), false);
  const mode = db.entries.get('MODE_A')?.[0];
  assert.equal(mode && directDependency(mode), '<choice>', 'a choice member depends on its choice (which carries the menu and choice conditions)');
  const vfio = db.entries.get('VFIO')?.[0];
  assert.equal(vfio && directDependency(vfio), 'IOMMU_API', 'endmenu closes the menu condition');
  assert.equal(db.entries.get('KVM_VFIO')?.[0]?.type, 'bool');
});

test('kconfig: $(SRCARCH) picks the arch; an unreadable source is reported, osource is not', () => {
  const arm = parseKconfig(memory(FILES), 'arm64');
  assert.equal(arm.entries.has('KVM'), false);
  assert.ok(arm.entries.has('ARM64'));
  const broken = parseKconfig(memory({ ...FILES, 'virt/Kconfig': 'source "virt/gone/Kconfig"\n' }), 'x86');
  assert.deepEqual(broken.missing, ['virt/gone/Kconfig']);
});

test('audit: the arch select of KVM_VFIO is reported once; the seed-002 fix clears it', () => {
  const root = mkdtempSync(join(tmpdir(), 'kvetch-tree-'));
  try {
    const write = (files: Record<string, string>) => {
      for (const [p, text] of Object.entries(files)) {
        mkdirSync(dirname(join(root, p)), { recursive: true });
        writeFileSync(join(root, p), text);
      }
    };
    write(FILES);
    const before = auditTree(KernelTree.open(root));
    assert.deepEqual(before.map((f) => [f.messageId, f.location?.path, f.location?.line, f.data?.selector]), [['kvmVfioSelect', 'arch/x86/kvm/Kconfig', 9, 'KVM']]);
    write({
      'arch/x86/kvm/Kconfig': (FILES['arch/x86/kvm/Kconfig'] as string).replace('select KVM_VFIO', 'select HAVE_KVM_ARCH_VFIO'),
      'virt/kvm/Kconfig': 'config HAVE_KVM_ARCH_VFIO\n       bool\n\nconfig KVM_VFIO\n       def_bool y\n       depends on HAVE_KVM_ARCH_VFIO\n       depends on VFIO\n',
    });
    assert.deepEqual(auditTree(new KernelTree(root)), []);
    assert.throws(() => KernelTree.open(join(root, 'arch')), TreeError);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('kconfig: reparse one changed file inside the blocks it was sourced in', async () => {
  const parse = parseKconfig;
  const files: Record<string, string> = {
    Kconfig: 'menu "Drivers"\n\tdepends on PCI\nsource "drivers/Kconfig"\nendmenu\nconfig PCI\n\tbool "PCI"\n',
    'drivers/Kconfig': 'config OLD\n\tbool "old"\n',
    'drivers/new/Kconfig': 'config NEWER\n\ttristate "newer"\n',
  };
  const base = parse({ read: (p) => files[p] ?? null }, 'x86');
  const changed: Record<string, string> = { 'drivers/Kconfig': 'config RENAMED\n\tbool "renamed"\nsource "drivers/new/Kconfig"\n' };
  const db = reparseKconfig(base, { read: (p) => changed[p] ?? files[p] ?? null }, ['drivers/Kconfig']);
  assert.equal(db.entries.get('OLD'), undefined, 'entries of the old text are gone');
  assert.deepEqual(db.entries.get('RENAMED')?.[0]?.inherited, ['PCI']);
  assert.deepEqual(db.entries.get('NEWER')?.[0]?.inherited, ['PCI'], 'a file the change sources is read inside the same blocks');
  assert.ok(db.entries.get('PCI'), 'untouched files keep their entries');
  assert.ok(base.entries.get('OLD'), 'the base is not modified');
});

// Found by the fuzzing campaign (bench/fuzz, target kconfig): an `endif` of a sourced file
// closed the `if` of the file that sourced it, so the parent's later entries lost a dependency;
// and an `if` left open in a sourced file leaked into its parent.
test('kconfig: blocks stay in their file: a stray endif or an unclosed if of a sourced file does not reach its parent', () => {
  const db = parseKconfig(
    {
      read: (p) =>
        ({
          Kconfig: 'if KVM\nsource "a/Kconfig"\nconfig IN_IF\n\tbool\nendif\nsource "b/Kconfig"\nconfig AFTER\n\tbool\n',
          'a/Kconfig': 'config A\n\tbool\nendif\n',
          'b/Kconfig': 'if VFIO\nconfig B\n\tbool\n',
        })[p] ?? null,
    },
    'x86',
  );
  assert.deepEqual(db.entries.get('IN_IF')?.[0]?.inherited, ['KVM']);
  assert.deepEqual(db.entries.get('A')?.[0]?.inherited, ['KVM']);
  assert.deepEqual(db.entries.get('B')?.[0]?.inherited, ['VFIO']);
  assert.deepEqual(db.entries.get('AFTER')?.[0]?.inherited, []);
});

// Found by the fuzzing campaign (bench/fuzz, target kconfig): reparsing a file that sources a
// file read before (here the top Kconfig, through a cycle) read that file again inside the
// changed file's blocks, so the top file's entries took a dependency they do not have.
test('kconfig: reparse does not read again a file the tree already read (a source cycle)', () => {
  const files: Record<string, string> = { Kconfig: 'config KVM\n\tbool\nif KVM\nsource "arch/x86/Kconfig"\nendif\n', 'arch/x86/Kconfig': 'source "Kconfig"\nconfig X86\n\tbool\n' };
  const src = { read: (p: string) => files[p] ?? null };
  const base = parseKconfig(src, 'x86');
  const again = reparseKconfig(base, src, ['arch/x86/Kconfig']);
  assert.deepEqual(again.entries.get('KVM')?.map((e) => e.inherited), [[]]);
  assert.deepEqual(again.entries.get('X86')?.map((e) => e.inherited), [['KVM']]);
});
