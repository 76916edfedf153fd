/**
 * Generated Kconfig trees (config entries, if/menu/choice blocks, source lines, help text that
 * looks like entries) with what a parser must read back: per symbol, its file, type, own
 * dependencies, selects and the conditions of the blocks around it.
 */
import fc from 'fast-check';

export const SYMBOLS = ['KVM', 'VFIO', 'KVM_VFIO', 'IOMMUFD', 'X86', 'A', 'B', 'FOO_BAR'];
const CONDS = ['X86', 'VFIO && !UML', '(A || B) && C=y', 'KVM', '64BIT'];
export const FILES = ['Kconfig', 'a/Kconfig', 'b/Kconfig', 'arch/x86/Kconfig'];

export interface GenConfig {
  kind: 'config';
  symbol: string;
  type: 'bool' | 'tristate' | 'int' | 'def_bool';
  prompt: boolean;
  depends: string[];
  selects: [string, string][];
  help: boolean;
}
export interface GenBlock {
  kind: 'if' | 'menu' | 'choice';
  cond: string | null;
  items: GenItem[];
}
export interface GenSource {
  kind: 'source';
  path: string;
}
export type GenItem = GenConfig | GenBlock | GenSource;

const configArb: fc.Arbitrary<GenConfig> = fc.record({
  kind: fc.constant('config' as const),
  symbol: fc.constantFrom(...SYMBOLS),
  type: fc.constantFrom<GenConfig['type']>('bool', 'tristate', 'int', 'def_bool'),
  prompt: fc.boolean(),
  depends: fc.array(fc.constantFrom(...CONDS), { maxLength: 2 }),
  selects: fc.array(fc.tuple(fc.constantFrom(...SYMBOLS), fc.constantFrom('', 'X86', 'KVM && VFIO')), { maxLength: 2 }),
  help: fc.boolean(),
});
const sourceArb: fc.Arbitrary<GenSource> = fc.record({ kind: fc.constant('source' as const), path: fc.constantFrom(...FILES.slice(1), 'missing/Kconfig', 'arch/$(SRCARCH)/Kconfig') });

function itemsArb(depth: number): fc.Arbitrary<GenItem[]> {
  const item: fc.Arbitrary<GenItem> =
    depth >= 2
      ? fc.oneof(configArb, configArb, sourceArb)
      : fc.oneof(configArb, configArb, sourceArb, fc.record({ kind: fc.constantFrom<GenBlock['kind']>('if', 'menu', 'choice'), cond: fc.option(fc.constantFrom(...CONDS), { nil: null }), items: itemsArb(depth + 1) }));
  return fc.array(item, { maxLength: depth === 0 ? 5 : 3 });
}

export const treeArb: fc.Arbitrary<Record<string, GenItem[]>> = fc.tuple(...FILES.map(() => itemsArb(0))).map((lists) => Object.fromEntries(FILES.map((f, i) => [f, lists[i] ?? []])));

export function renderItems(items: readonly GenItem[]): string {
  const out: string[] = [];
  for (const it of items) {
    if (it.kind === 'source') out.push(`source "${it.path}"`);
    else if (it.kind === 'config') {
      out.push(`config ${it.symbol}`, it.type === 'def_bool' ? '\tdef_bool y' : `\t${it.type}${it.prompt ? ' "a prompt"' : ''}`);
      for (const d of it.depends) out.push(`\tdepends on ${d}`);
      for (const [s, c] of it.selects) out.push(`\tselect ${s}${c ? ` if ${c}` : ''}`);
      if (it.help) out.push('\thelp', '\t  Help text that looks like Kconfig:', '\t  config FAKE_IN_HELP', '\t  endif', '');
    } else if (it.kind === 'if') {
      out.push(`if ${it.cond ?? 'KVM'}`, renderItems(it.items), 'endif');
    } else {
      out.push(it.kind === 'menu' ? 'menu "A menu"' : 'choice\n\tprompt "Pick one"');
      if (it.cond) out.push(`\tdepends on ${it.cond}`);
      out.push(renderItems(it.items), it.kind === 'menu' ? 'endmenu' : 'endchoice');
    }
  }
  return out.join('\n');
}

export interface Expected {
  symbol: string;
  file: string;
  type: string;
  depends: string[];
  selects: string[];
  inherited: string[];
}

/** What the tree says, read by walking the structure (not the text): entries in reading order, missing sources. */
export function expectedEntries(tree: Readonly<Record<string, GenItem[]>>, arch: string): { entries: Expected[]; missing: string[] } {
  const entries: Expected[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const inherited = (stack: readonly { kind: string; cond: string[] }[]): string[] => {
    const k = stack.map((b) => b.kind).lastIndexOf('choice');
    return k < 0 ? stack.flatMap((b) => b.cond) : ['<choice>', ...stack.slice(k + 1).flatMap((b) => b.cond)];
  };
  const walk = (file: string, items: readonly GenItem[], stack: { kind: string; cond: string[] }[]): void => {
    for (const it of items) {
      if (it.kind === 'config') {
        entries.push({ symbol: it.symbol, file, type: it.type === 'def_bool' ? 'bool' : it.type, depends: it.depends, selects: it.selects.map(([s]) => s), inherited: inherited(stack) });
      } else if (it.kind === 'source') read(it.path.replace('$(SRCARCH)', arch), stack);
      else walk(file, it.items, [...stack, { kind: it.kind, cond: it.kind === 'if' ? [it.cond ?? 'KVM'] : it.cond ? [it.cond] : [] }]);
    }
  };
  const read = (path: string, stack: { kind: string; cond: string[] }[]): void => {
    if (seen.has(path)) return;
    const items = tree[path];
    if (!items) {
      missing.push(path);
      return;
    }
    seen.add(path);
    walk(path, items, stack);
  };
  read('Kconfig', []);
  return { entries, missing };
}
