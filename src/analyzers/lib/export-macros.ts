/**
 * What each export macro kvetch knows by name exports, as the kernel defines it (checked against
 * the corpus's 6.12 tree by test/shared/export-macros.test.ts; ../shared/DOMAIN.md §1). Any
 * other `EXPORT_*SYMBOL*` macro is a wrapper: kvetch follows its `#define` (export-wrappers.ts)
 * or says its expansion is unknown, never guesses.
 */

export type ExportKind = 'symbol' | 'percpu' | 'tracepoint';

export interface MacroFacts {
  gpl: boolean;
  /** The namespace: taken from the second argument, a fixed name, or none. */
  namespace: 'arg' | { fixed: string } | null;
  /** Module-restricted: to the modules named by the second argument, or to a fixed list. */
  modules?: 'arg' | { fixed: string };
  kind: ExportKind;
  /** The export exists only under this condition (a sentence part: "CONFIG_KUNIT is enabled"). */
  condition?: string;
}

const plain: MacroFacts = { gpl: false, namespace: null, kind: 'symbol' };
const gpl: MacroFacts = { gpl: true, namespace: null, kind: 'symbol' };
/** KVM's sub-modules (kvm-intel, kvm-amd… per architecture: KVM_SUB_MODULES in its kvm_types.h). */
const KVM_SUBS = 'KVM_SUB_MODULES';

export const EXPORT_MACROS: Readonly<Record<string, MacroFacts>> = {
  EXPORT_SYMBOL: plain,
  EXPORT_SYMBOL_GPL: gpl,
  EXPORT_SYMBOL_NS: { ...plain, namespace: 'arg' },
  EXPORT_SYMBOL_NS_GPL: { ...gpl, namespace: 'arg' },
  // `__EXPORT_SYMBOL(sym, "GPL", "module:" mods)`: v6.16 name, renamed in v6.17; both GPL-only.
  EXPORT_SYMBOL_GPL_FOR_MODULES: { ...gpl, modules: 'arg' },
  EXPORT_SYMBOL_FOR_MODULES: { ...gpl, modules: 'arg' },
  // include/linux/kvm_types.h (v6.18, v6.19): _FOR_MODULES to KVM's sub-modules (and kvm itself), or nothing.
  EXPORT_SYMBOL_FOR_KVM_INTERNAL: { ...gpl, modules: { fixed: KVM_SUBS }, condition: 'KVM is built as modules' },
  EXPORT_SYMBOL_FOR_KVM: { ...gpl, modules: { fixed: `kvm,${KVM_SUBS}` }, condition: 'KVM is built as modules' },
  EXPORT_PER_CPU_SYMBOL: { ...plain, kind: 'percpu' },
  EXPORT_PER_CPU_SYMBOL_GPL: { ...gpl, kind: 'percpu' },
  EXPORT_TRACEPOINT_SYMBOL: { ...plain, kind: 'tracepoint' },
  EXPORT_TRACEPOINT_SYMBOL_GPL: { ...gpl, kind: 'tracepoint' },
  // include/kunit/visibility.h: EXPORT_SYMBOL_NS(sym, EXPORTED_FOR_KUNIT_TESTING) under CONFIG_KUNIT.
  EXPORT_SYMBOL_IF_KUNIT: { ...plain, namespace: { fixed: 'EXPORTED_FOR_KUNIT_TESTING' }, condition: 'CONFIG_KUNIT is enabled' },
  // include/drm/drm_util.h: EXPORT_SYMBOL(x) under CONFIG_DRM_EXPORT_FOR_TESTS.
  EXPORT_SYMBOL_FOR_TESTS_ONLY: { ...plain, condition: 'CONFIG_DRM_EXPORT_FOR_TESTS is enabled' },
  // Gone by 6.1; still exports in old patches.
  EXPORT_UNUSED_SYMBOL: plain,
  EXPORT_UNUSED_SYMBOL_GPL: gpl,
  EXPORT_SYMBOL_GPL_FUTURE: gpl,
};

/** The facts of a macro known by name, or undefined for a wrapper. */
export function knownMacro(macro: string): MacroFacts | undefined {
  return Object.hasOwn(EXPORT_MACROS, macro) ? EXPORT_MACROS[macro] : undefined;
}
