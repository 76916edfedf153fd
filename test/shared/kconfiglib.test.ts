/**
 * Our Kconfig parser against Debian's python3-kconfiglib on the corpus's 6.12 tree: for every
 * symbol of x86 and arm64, the direct dependency we compute is the same function as
 * kconfiglib's (compared by evaluating both under the same random tristate assignments, so
 * that the order of operands and redundant parentheses do not matter).
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { directDependency, type KconfigEntry } from '../../src/kconfig/parse.js';
import { evalExpr, exprSymbols, parseExpr, withModules, type Expr } from '../../src/kconfig/expr.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { corpusDir } from '../support/shared-dir.js';

const dump = fileURLToPath(new URL('../../../test/support/kconfiglib-dump.py', import.meta.url));
const tree = join(corpusDir(), 'linux-6.12');

for (const arch of ['x86', 'arm64']) {
  test(`linux-6.12 ${arch}: direct dependencies equal kconfiglib's for every symbol`, (t) => {
    const theirs = JSON.parse(execFileSync('/usr/bin/python3', [dump, tree, arch], { maxBuffer: 64 << 20, encoding: 'utf8' })) as Record<string, string>;
    const db = KernelTree.open(tree).kconfigDb(arch);
    const ours = new Map<string, Expr>();
    for (const [sym, entries] of db.entries) {
      const deps = entries.map((e) => directDependency(e) || 'y');
      ours.set(sym, withModules(parseExpr(deps.map((d) => `(${d})`).join(' || '))));
    }
    const names = Object.keys(theirs);
    assert.ok(names.length > 10000, `kconfiglib found ${names.length} symbols`);
    assert.deepEqual([...ours.keys()].filter((s) => !(s in theirs)).sort(), [], 'symbols only kvetch defines');
    assert.deepEqual(names.filter((s) => !ours.has(s)).sort(), [], 'symbols only kconfiglib defines');
    let seed = 12345;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const mismatches: string[] = [];
    for (const name of names) {
      const a = ours.get(name) as Expr;
      const b = withModules(parseExpr(theirs[name] as string));
      const syms = [...exprSymbols(a, exprSymbols(b))];
      for (let k = 0; k < 48; k++) {
        const env = new Map(syms.map((s) => [s, (['n', 'm', 'y'] as const)[Math.floor(rnd() * 3)] as string]));
        if (evalExpr(a, env) !== evalExpr(b, env)) {
          mismatches.push(`${name}: kvetch ${directDependencyText(db.entries.get(name))} | kconfiglib ${theirs[name]}`);
          break;
        }
      }
    }
    // kconfiglib runs the preprocessor ($(success,…), $(cc-option,…)) with the host compiler
    // and keeps only y/n; kvetch keeps such conditions unevaluated, so those symbols are
    // compared on everything but their macro terms: not at all, and counted instead.
    const macro = mismatches.filter((m) => m.includes('$('));
    const other = mismatches.filter((m) => !m.includes('$('));
    assert.deepEqual(other.slice(0, 40), [], `${other.length} of ${names.length} symbols differ`);
    assert.ok(macro.length < names.length / 100, `${macro.length} symbols differ only by preprocessor macros`);
    t.diagnostic(`${arch}: ${names.length} symbols, ${names.length - mismatches.length} equal, ${macro.length} differ only where kconfiglib evaluated $(…) macros`);
  });
}

function directDependencyText(entries: readonly KconfigEntry[] | undefined): string {
  return (entries ?? []).map((e) => directDependency(e) || 'y').join(' || ');
}
