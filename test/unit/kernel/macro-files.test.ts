/**
 * Finding the file that #defines an export wrapper in a tree (issue 17 §5): the file itself,
 * headers beside it and above it, then include/ and arch/*\/include/; never a directory outside
 * the tree, whatever path the mail names.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { KernelTree } from '../../../src/kernel/tree.js';
import { treeFiles } from '../../../src/kernel/tree-files.js';

const dir = mkdtempSync(join(tmpdir(), 'kvetch-macro-files-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const root = join(dir, 'linux');
const files: Record<string, string> = {
  Kconfig: '',
  'include/linux/acpi.h': '#ifdef CONFIG_ACPI\n#define EXPORT_SYMBOL_ACPI_LIB(x) EXPORT_SYMBOL_NS_GPL(x, ACPI)\n#else\n#define EXPORT_SYMBOL_ACPI_LIB(x)\n#endif\n',
  'arch/x86/include/asm/percpu.h': '#define EXPORT_EARLY_PER_CPU_SYMBOL(_name) \\\n\tEXPORT_PER_CPU_SYMBOL(_name)\n',
  'net/mac80211/ieee80211_i.h': '#define EXPORT_SYMBOL_IF_MAC80211_KUNIT(sym) EXPORT_SYMBOL_IF_KUNIT(sym)\n',
  'net/mac80211/rx.c': '#define EXPORT_SYMBOL_LOCAL(s) EXPORT_SYMBOL(s)\nint x;\n',
  'net/wireless/core.h': '#define EXPORT_SYMBOL_IF_MAC80211_KUNIT(sym) elsewhere\n',
};
for (const [p, text] of Object.entries(files)) {
  mkdirSync(join(root, p, '..'), { recursive: true });
  writeFileSync(join(root, p), text);
}
writeFileSync(join(dir, 'outside.h'), '#define EXPORT_SYMBOL_OUTSIDE(s) EXPORT_SYMBOL(s)\n');
symlinkSync('..', join(root, 'net', 'up'));
symlinkSync('..', join(root, 'out'));

test('a wrapper is found in the file, beside it, or under include/ and arch/*/include/, nearest first', () => {
  for (const tree of [KernelTree.open(root), KernelTree.fromFiles(files)]) {
    assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_LOCAL', 'net/mac80211/rx.c'), ['net/mac80211/rx.c']);
    assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_IF_MAC80211_KUNIT', 'net/mac80211/rx.c'), ['net/mac80211/ieee80211_i.h']);
    assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_ACPI_LIB', 'drivers/acpi/x.c'), ['include/linux/acpi.h']);
    assert.deepEqual(tree.filesDefining('EXPORT_EARLY_PER_CPU_SYMBOL', 'arch/x86/kernel/setup_percpu.c'), ['arch/x86/include/asm/percpu.h']);
    assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_NOWHERE', 'lib/x.c'), []);
  }
});

test('a path from a mail that climbs out of the tree lists nothing outside it', () => {
  const tree = KernelTree.open(root);
  assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_OUTSIDE', '../x.c'), []);
  assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_OUTSIDE', 'net/up/../../x.c'), []);
  assert.deepEqual(tree.filesDefining('EXPORT_SYMBOL_OUTSIDE', 'out/x.c'), []);
  const list = treeFiles(root).list;
  assert.deepEqual(list('..'), []);
  assert.deepEqual(list('out'), [], 'a symlink leading out of the tree');
  assert.deepEqual(list('net'), ['mac80211/', 'up', 'wireless/']);
  assert.deepEqual(list('net/up/..'), list('net'), '`..` that stays inside is the directory it names');
});
