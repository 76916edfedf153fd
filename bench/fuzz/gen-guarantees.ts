/**
 * Generated Kconfig trees for the guarantees (kconfig/guarantees*.ts): two files of a few
 * symbols that read, select and imply each other, and a series' edit of the second one (an
 * entry replaced, removed or added, or the `if` around them changed). Symbol names include one
 * that starts with a digit (`64BIT`).
 */
import fc from 'fast-check';
import { Guarantees } from '../../src/kconfig/guarantees.js';
import { parseKconfig, type KconfigDb } from '../../src/kconfig/parse.js';
import { reparseKconfig } from '../../src/kconfig/reparse.js';

export const NAMES = ['A', 'B', 'C', 'D', 'E', '64BIT'];
const sym = fc.constantFrom(...NAMES);

/** Kconfig expressions over `names`: a symbol, its negation, and two-symbol and/or forms. */
export function exprArb(names: readonly string[]): fc.Arbitrary<string> {
  const s = fc.constantFrom(...names);
  return fc.oneof(
    s,
    s.map((a) => `!${a}`),
    fc.tuple(s, s).map(([a, b]) => `${a} && ${b}`),
    fc.tuple(s, s).map(([a, b]) => `${a} || ${b}`),
    fc.tuple(s, s).map(([a, b]) => `${a} && !${b}`),
  );
}
const expr = exprArb(NAMES);
const cond = fc.option(expr, { nil: undefined });
const entry = fc.record({
  symbol: sym,
  prompt: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  depends: fc.array(expr, { maxLength: 2 }),
  defaults: fc.array(fc.record({ value: fc.oneof(fc.constant('y'), fc.constant('y'), fc.constant('n'), expr), cond }), { maxLength: 2 }),
  selects: fc.array(fc.record({ symbol: sym, cond: fc.option(fc.oneof(sym, fc.tuple(sym, sym).map(([a, b]) => `${a} && ${b}`)), { nil: undefined }), weak: fc.boolean() }), { maxLength: 3 }),
});
type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;
export const fileArb = fc.record({ guard: fc.option(expr, { nil: undefined, freq: 3 }), entries: fc.array(entry, { maxLength: 6 }) });
/** A series' edit of a file: one entry replaced, removed or added, or the guard around them changed. */
export const editArb = fc.record({ op: fc.constantFrom('replace', 'remove', 'add', 'guard'), at: fc.nat(), entry, guard: fc.option(expr, { nil: undefined }) });
export type File = typeof fileArb extends fc.Arbitrary<infer T> ? T : never;

export function edited(f: File, e: typeof editArb extends fc.Arbitrary<infer T> ? T : never): File {
  const at = f.entries.length === 0 ? 0 : e.at % f.entries.length;
  const entries = [...f.entries];
  if (e.op === 'replace' && entries.length > 0) entries[at] = e.entry;
  else if (e.op === 'remove') entries.splice(at, 1);
  else if (e.op === 'add' || e.op === 'replace') entries.splice(at, 0, e.entry);
  return e.op === 'guard' ? { guard: e.guard, entries } : { guard: f.guard, entries };
}

export function text(f: { guard: string | undefined; entries: Entry[] }): string {
  const body = f.entries.map((e) =>
    [
      `config ${e.symbol}`,
      `\tbool${e.prompt ? ` "${e.symbol.toLowerCase()}"` : ''}`,
      ...e.depends.map((d) => `\tdepends on ${d}`),
      ...e.defaults.map((d) => `\tdefault ${d.value}${d.cond ? ` if ${d.cond}` : ''}`),
      ...e.selects.map((s) => `\t${s.weak ? 'imply' : 'select'} ${s.symbol}${s.cond ? ` if ${s.cond}` : ''}`),
      '',
    ].join('\n'),
  );
  return f.guard ? `if ${f.guard}\n${body.join('\n')}\nendif\n` : body.join('\n');
}


export interface GuaranteesInput {
  a: File;
  b: File;
  edits: (typeof editArb extends fc.Arbitrary<infer T> ? T : never)[];
}

export const guaranteesInputArb: fc.Arbitrary<GuaranteesInput> = fc.record({ a: fileArb, b: fileArb, edits: fc.array(editArb, { minLength: 1, maxLength: 2 }) });

/** The unpatched tree, and the tree with the edits applied to its second file (reparsed). */
export function treesOf(i: GuaranteesInput): { base: KconfigDb; patched: KconfigDb; files: Record<string, string> } {
  const files: Record<string, string> = { Kconfig: 'source "a/Kconfig"\nsource "b/Kconfig"\n', 'a/Kconfig': text(i.a), 'b/Kconfig': text(i.b) };
  const changed: Record<string, string> = { ...files, 'b/Kconfig': text(i.edits.reduce(edited, i.b)) };
  const base = parseKconfig({ read: (p) => files[p] ?? null }, 'x86');
  const patched = reparseKconfig(base, { read: (p) => changed[p] ?? null }, ['b/Kconfig']);
  return { base, patched, files: changed };
}

/** Nothing both certainly on and certainly off: a tree that contradicts itself reads differently in different orders. */
export function consistent(g: Guarantees): boolean {
  const { on, off } = g.facts();
  const set = new Set(on);
  return !off.some((s) => set.has(s));
}

/** Queries worth asking of every tree: none, each symbol, two pairs. */
export const QUERIES: readonly (readonly string[])[] = [[], ...NAMES.map((n) => [n]), ['A', 'B'], ['C', '64BIT']];
