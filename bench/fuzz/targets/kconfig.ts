/** kconfig/parse.ts: generated trees read back, blocks stay in their file, reparse of an unchanged file changes nothing. */
import fc from 'fast-check';
import { parseKconfig, type KconfigDb } from '../../../src/kconfig/parse.js';
import { reparseKconfig } from '../../../src/kconfig/reparse.js';
import type { Target } from '../harness.js';
import { expectedEntries, FILES, renderItems, treeArb, type GenItem } from '../gen-kconfig.js';
import { mutate, opArb } from '../mutate.js';

interface Input {
  files: Record<string, string>;
  gen: Record<string, GenItem[]> | null;
}

const ARCH = 'x86';
const flat = (db: KconfigDb, only?: string): string =>
  JSON.stringify(
    [...db.entries.values()]
      .flat()
      .filter((e) => only === undefined || e.file === only)
      .map((e) => [e.symbol, e.file, e.line, e.type, e.depends, e.inherited, e.choiceDeps ?? null, e.selects.map((s) => [s.symbol, s.cond, s.weak]), e.prompt, e.defaults])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );
const parse = (files: Readonly<Record<string, string>>): KconfigDb => parseKconfig({ read: (p) => files[p] ?? null }, ARCH);

export function kconfigTarget(): Target<Input, KconfigDb> {
  const render = (t: Record<string, GenItem[]>): Record<string, string> => Object.fromEntries(Object.entries(t).map(([f, items]) => [f, renderItems(items)]));
  const arbitrary: fc.Arbitrary<Input> = fc.oneof(
    { weight: 2, arbitrary: treeArb.map((t) => ({ files: render(t), gen: t })) },
    {
      weight: 2,
      arbitrary: fc.tuple(treeArb, fc.array(fc.tuple(fc.nat({ max: FILES.length - 1 }), opArb), { minLength: 1, maxLength: 5 })).map(([t, edits]) => {
        const files = render(t);
        for (const [k, op] of edits) {
          const f = FILES[k] as string;
          files[f] = mutate(files[f] ?? '', [op]);
        }
        return { files, gen: null };
      }),
    },
  );
  return {
    name: 'kconfig',
    arbitrary,
    run: (i) => parse(i.files),
    show: (i) => JSON.stringify(i.files),
    properties: [
      {
        name: 'generated tree read back (symbols, files, types, depends, selects, inherited blocks, missing sources)',
        check: (i, db) => {
          if (!i.gen) return null;
          const want = expectedEntries(i.gen, ARCH);
          const key = (e: { symbol: string; file: string; type: string; depends: readonly string[]; selects: readonly string[]; inherited: readonly string[] }): string =>
            JSON.stringify([e.symbol, e.file, e.type, e.depends, e.selects, e.inherited]);
          const got = [...db.entries.values()].flat().map((e) => key({ ...e, selects: e.selects.map((s) => s.symbol) })).sort();
          const exp = want.entries.map(key).sort();
          if (JSON.stringify(got) !== JSON.stringify(exp)) return `entries differ:\n got ${got.join('\n     ')}\nwant ${exp.join('\n     ')}`;
          return JSON.stringify([...db.missing].sort()) === JSON.stringify([...want.missing].sort()) ? null : `missing ${JSON.stringify(db.missing)}, want ${JSON.stringify(want.missing)}`;
        },
      },
      {
        name: "a sourced file cannot change its parent's entries (blocks stay in their file)",
        check: (i, db) => {
          const alone = parse({ Kconfig: i.files.Kconfig ?? '', ...Object.fromEntries(FILES.slice(1).map((f) => [f, ''])) });
          return flat(alone, 'Kconfig') === flat(db, 'Kconfig') ? null : `root entries differ with the sourced files emptied:\n${flat(db, 'Kconfig').slice(0, 800)}\nvs\n${flat(alone, 'Kconfig').slice(0, 800)}`;
        },
      },
      {
        name: 'reparse of unchanged files equals the parse',
        check: (i, db) => {
          const again = reparseKconfig(db, { read: (p) => i.files[p] ?? null }, db.files.slice(1));
          return flat(again) === flat(db) ? null : `reparse differs:\n${flat(again).slice(0, 800)}\nvs\n${flat(db).slice(0, 800)}`;
        },
      },
      { name: 'only files asked for are read, each once', check: (_i, db) => (new Set(db.files).size === db.files.length ? null : `files read twice: ${db.files.join(', ')}`) },
    ],
  };
}
