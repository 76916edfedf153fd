/**
 * What each export macro exports (issue 17 §5): the macros known by name, wrappers followed to
 * their #define in the series or the tree, and "expansion unknown" otherwise. The table itself is
 * checked against the corpus's 6.12 tree by test/shared/export-macros.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import symbolExports from '../../../../src/analyzers/symbol-exports.js';
import { KernelTree } from '../../../../src/kernel/tree.js';
import type { Finding } from '../../../../src/model/finding.js';
import { runAnalyzer } from '../../../support/analyzer-tester.js';
import { gitDiff } from '../../../support/diff-text.js';

/** The event findings (no summary) as [messageId, symbol, data picked by `keys`]. */
function events(diffs: string[], keys: string[], tree?: KernelTree): unknown[][] {
  return runAnalyzer(symbolExports, diffs, tree)
    .filter((f: Finding) => f.messageId !== 'summary')
    .map((f: Finding) => [f.messageId, f.data?.symbol, ...keys.map((k) => f.data?.[k])]);
}

const added = (path: string, line: string): string => gitDiff({ path, lines: [' int x;', `+${line}`] });

test('EXPORT_SYMBOL_IF_KUNIT: the KUnit namespace, not GPL-only, only when CONFIG_KUNIT is enabled', () => {
  const got = runAnalyzer(symbolExports, [added('drivers/gpu/drm/drm_foo.c', 'EXPORT_SYMBOL_IF_KUNIT(drm_foo);')]).filter((f) => f.messageId !== 'summary');
  assert.deepEqual(got.map((f) => [f.messageId, f.data?.namespace, f.data?.gpl, f.data?.condition]), [['added', 'EXPORTED_FOR_KUNIT_TESTING', 'no', 'CONFIG_KUNIT is enabled']]);
  assert.match(got[0]?.message ?? '', /in namespace EXPORTED_FOR_KUNIT_TESTING \(only when CONFIG_KUNIT is enabled\)/);
});

test('EXPORT_SYMBOL_FOR_TESTS_ONLY: plain EXPORT_SYMBOL, no namespace, only with CONFIG_DRM_EXPORT_FOR_TESTS', () => {
  assert.deepEqual(events([added('drivers/gpu/drm/drm_bar.c', 'EXPORT_SYMBOL_FOR_TESTS_ONLY(drm_bar);')], ['namespace', 'gpl', 'condition']), [
    ['added', 'drm_bar', '', 'no', 'CONFIG_DRM_EXPORT_FOR_TESTS is enabled'],
  ]);
});

test('EXPORT_SYMBOL_FOR_MODULES (v6.17) is GPL-only and module-restricted like _GPL_FOR_MODULES', () => {
  assert.deepEqual(
    events([gitDiff({ path: 'fs/anon_inodes.c', lines: [' int x;', '+EXPORT_SYMBOL_FOR_MODULES(anon_a, "kvm");', '+EXPORT_SYMBOL_GPL_FOR_MODULES(anon_b, "kvm," "kvm-intel");'] })], ['modules', 'gpl']),
    [
      ['addedRestricted', 'anon_a', 'kvm', 'yes'],
      ['addedRestricted', 'anon_b', 'kvm,kvm-intel', 'yes'],
    ],
  );
});

test('EXPORT_SYMBOL_FOR_KVM and _FOR_KVM_INTERNAL are restricted to KVM and its sub-modules, not global growth', () => {
  const got = events([gitDiff({ path: 'arch/x86/kernel/cpu/bugs.c', lines: [' int x;', '+EXPORT_SYMBOL_FOR_KVM(x86_verw_sel);', '+EXPORT_SYMBOL_FOR_KVM_INTERNAL(kvm_set_cpu_caps);'] })], ['modules', 'gpl', 'condition']);
  assert.deepEqual(got, [
    ['addedRestricted', 'x86_verw_sel', 'kvm,KVM_SUB_MODULES', 'yes', 'KVM is built as modules'],
    ['addedRestricted', 'kvm_set_cpu_caps', 'KVM_SUB_MODULES', 'yes', 'KVM is built as modules'],
  ]);
  // Restriction is not growth: GPL → FOR_KVM is a change of form, reported as tightened.
  const restricted = events([gitDiff({ path: 'arch/x86/kernel/cpu/bugs.c', lines: [' int x;', '-EXPORT_SYMBOL_GPL(x86_verw_sel);', '+EXPORT_SYMBOL_FOR_KVM(x86_verw_sel);'] })], ['oldMacro']);
  assert.deepEqual(restricted, [['tightened', 'x86_verw_sel', 'EXPORT_SYMBOL_GPL']]);
});

test('a wrapper whose #define the series adds is followed to what it exports', () => {
  const header = gitDiff({ path: 'drivers/net/ethernet/intel/fwtbl/fwtbl.h', lines: [' #include <linux/export.h>', '+#define EXPORT_SYMBOL_FWTBL_LIB(sym) EXPORT_SYMBOL_NS_GPL(sym, FWTBL_LIB)'] });
  const use = added('drivers/net/ethernet/intel/fwtbl/fwtbl.c', 'EXPORT_SYMBOL_FWTBL_LIB(fwtbl_lookup);');
  assert.deepEqual(events([header, use], ['macro', 'via', 'namespace', 'gpl']), [['added', 'fwtbl_lookup', 'EXPORT_SYMBOL_FWTBL_LIB', 'EXPORT_SYMBOL_NS_GPL', 'FWTBL_LIB', 'yes']]);
});

