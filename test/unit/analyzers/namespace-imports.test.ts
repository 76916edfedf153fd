import namespaceImports from '../../../src/analyzers/namespace-imports.js';
import { testAnalyzer } from '../../support/analyzer-tester.js';
import { gitDiff } from '../../support/diff-text.js';

testAnalyzer(namespaceImports, {
  valid: [
    {
      name: 'an import on a context line, and the same import moved within the file',
      series: [gitDiff({ path: 'drivers/cxl/pci.c', lines: [' MODULE_LICENSE("GPL v2");', ' MODULE_IMPORT_NS(CXL);', '-MODULE_IMPORT_NS(DEVMEM);', '+MODULE_IMPORT_NS(DEVMEM);'] })],
    },
    {
      name: 'the macro definition and comments are not imports',
      series: [
        gitDiff({ path: 'include/linux/module.h', lines: ['+#define MODULE_IMPORT_NS(ns)\tMODULE_INFO(import_ns, ns)', '+/* MODULE_IMPORT_NS(FOO) is how a module asks for FOO */', ' '] }),
      ],
    },
  ],
  invalid: [
    {
      name: 'imports in both syntaxes (≤ 6.12 unquoted, ≥ 6.13 quoted), and one dropped',
      series: [
        gitDiff({
          path: 'drivers/cxl/pmem.c',
          at: 500,
          lines: [' MODULE_LICENSE("GPL v2");', '+MODULE_IMPORT_NS(CXL);', '+MODULE_IMPORT_NS("DEVMEM");', '-MODULE_IMPORT_NS(NVDIMM);'],
        }),
      ],
      errors: [
        { messageId: 'imported', path: 'drivers/cxl/pmem.c', line: 501, data: { namespace: 'CXL' } },
        { messageId: 'imported', line: 502, data: { namespace: 'DEVMEM' } },
        { messageId: 'importRemoved', line: 501, data: { namespace: 'NVDIMM' } },
      ],
    },
    {
      name: 'an explicit import of a module namespace is refused by the loader (seed 001 rule)',
      series: [gitDiff({ path: 'drivers/gpu/drm/i915/gvt/kvmgt.c', at: 30, lines: ['+MODULE_IMPORT_NS(MODULE_kvm);'] })],
      errors: [{ messageId: 'moduleNamespaceImport', line: 30, data: { namespace: 'MODULE_kvm' } }],
    },
    {
      name: 'DEFAULT_SYMBOL_NAMESPACE in a C file and in a Makefile',
      series: [
        gitDiff(
          { path: 'drivers/gpio/gpio-idio-16.c', at: 20, lines: [' ', '+#define DEFAULT_SYMBOL_NAMESPACE "GPIO_IDIO_16"', ' '] },
          { path: 'drivers/crypto/intel/qat/qat_common/Makefile', at: 3, lines: [" obj-$(CONFIG_CRYPTO_DEV_QAT) += intel_qat.o", "+ccflags-y += -DDEFAULT_SYMBOL_NAMESPACE='\"CRYPTO_QAT\"'"] },
        ),
      ],
      errors: [
        { messageId: 'defaultNamespaceAdded', path: 'drivers/gpio/gpio-idio-16.c', line: 21, data: { namespace: 'GPIO_IDIO_16' } },
        { messageId: 'defaultNamespaceAdded', path: 'drivers/crypto/intel/qat/qat_common/Makefile', line: 4, data: { namespace: 'CRYPTO_QAT' } },
      ],
    },
    {
      name: 'DEFAULT_SYMBOL_NAMESPACE dropped (exports become global) and changed',
      series: [
        gitDiff(
          { path: 'drivers/iio/adc/ad_sigma_delta.c', at: 12, lines: ['-#define DEFAULT_SYMBOL_NAMESPACE IIO_AD_SIGMA_DELTA', ' '] },
          { path: 'drivers/pwm/core.c', at: 8, lines: ['-#define DEFAULT_SYMBOL_NAMESPACE "PWM_OLD"', '+#define DEFAULT_SYMBOL_NAMESPACE "PWM"'] },
        ),
      ],
      errors: [
        { messageId: 'defaultNamespaceRemoved', path: 'drivers/iio/adc/ad_sigma_delta.c', line: 12, data: { namespace: 'IIO_AD_SIGMA_DELTA' } },
        { messageId: 'defaultNamespaceChanged', path: 'drivers/pwm/core.c', line: 8, data: { namespace: 'PWM', oldNamespace: 'PWM_OLD' } },
      ],
    },
  ],
});
