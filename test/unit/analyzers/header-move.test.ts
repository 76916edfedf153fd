import headerMove from '../../../src/analyzers/header-move.js';
import { testAnalyzer } from '../../support/analyzer-tester.js';
import { gitDiff } from '../../support/diff-text.js';

const renamed = (from: string, to: string): string =>
  `diff --git a/${from} b/${to}\nsimilarity index 100%\nrename from ${from}\nrename to ${to}\n`;

testAnalyzer(headerMove, {
  valid: [
    {
      name: 'a declaration rewritten in place, and a rename between two internal headers',
      series: [
        gitDiff({ path: 'include/linux/vfio.h', lines: ['-bool vfio_file_is_group(struct file *file);', '+bool vfio_file_is_group(struct file *filp);'] }) + renamed('drivers/vfio/vfio.h', 'drivers/vfio/vfio_core.h'),
      ],
    },
  ],
  invalid: [
    {
      name: "seed 000: KVM-only page-track declarations leave the public asm/ header",
      series: [
        gitDiff(
          { path: 'arch/x86/include/asm/kvm_page_track.h', at: 45, lines: ['-void kvm_page_track_init(struct kvm *kvm);', '-void kvm_page_track_cleanup(struct kvm *kvm);', ' '] },
          { path: 'arch/x86/kvm/mmu/page_track.h', at: 5, lines: [' ', '+void kvm_page_track_init(struct kvm *kvm);', '+void kvm_page_track_cleanup(struct kvm *kvm);'] },
        ),
      ],
      errors: [
        { messageId: 'movedToInternal', path: 'arch/x86/kvm/mmu/page_track.h', line: 6, data: { name: 'kvm_page_track_init', from: 'arch/x86/include/asm/kvm_page_track.h', kind: 'function' } },
        { messageId: 'movedToInternal', line: 7, data: { name: 'kvm_page_track_cleanup' } },
      ],
    },
    {
      name: 'the reverse across two patches grows the API, with a changed signature noted',
      series: [
        gitDiff({ path: 'virt/kvm/kvm_mm.h', at: 20, lines: ['-int kvm_gmem_bind(struct kvm *kvm, struct kvm_memory_slot *slot);'] }),
        gitDiff({ path: 'include/linux/kvm_host.h', at: 900, lines: ['+int kvm_gmem_bind(struct kvm *kvm, struct kvm_memory_slot *slot,', '+\t\t  unsigned int fd);'] }),
      ],
      errors: [{ messageId: 'movedToPublic', patch: 2, path: 'include/linux/kvm_host.h', line: 900, data: { name: 'kvm_gmem_bind', from: 'virt/kvm/kvm_mm.h' } }],
    },
    {
      name: 'header renames out of and into public include/',
      series: [renamed('arch/x86/include/asm/kvm-x86-ops.h', 'arch/x86/kvm/kvm-x86-ops.h') + renamed('drivers/iommu/iommufd/iommufd_private.h', 'include/linux/iommufd_private.h')],
      errors: [
        { messageId: 'renamedToInternal', path: 'arch/x86/kvm/kvm-x86-ops.h', data: { from: 'arch/x86/include/asm/kvm-x86-ops.h' } },
        { messageId: 'renamedToPublic', path: 'include/linux/iommufd_private.h' },
      ],
    },
  ],
});