const MAC80211_H = [
  '#ifndef IEEE80211_I_H',
  '#define IEEE80211_I_H',
  '#if IS_ENABLED(CONFIG_MAC80211_KUNIT_TEST)',
  '#define EXPORT_SYMBOL_IF_MAC80211_KUNIT(sym) EXPORT_SYMBOL_IF_KUNIT(sym)',
  '#else',
  '#define EXPORT_SYMBOL_IF_MAC80211_KUNIT(sym)',
  '#endif',
  '#endif /* IEEE80211_I_H */',
  '',
].join('\n');

test('a wrapper defined in a header beside the file is found with --tree, its #if and the inner macro\'s condition both said', () => {
  const use = added('net/mac80211/rx.c', 'EXPORT_SYMBOL_IF_MAC80211_KUNIT(ieee80211_drop_unencrypted_mgmt);');
  const tree = KernelTree.fromFiles({ 'net/mac80211/ieee80211_i.h': MAC80211_H, 'net/mac80211/rx.c': 'int x;\n' });
  assert.deepEqual(events([use], ['via', 'namespace', 'gpl', 'condition'], tree), [
    ['added', 'ieee80211_drop_unencrypted_mgmt', 'EXPORT_SYMBOL_IF_KUNIT', 'EXPORTED_FOR_KUNIT_TESTING', 'no', 'IS_ENABLED(CONFIG_MAC80211_KUNIT_TEST) and CONFIG_KUNIT is enabled'],
  ]);
  // Without the tree: the export is reported under the wrapper's name, expansion unknown, no namespace guessed.
  const alone = runAnalyzer(symbolExports, [use]).filter((f) => f.messageId !== 'summary');
  assert.deepEqual(alone.map((f) => [f.messageId, f.data?.macro, f.data?.namespace, f.data?.expansion]), [['addedUnknown', 'EXPORT_SYMBOL_IF_MAC80211_KUNIT', '', 'unknown']]);
  assert.match(alone[0]?.message ?? '', /expansion unknown \(its #define is not in the series; pass --tree to look it up\)/);
});

test('a wrapper defined under include/ with token pasting; #if/#else variants that export the same are no condition', () => {
  const percpu = [
    '#if defined(CONFIG_X86_64) && defined(CONFIG_SMP)',
    '#define EXPORT_EARLY_PER_CPU_SYMBOL(_name) \\',
    '\tEXPORT_PER_CPU_SYMBOL(_name)',
    '#define EXPORT_EARLY_SYMBOL_MAP(_name) EXPORT_PER_CPU_SYMBOL_GPL(_name##_early_map)',
    '#else',
    '#define EXPORT_EARLY_PER_CPU_SYMBOL(_name) \\',
    '\tEXPORT_PER_CPU_SYMBOL(_name)',
    '#define EXPORT_EARLY_SYMBOL_MAP(_name)',
    '#endif',
  ].join('\n');
  const tree = KernelTree.fromFiles({ 'arch/x86/include/asm/percpu.h': percpu, 'arch/x86/kernel/setup_percpu.c': 'int x;\n', Kconfig: '' });
  const use = gitDiff({ path: 'arch/x86/kernel/setup_percpu.c', lines: [' int x;', '+EXPORT_EARLY_PER_CPU_SYMBOL(x86_cpu_to_apicid);', '+EXPORT_EARLY_SYMBOL_MAP(x86_bios_cpu_apicid);'] });
  assert.deepEqual(events([use], ['kind', 'gpl', 'condition'], tree), [
    ['added', 'x86_cpu_to_apicid', 'percpu', 'no', undefined],
    ['added', 'x86_bios_cpu_apicid_early_map', 'percpu', 'yes', 'defined(CONFIG_X86_64) && defined(CONFIG_SMP)'],
  ]);
});

test('unknown wrappers: a removed one is a removal, a changed one says the effect cannot be told, never a guessed namespace', () => {
  const got = events([gitDiff({ path: 'lib/x.c', lines: [' int x;', '-EXPORT_SYMBOL_RUST_GPL(rust_a);', '-EXPORT_SYMBOL_GPL(rust_b);', '+EXPORT_SYMBOL_RUST_GPL(rust_b);', '-EXPORT_DATA_SYMBOL(d, "NS");'] })], ['macro', 'namespace']);
  assert.deepEqual(got, [
    ['macroChanged', 'rust_b', 'EXPORT_SYMBOL_RUST_GPL', ''],
    ['removed', 'rust_a', 'EXPORT_SYMBOL_RUST_GPL', ''],
    ['removed', 'd', 'EXPORT_DATA_SYMBOL', ''],
  ]);
});

test('a wrapper defined in terms of itself or too deep ends as unknown, not a loop', () => {
  const header = gitDiff({ path: 'include/linux/loop.h', lines: [' int x;', '+#define EXPORT_SYMBOL_LOOP(s) EXPORT_SYMBOL_LOOP(s)', '+#define EXPORT_SYMBOL_ODD(s, t) EXPORT_SYMBOL_NS(s, t)'] });
  const use = added('lib/y.c', 'EXPORT_SYMBOL_LOOP(y_a);\n+EXPORT_SYMBOL_ODD(y_b);');
  assert.deepEqual(events([header, use], ['expansion']), [
    ['addedUnknown', 'y_a', 'unknown'],
    ['addedUnknown', 'y_b', 'unknown'],
  ]);
});
