import publicHeaderGrowth from '../../../src/analyzers/public-header-growth.js';
import { testAnalyzer } from '../../support/analyzer-tester.js';
import { gitDiff } from '../../support/diff-text.js';

testAnalyzer(publicHeaderGrowth, {
  valid: [
    {
      name: 'internal headers, static inlines, include guards and moves are not growth',
      series: [
        gitDiff(
          { path: 'arch/x86/kvm/mmu/page_track.h', lines: ['+void kvm_page_track_init(struct kvm *kvm);'] },
          { path: 'include/linux/kvm_host.h', lines: ['+#ifndef __KVM_HOST_H', '+#define __KVM_HOST_H', '+static inline int kvm_vcpu_ready(struct kvm_vcpu *vcpu)', '+{', '+\treturn 1;', '+}'] },
          { path: 'include/linux/vfio.h', lines: ['-bool vfio_file_enforced_coherent(struct file *file);'] },
          { path: 'include/linux/iommufd.h', lines: ['+bool vfio_file_enforced_coherent(struct file *file);'] },
        ),
      ],
    },
  ],
  invalid: [
    {
      name: 'a function, an extern variable, a type, a typedef and a macro in public headers',
      series: [
        gitDiff(
          { path: 'include/linux/vfio.h', at: 100, lines: [' ', '+struct iommu_group *vfio_file_iommu_group(struct file *file);', '+extern unsigned int vfio_debug_level;', '+struct vfio_device_set {', '+\tint users;', '+};', '+typedef int (*vfio_notify_fn)(struct vfio_device *vdev);', '+#define VFIO_MAX_GROUPS 64'] },
          { path: 'arch/arm64/include/asm/kvm_host.h', at: 40, lines: ['+int kvm_arm_set_default_pmu(struct kvm *kvm,', '+\t\t\t    unsigned long flags);'] },
        ),
      ],
      errors: [
        { messageId: 'newDeclaration', path: 'include/linux/vfio.h', line: 101, data: { kind: 'function', name: 'vfio_file_iommu_group' } },
        { messageId: 'newDeclaration', line: 102, data: { kind: 'variable', name: 'vfio_debug_level' } },
        { messageId: 'newDeclaration', line: 103, data: { kind: 'type', name: 'struct vfio_device_set' } },
        { messageId: 'newDeclaration', line: 106, data: { kind: 'type', name: 'vfio_notify_fn' } },
        { messageId: 'newDeclaration', line: 107, data: { kind: 'macro', name: 'VFIO_MAX_GROUPS' } },
        { messageId: 'newDeclaration', path: 'arch/arm64/include/asm/kvm_host.h', line: 40, data: { kind: 'function', name: 'kvm_arm_set_default_pmu' } },
      ],
    },
    {
      name: 'a new generated header with hundreds of macros gives one aggregate finding',
      series: [gitDiff({ path: 'include/uapi/linux/frob_regs.h', status: 'new', lines: Array.from({ length: 300 }, (_, i) => `+#define FROB_REG_${i} 0x${(i * 4).toString(16)}`) })],
      errors: [{ messageId: 'manyDeclarations', path: 'include/uapi/linux/frob_regs.h', data: { count: 300, byKind: '300 macros' } }],
    },
  ],
});
