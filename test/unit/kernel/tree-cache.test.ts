import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KCONFIG_ARCHES_KEPT, KernelTree } from '../../../src/kernel/tree.js';

const ARCHES = ['arm', 'arm64', 'mips', 'riscv', 'x86'];

function tree(): KernelTree {
  const files: Record<string, string> = { Kconfig: 'config COMMON\n\tbool "common"\n\nsource "arch/$(SRCARCH)/Kconfig"\n' };
  for (const a of ARCHES) files[`arch/${a}/Kconfig`] = `config ${a.toUpperCase()}_ONLY\n\tbool "only ${a}"\n\tdepends on COMMON\n`;
  return KernelTree.fromFiles(files);
}

test('KernelTree keeps the parsed Kconfig of a few architectures, not of every one asked for', () => {
  assert.ok(KCONFIG_ARCHES_KEPT < ARCHES.length, 'the test asks for more architectures than are kept');
  const t = tree();
  const first = t.kconfigDb('x86');
  assert.equal(t.kconfigDb('x86'), first, 'asked again at once: the same parse');
  for (const a of ARCHES.filter((x) => x !== 'x86')) t.kconfigDb(a);
  const again = t.kconfigDb('x86');
  assert.notEqual(again, first, 'x86 was dropped while the others were parsed, and parsed again');
  assert.deepEqual([...again.entries.keys()].sort(), ['COMMON', 'X86_ONLY'], 'the new parse says the same');
});

test('KernelTree keeps the most recently used architecture when it drops one', () => {
  const t = tree();
  const x86 = t.kconfigDb('x86');
  for (const a of ['arm', 'arm64', 'mips', 'riscv']) {
    t.kconfigDb(a);
    assert.equal(t.kconfigDb('x86'), x86, `x86, used after each other architecture, is still kept after ${a}`);
  }
  assert.deepEqual(t.kconfig('x86').definitions('X86_ONLY').length, 1);
});
