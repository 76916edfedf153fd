/**
 * `kvetch audit --tree`: the Kconfig rules over a whole tree instead of a patch. Today: selects
 * of symbols whose code needs a subsystem nothing guarantees (kernel/code-dependencies.ts).
 */
import type { Finding } from '../model/finding.js';
import { fingerprint } from '../engine/fingerprint.js';
import { CODE_DEPENDENCIES } from '../kconfig/code-dependencies.js';
import { directDependency, type KconfigDb } from '../kconfig/parse.js';
import { requiredSymbols } from '../kconfig/expr.js';
import type { KernelTree } from '../kernel/tree.js';

export function auditTree(tree: KernelTree, arches = tree.arches()): Finding[] {
  const out = new Map<string, Finding>();
  for (const arch of arches) {
    const db = tree.kconfigDb(arch);
    for (const f of auditCodeDependencies(db, tree.root)) {
      const at = `${f.location?.path}:${f.location?.line}`;
      const prev = out.get(at);
      if (prev) out.set(at, { ...prev, data: { ...prev.data, arches: `${prev.data?.arches},${arch}` } });
      else out.set(at, { ...f, data: { ...f.data, arches: arch } });
    }
  }
  return [...out.values()].sort((a, b) => (`${a.location?.path}` < `${b.location?.path}` ? -1 : 1));
}

function auditCodeDependencies(db: KconfigDb, root: string): Finding[] {
  const out: Finding[] = [];
  for (const entries of db.entries.values()) {
    for (const e of entries) {
      for (const sel of e.selects) {
        const code = CODE_DEPENDENCIES[sel.symbol];
        if (!code || sel.weak) continue;
        const targets = db.entries.get(sel.symbol) ?? [];
        const targetHas = targets.some((t) => requiredSymbols(directDependency(t)).includes(code.needs));
        const selectorHas = [...requiredSymbols(directDependency(e)), ...requiredSymbols(sel.cond)].includes(code.needs);
        if (targetHas || selectorHas) continue;
        const data = { selector: e.symbol, symbol: sel.symbol, needs: code.needs, why: code.why, path: sel.file };
        out.push({
          ruleId: 'kconfig-select',
          messageId: 'kvmVfioSelect',
          message: `${e.symbol} selects ${sel.symbol}, but ${code.why}; nothing makes ${code.needs} present. Select HAVE_KVM_ARCH_VFIO and let ${sel.symbol} depend on ${code.needs}`,
          severity: 'error',
          subject: { key: `tree:${root}`, revision: 0 },
          location: { path: sel.file, line: sel.line },
          data,
          fingerprint: fingerprint('kconfig-select', { messageId: 'kvmVfioSelect', selector: e.symbol, symbol: sel.symbol, path: sel.file }),
        });
      }
    }
  }
  return out;
}
