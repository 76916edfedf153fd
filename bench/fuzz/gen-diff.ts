/**
 * Generated diffs, rendered as git writes them (`@@` counts that match their bodies), with
 * what a parser must read back: paths, status, additions and deletions per file.
 */
import fc from 'fast-check';

export type Mark = '+' | '-' | ' ';

export interface GenHunk {
  gap: number;
  lines: [Mark, string][];
}

export interface GenFile {
  oldPath: string;
  newPath: string;
  status: 'modified' | 'added' | 'deleted' | 'renamed';
  hunks: GenHunk[];
}

/** Kernel-like paths, and the ones a stranger's mail may name to climb out of --tree. */
export const PATHS = [
  'include/linux/kvm_host.h',
  'include/linux/foo.h',
  'include/uapi/linux/vfio.h',
  'arch/x86/kvm/Kconfig',
  'arch/x86/Kconfig',
  'arch/arm64/Kconfig',
  'virt/kvm/Kconfig',
  'drivers/vfio/Kconfig',
  'drivers/vfio/vfio_main.c',
  'kernel/module/main.c',
  'lib/foo.c',
  'Kconfig',
  'Documentation/x.rst',
  '../sentinel',
  '../../sentinel',
  'include/../../sentinel',
  '/etc/passwd',
  'out/sentinel-link',
];

/** Lines the analyzers look at (includes, exports, namespaces, defines, Kconfig). */
export const LINE_POOL = [
  '#include <linux/kvm_host.h>',
  '#include <linux/foo.h>',
  '#include "internal.h"',
  'EXPORT_SYMBOL(foo);',
  'EXPORT_SYMBOL_GPL(bar_baz);',
  'EXPORT_SYMBOL_NS_GPL(qux, "IOMMUFD");',
  'EXPORT_SYMBOL_NS(quux, IOMMUFD);',
  'MODULE_IMPORT_NS("IOMMUFD");',
  '#define FOO_BAR 1',
  '#define FOO(x) ((x) + 1)',
  'int foo(void);',
  'static inline int bar(int x) { return x; }',
  'struct kvm_page_track { int n; };',
  'extern int qux(struct kvm *kvm);',
  'config KVM_VFIO',
  'config VFIO',
  'menuconfig KVM',
  '\tbool',
  '\ttristate "VFIO support"',
  '\tdef_bool y',
  '\tselect KVM_VFIO',
  '\tselect VFIO if X86',
  '\timply IOMMUFD',
  '\tdepends on VFIO && !UML',
  '\tdepends on (A || B) && C=y',
  'if KVM',
  'endif',
  'menu "Virtualization"',
  'endmenu',
  'choice',
  'endchoice',
  'source "virt/kvm/Kconfig"',
  'source "../sentinel"',
  'source "/etc/passwd"',
  'source "out/sentinel-link"',
  '',
  '}',
  '/* comment */',
  ' * a comment line',
  '- a dash',
  '++ b/x',
  '-- a/x',
];

const noNewline = (s: string): string => s.replace(/[\n\r]/g, ' ');
export const lineText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LINE_POOL) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }).map(noNewline) },
);

const hunkArb = (status: GenFile['status']): fc.Arbitrary<GenHunk> => {
  const marks: Mark[] = status === 'added' ? ['+'] : status === 'deleted' ? ['-'] : ['+', '-', ' '];
  return fc.record({
    gap: fc.integer({ min: 0, max: 40 }),
    lines: fc.array(fc.tuple(fc.constantFrom(...marks), lineText), { minLength: 1, maxLength: 12 }),
  });
};

export const fileArb: fc.Arbitrary<GenFile> = fc
  .record({
    oldPath: fc.constantFrom(...PATHS),
    newPath: fc.constantFrom(...PATHS),
    status: fc.constantFrom<GenFile['status']>('modified', 'modified', 'added', 'deleted', 'renamed'),
  })
  .chain((f) => {
    const oldPath = f.oldPath;
    const newPath = f.status === 'renamed' ? f.newPath : f.oldPath;
    const status = f.status === 'renamed' && newPath === oldPath ? 'modified' : f.status;
    const max = status === 'added' || status === 'deleted' ? 1 : 4;
    return fc.array(hunkArb(status), { minLength: status === 'renamed' ? 0 : 1, maxLength: max }).map((hunks) => ({ oldPath, newPath, status, hunks }));
  });

export const diffArb: fc.Arbitrary<GenFile[]> = fc.array(fileArb, { minLength: 1, maxLength: 4 });

export function additions(f: GenFile): number {
  return f.hunks.reduce((n, h) => n + h.lines.filter(([m]) => m === '+').length, 0);
}

export function deletions(f: GenFile): number {
  return f.hunks.reduce((n, h) => n + h.lines.filter(([m]) => m === '-').length, 0);
}

export function renderFile(f: GenFile): string {
  const out = [`diff --git a/${f.oldPath} b/${f.newPath}`];
  if (f.status === 'added') out.push('new file mode 100644', 'index 0000000..1234567');
  else if (f.status === 'deleted') out.push('deleted file mode 100644', 'index 1234567..0000000');
  else if (f.status === 'renamed') out.push('similarity index 90%', `rename from ${f.oldPath}`, `rename to ${f.newPath}`);
  else out.push('index 1234567..89abcde 100644');
  if (f.hunks.length > 0) {
    out.push(f.status === 'added' ? '--- /dev/null' : `--- a/${f.oldPath}`, f.status === 'deleted' ? '+++ /dev/null' : `+++ b/${f.newPath}`);
  }
  let oldAt = 1;
  let newAt = 1;
  for (const h of f.hunks) {
    const oldCount = h.lines.filter(([m]) => m !== '+').length;
    const newCount = h.lines.filter(([m]) => m !== '-').length;
    oldAt += h.gap;
    newAt += h.gap;
    const os = f.status === 'added' ? 0 : oldAt;
    const ns = f.status === 'deleted' ? 0 : newAt;
    out.push(`@@ -${os},${oldCount} +${ns},${newCount} @@`);
    for (const [m, t] of h.lines) out.push(m + t);
    oldAt += oldCount;
    newAt += newCount;
  }
  return out.join('\n') + '\n';
}

export function renderDiff(files: readonly GenFile[]): string {
  return files.map(renderFile).join('');
}

/** ` path | n +-` lines and the summary, as format-patch writes them above the diff. */
export function renderDiffstat(files: readonly GenFile[]): string {
  const lines = files.map((f) => ` ${f.newPath} | ${additions(f) + deletions(f)} ${'+'.repeat(additions(f))}${'-'.repeat(deletions(f))}`);
  lines.push(` ${files.length} file${files.length === 1 ? '' : 's'} changed`);
  return lines.join('\n') + '\n';
}
