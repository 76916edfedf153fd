/**
 * A small kernel tree for digest tests: a top Kconfig, arch/, and a MAINTAINERS whose VFIO and
 * KVM/x86 sections claim the files of the bundled example (examples/kvm-vfio.mbox), plus THE
 * REST. Returns the tree's path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeDigestTree(dir: string): string {
  const tree = join(dir, 'linux');
  mkdirSync(join(tree, 'drivers', 'vfio'), { recursive: true });
  mkdirSync(join(tree, 'arch', 'x86'), { recursive: true });
  writeFileSync(join(tree, 'Kconfig'), 'source "arch/$(SRCARCH)/Kconfig"\n');
  writeFileSync(
    join(tree, 'MAINTAINERS'),
    [
      'VFIO DRIVER',
      'M:\tAlex Williamson <alex.williamson@redhat.com>',
      'L:\tkvm@vger.kernel.org',
      'S:\tMaintained',
      'F:\tdrivers/vfio/',
      'F:\tinclude/linux/vfio.h',
      '',
      'KERNEL VIRTUAL MACHINE FOR X86 (KVM/x86)',
      'M:\tSean Christopherson <seanjc@google.com>',
      'M:\tPaolo Bonzini <pbonzini@redhat.com>',
      'L:\tkvm@vger.kernel.org',
      'S:\tSupported',
      'F:\tarch/x86/kvm/',
      '',
      'THE REST',
      'M:\tLinus Torvalds <torvalds@linux-foundation.org>',
      'L:\tlinux-kernel@vger.kernel.org',
      'S:\tBuried alive in reporters',
      'F:\t*',
      'F:\t*/',
      '',
    ].join('\n'),
  );
  return tree;
}
