import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KernelTree } from '../../../src/kernel/tree.js';

/** A small arm-like tree: platform exclusions, a legacy option only one platform selects, a forced default. */
const FILES: Record<string, string> = {
  Kconfig: 'source "arch/$(SRCARCH)/Kconfig"\nsource "kernel/Kconfig"\n',
  'arch/arm/Kconfig': [
    'config ARM\n\tdef_bool y\n\tselect HAS_IOMEM_HELPER\n',
    'config ARCH_MOXART\n\tbool "MOXA"\n\tdepends on ARCH_MULTI_V4\n\tselect TIMER_A\n',
    'config ARCH_MULTI_V4\n\tbool "v4"\n',
    'config ARCH_RPC\n\tbool "RiscPC"\n\tdepends on ARCH_MULTI_V4\n\tdepends on !(ARCH_MOXART || ARCH_GEMINI)\n\tselect LEGACY_TIMER_TICK\n',
    'config CALL_THUNKS\n\tdef_bool n\n\tselect PADDING\n',
    'config MITIGATION\n\tbool "mitigation"\n\tdepends on HAVE_THUNKS\n\tselect CALL_THUNKS\n',
    'config HAVE_THUNKS\n\tdef_bool y\n\tdepends on OBJTOOL && CC_PADDING\n',
    'config OBJTOOL\n\tbool "objtool"\n',
    'config CC_PADDING\n\tbool "padding"\n',
  ].join('\n'),
  'kernel/Kconfig': [
    'config LEGACY_TIMER_TICK\n\tbool\n',
    'config GENERIC_CLOCKEVENTS\n\tdef_bool !LEGACY_TIMER_TICK\n',
    'config NO_IOMEM\n\tbool\n',
    'config HAS_IOMEM\n\tbool\n\tdepends on !NO_IOMEM\n\tdefault y\n',
    'config FB\n\ttristate "fb"\n\tselect FB_CORE\n',
    'config FB_CORE\n\ttristate\n',
  ].join('\n'),
};

test('guarantees: forced symbols (def_bool y, default y with a dependency nothing can break)', () => {
  const on = KernelTree.fromFiles(FILES).kconfig('arm').implied([]);
  assert.ok(on.has('ARM'));
  assert.ok(on.has('HAS_IOMEM'), 'NO_IOMEM has no prompt, no default and no selector: never on');
  assert.ok(!on.has('GENERIC_CLOCKEVENTS'), 'ARCH_RPC may select LEGACY_TIMER_TICK');
});

test('guarantees: a platform that excludes the only selector of an option makes its negation certain', () => {
  const on = KernelTree.fromFiles(FILES).kconfig('arm').implied(['ARCH_MOXART']);
  assert.ok(on.has('ARCH_MULTI_V4') && on.has('TIMER_A'));
  assert.ok(on.has('GENERIC_CLOCKEVENTS'), 'ARCH_RPC depends on !ARCH_MOXART, so LEGACY_TIMER_TICK is off');
});

test('guarantees: a selected symbol brings its selects but not its dependencies; a select-only one brings its selectors\' common ground', () => {
  const kc = KernelTree.fromFiles(FILES).kconfig('arm');
  const fb = kc.implied(['FB']);
  assert.ok(fb.has('FB_CORE'));
  const thunks = kc.implied(['CALL_THUNKS']);
  assert.ok(thunks.has('PADDING'));
  assert.ok(thunks.has('OBJTOOL') && thunks.has('CC_PADDING'), 'only MITIGATION selects CALL_THUNKS, and it needs HAVE_THUNKS');
  assert.ok(!kc.implied(['TIMER_A']).has('ARCH_MOXART'), 'TIMER_A has no selector list that narrows it (it is not defined)');
});

test('guarantees: a choice member brings the choice\'s own dependencies', () => {
  const files = {
    Kconfig: 'config SQUASHFS\n\ttristate "squashfs"\n\nchoice\n\tprompt "decompressor"\n\tdepends on SQUASHFS\n\nconfig SQUASHFS_COMPILE_DECOMP_SINGLE\n\tbool "single"\n\tselect SQUASHFS_DECOMP_SINGLE\n\nendchoice\n',
  };
  const kc = KernelTree.fromFiles(files).kconfig('x86');
  assert.deepEqual(kc.definitions('SQUASHFS_COMPILE_DECOMP_SINGLE')[0]?.choiceDeps, ['SQUASHFS']);
  assert.ok(kc.implied(['SQUASHFS_COMPILE_DECOMP_SINGLE']).has('SQUASHFS'));
});

test('guarantees: a conditional default decides when its condition is known (KVM_X86 = KVM if KVM_AMD != n)', () => {
  const files = {
    Kconfig: [
      'config KVM\n\ttristate "KVM"\n',
      'config KVM_AMD\n\ttristate "AMD"\n\tdepends on KVM\n',
      'config KVM_INTEL\n\ttristate "Intel"\n\tdepends on KVM\n',
      'config KVM_X86\n\tdef_tristate KVM if (KVM_INTEL != n || KVM_AMD != n)\n\tselect MMU_NOTIFIER\n',
      'config KVM_AMD_SEV\n\tbool "SEV"\n\tdepends on KVM_AMD\n',
    ].join('\n'),
  };
  const kc = KernelTree.fromFiles(files).kconfig('x86');
  const on = kc.implied(['KVM_AMD_SEV']);
  assert.ok(on.has('KVM_X86') && on.has('MMU_NOTIFIER'));
  assert.ok(!kc.implied(['KVM']).has('KVM_X86'), 'with neither vendor module known on, the default is undecided');
});

test('guarantees: a dependency with alternatives brings what every alternative brings', () => {
  const files = {
    Kconfig: [
      'config CRYPTO\n\ttristate "crypto"\n',
      'config SIG_FORMAT\n\tdef_bool n\n\tselect CRYPTO\n',
      'config MODULE_SIG\n\tbool "sig"\n\tselect SIG_FORMAT\n',
      'config IMA_MODSIG\n\tbool "ima"\n\tselect SIG_FORMAT\n',
      'config OTHER\n\tbool "other"\n',
      'choice\n\tprompt "hash"\n\tdepends on MODULE_SIG || IMA_MODSIG\nconfig SIG_SHA3\n\tbool "sha3"\nendchoice\n',
      'config LOOSE\n\tbool "loose"\n\tdepends on (MODULE_SIG || OTHER)\n',
    ].join('\n'),
  };
  const kc = KernelTree.fromFiles(files).kconfig('x86');
  assert.ok(kc.implied(['SIG_SHA3']).has('CRYPTO'), 'both alternatives select SIG_FORMAT, which selects CRYPTO');
  assert.ok(!kc.implied(['LOOSE']).has('CRYPTO'), 'OTHER brings nothing');
});
