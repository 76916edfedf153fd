/**
 * Symbols whose *code* needs another subsystem that their Kconfig entry does not express, so
 * no `depends on` check can see the hazard of selecting them (seed 002).
 */
export interface CodeDependency {
  needs: string;
  why: string;
}

export const CODE_DEPENDENCIES: Readonly<Record<string, CodeDependency>> = {
  KVM_VFIO: { needs: 'VFIO', why: 'virt/kvm/vfio.c reaches VFIO through symbol_get(), so randconfigs without VFIO break' },
};
