/**
 * Each analyzer of src/analyzers/, through the engine (patch phase per patch, series phase
 * over their facts, with and without a kernel tree): no analyzer crashes, its findings are
 * its own and name the series' files, facts survive the trip between threads, and the same
 * series gives the same findings.
 */
import fc from 'fast-check';
import { ANALYZERS } from '../../../src/analyzers/index.js';
import type { AnyAnalyzer } from '../../../src/analyzers/types.js';
import { parseDiff } from '../../../src/diff/parse.js';
import { runPatchPhase, runSeriesPhase } from '../../../src/engine/run-analyzers.js';
import { KernelTree } from '../../../src/kernel/tree.js';
import type { Finding, PatchAnalysis } from '../../../src/model/finding.js';
import type { Target } from '../harness.js';
import { diffArb, renderDiff } from '../gen-diff.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';

/** A miniature tree: seed 002's shape (KVM_VFIO without its VFIO dependency). */
export const MINI_TREE: Readonly<Record<string, string>> = {
  Kconfig: 'mainmenu "Linux"\nsource "arch/$(SRCARCH)/Kconfig"\nsource "virt/kvm/Kconfig"\nsource "drivers/vfio/Kconfig"\n',
  'arch/x86/Kconfig': 'config X86\n\tdef_bool y\n\tselect HAVE_KVM\nsource "arch/x86/kvm/Kconfig"\n',
  'arch/x86/kvm/Kconfig': 'config KVM\n\ttristate "KVM"\n\tdepends on HAVE_KVM\n\tselect KVM_VFIO\n',
  'arch/arm64/Kconfig': 'config ARM64\n\tdef_bool y\n',
  'virt/kvm/Kconfig': 'config HAVE_KVM\n\tbool\nconfig KVM_VFIO\n\tbool\n',
  'drivers/vfio/Kconfig': 'menuconfig VFIO\n\ttristate "VFIO"\n\tdepends on IOMMU_API\n',
  'include/linux/kvm_host.h': '#ifndef KVM_HOST_H\n#define KVM_HOST_H\nint foo(void);\n#endif\n',
  'include/linux/foo.h': 'struct foo;\n',
  'drivers/vfio/vfio_main.c': '#include <linux/foo.h>\nEXPORT_SYMBOL(foo);\n',
};

interface Input {
  patches: string[];
  tree: boolean;
}

interface Output {
  findings: Finding[];
  analyses: PatchAnalysis[];
  paths: Set<string>;
}

function analyse(a: AnyAnalyzer, i: Input): Output {
  const analyses: PatchAnalysis[] = [];
  const paths = new Set<string>();
  const findings: Finding[] = [];
  i.patches.forEach((text, k) => {
    const files = parseDiff(text).files;
    for (const f of files) {
      paths.add(f.path);
      if (f.oldPath) paths.add(f.oldPath);
    }
    const an = runPatchPhase([a], { messageId: `<p${k + 1}@fuzz>`, subject: `[PATCH ${k + 1}/${i.patches.length}] fuzz`, files });
    analyses.push(an);
    for (const f of an.findings) findings.push({ ...f, subject: { key: 'k', revision: 1, patch: k + 1 } });
  });
  const patches = analyses.map((an, k) => ({ index: k + 1, messageId: `<p${k + 1}@fuzz>`, facts: an.facts }));
  const tree = i.tree ? KernelTree.fromFiles(MINI_TREE) : undefined;
  findings.push(...runSeriesPhase([a], { key: 'k', revision: 1, subject: 'fuzz', patches }, (n) => `<p${n}@fuzz>`, tree));
  return { findings, analyses, paths };
}

export function analyzerTargets(): { name: string; make: () => Target<Input, Output> }[] {
  return ANALYZERS.map((a) => ({ name: `analyzer:${a.meta.id}`, make: () => analyzerTarget(a) }));
}

function analyzerTarget(a: AnyAnalyzer): Target<Input, Output> {
  const diffs = loadSeeds().mails.filter((m) => m.includes('\n@@ ')).map((m) => m.slice(m.indexOf('\n\n') + 2));
  const patch: fc.Arbitrary<string> = fc.oneof(
    { weight: 3, arbitrary: diffArb.map(renderDiff) },
    { weight: 1, arbitrary: fc.tuple(diffArb, fc.array(opArb, { minLength: 1, maxLength: 3 })).map(([g, ops]) => mutate(renderDiff(g), ops)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: Math.max(0, diffs.length - 1) }), fc.array(opArb, { maxLength: 4 })).map(([k, ops]) => mutate(diffs[k] ?? '', ops)) },
  );
  const messages = new Set(Object.keys(a.meta.messages));
  return {
    name: `analyzer:${a.meta.id}`,
    arbitrary: fc.record({ patches: fc.array(patch, { minLength: 1, maxLength: 3 }), tree: fc.boolean() }),
    run: (i) => analyse(a, i),
    show: (i) => JSON.stringify(i),
    properties: [
      { name: 'no analyzer crash finding', check: (_i, o) => o.findings.find((f) => f.messageId === 'crashed')?.message ?? null },
      {
        name: "findings are the analyzer's own, with a known message",
        check: (_i, o) => {
          const bad = o.findings.find((f) => f.ruleId !== a.meta.id || !messages.has(f.messageId) || !/^[0-9a-f]{32}$/.test(f.fingerprint) || f.message.includes('{{'));
          return bad ? `finding ${JSON.stringify(bad)}` : null;
        },
      },
      {
        name: "locations name the series' files",
        check: (_i, o) => {
          const bad = o.findings.find((f) => f.location && !o.paths.has(f.location.path) && !(a.meta.id === 'kconfig-select' && f.location.path in MINI_TREE));
          return bad ? `location ${JSON.stringify(bad.location)} not among ${[...o.paths].join(', ')}` : null;
        },
      },
      {
        name: 'facts survive structured clone (they cross threads)',
        check: (_i, o) => {
          for (const an of o.analyses) if (JSON.stringify(structuredClone(an.facts)) !== JSON.stringify(an.facts)) return 'facts change in structuredClone';
          return null;
        },
      },
      { name: 'same series, same findings', every: 2, check: (i, o) => (JSON.stringify(analyse(a, i).findings) === JSON.stringify(o.findings) ? null : 'two runs differ') },
    ],
  };
}
