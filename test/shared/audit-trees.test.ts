/** `kvetch audit --tree` on the corpus's 6.1 and 6.12 trees: the four arch selects of KVM_VFIO, nothing else. */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { auditTree } from '../../src/pipeline/audit.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { corpusDir } from '../support/shared-dir.js';

for (const version of ['6.1', '6.12']) {
  test(`audit linux-${version}: x86, arm64, powerpc and s390 select KVM_VFIO, which nothing makes depend on VFIO`, () => {
    const findings = auditTree(KernelTree.open(join(corpusDir(), `linux-${version}`)));
    assert.deepEqual(
      findings.map((f) => f.location?.path),
      ['arch/arm64/kvm/Kconfig', 'arch/powerpc/kvm/Kconfig', 'arch/s390/kvm/Kconfig', 'arch/x86/kvm/Kconfig'],
    );
    for (const f of findings) {
      assert.equal(f.messageId, 'kvmVfioSelect');
      assert.equal(f.data?.symbol, 'KVM_VFIO');
      assert.equal(f.severity, 'error');
    }
  });
}
