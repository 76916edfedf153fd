import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Guarantees } from '../../../src/kconfig/guarantees.js';
import { parseKconfig } from '../../../src/kconfig/parse.js';
import { reparseKconfig } from '../../../src/kconfig/reparse.js';

/**
 * A patched tree's guarantees derived from the unpatched tree's must be the ones built from
 * nothing: the same facts, and the same answer to every query. Random trees of a few symbols
 * that read, select and imply each other, with one file rewritten.
 */
const NAMES = ['A', 'B', 'C', 'D', 'E', '64BIT'];
const sym = fc.constantFrom(...NAMES);
const expr = fc.oneof(
  sym,
  sym.map((s) => `!${s}`),
  fc.tuple(sym, sym).map(([a, b]) => `${a} && ${b}`),
  fc.tuple(sym, sym).map(([a, b]) => `${a} || ${b}`),
  fc.tuple(sym, sym).map(([a, b]) => `${a} && !${b}`),
);
const cond = fc.option(expr, { nil: undefined });
const entry = fc.record({
  symbol: sym,
  prompt: fc.integer({ min: 0, max: 3 }).map((n) => n === 0),
  depends: fc.array(expr, { maxLength: 2 }),
  defaults: fc.array(fc.record({ value: fc.oneof(fc.constant('y'), fc.constant('y'), fc.constant('n'), expr), cond }), { maxLength: 2 }),
  selects: fc.array(fc.record({ symbol: sym, cond: fc.option(fc.oneof(sym, fc.tuple(sym, sym).map(([a, b]) => `${a} && ${b}`)), { nil: undefined }), weak: fc.boolean() }), { maxLength: 3 }),
});
type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;
const file = fc.record({ guard: fc.option(expr, { nil: undefined, freq: 3 }), entries: fc.array(entry, { maxLength: 6 }) });
/** A series' edit of a file: one entry replaced, removed or added, or the guard around them changed. */
const edit = fc.record({ op: fc.constantFrom('replace', 'remove', 'add', 'guard'), at: fc.nat(), entry, guard: fc.option(expr, { nil: undefined }) });
type File = typeof file extends fc.Arbitrary<infer T> ? T : never;

function edited(f: File, e: typeof edit extends fc.Arbitrary<infer T> ? T : never): File {
  const at = f.entries.length === 0 ? 0 : e.at % f.entries.length;
  const entries = [...f.entries];
  if (e.op === 'replace' && entries.length > 0) entries[at] = e.entry;
  else if (e.op === 'remove') entries.splice(at, 1);
  else if (e.op === 'add' || e.op === 'replace') entries.splice(at, 0, e.entry);
  return e.op === 'guard' ? { guard: e.guard, entries } : { guard: f.guard, entries };
}

function text(f: { guard: string | undefined; entries: Entry[] }): string {
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

function consistent(g: Guarantees): boolean {
  const { on, off } = g.facts();
  return !on.some((s) => off.includes(s));
}

test('guarantees-derive: derived from the unpatched tree, the facts and every answer are those built from nothing', () => {
  fc.assert(
    fc.property(file, file, fc.array(edit, { minLength: 1, maxLength: 2 }), (a, b, edits) => {
      const b2 = edits.reduce(edited, b);
      const files: Record<string, string> = { Kconfig: 'source "a/Kconfig"\nsource "b/Kconfig"\n', 'a/Kconfig': text(a), 'b/Kconfig': text(b) };
      const changed: Record<string, string> = { ...files, 'b/Kconfig': text(b2) };
      const base = parseKconfig({ read: (p) => files[p] ?? null }, 'x86');
      const patched = reparseKconfig(base, { read: (p) => changed[p] ?? null }, ['b/Kconfig']);
      const built = new Guarantees(patched);
      const unpatched = new Guarantees(base);
      // A tree where something certainly on selects something certainly off contradicts itself;
      // what rests on the contradiction depends on the order of reading, built or derived alike.
      fc.pre(consistent(unpatched) && consistent(built));
      const derived = new Guarantees(patched, unpatched, 1);
      assert.deepEqual(derived.facts(), built.facts());
      const queries = [[], ...NAMES.map((n) => [n]), ['A', 'B'], ['C', 'H']];
      for (const q of queries) assert.deepEqual([...derived.implied(q)].sort(), [...built.implied(q)].sort(), `implied(${q.join(',')})`);
    }),
    { numRuns: 3000 },
  );
});
