/** The registry: every analyzer, sorted by id. Adding one means adding it here (the contract test checks). */
import headerMove from './header-move.js';
import kconfigSelect from './kconfig-select.js';
import namespaceImports from './namespace-imports.js';
import publicHeaderGrowth from './public-header-growth.js';
import symbolExports from './symbol-exports.js';
import type { AnyAnalyzer } from './types.js';

export const ANALYZERS: readonly AnyAnalyzer[] = [headerMove, kconfigSelect, namespaceImports, publicHeaderGrowth, symbolExports].sort((a, b) => (a.meta.id < b.meta.id ? -1 : 1));

export function analyzerById(id: string): AnyAnalyzer | undefined {
  return ANALYZERS.find((a) => a.meta.id === id);
}

/** `kvetch-<group>` → the ids of the analyzers that declare that group, in registry order. */
export function analyzerGroups(analyzers: readonly AnyAnalyzer[] = ANALYZERS): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of analyzers) (out[`kvetch-${a.meta.group}`] ??= []).push(a.meta.id);
  return out;
}
