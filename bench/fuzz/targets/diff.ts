/** diff/parse.ts parseDiff: counts match the `+`/`-` lines, generated diffs are read back. */
import fc from 'fast-check';
import { parseDiff } from '../../../src/diff/parse.js';
import type { ParsedDiff } from '../../../src/diff/model.js';
import type { Target } from '../harness.js';
import { additions, deletions, diffArb, renderDiff, type GenFile } from '../gen-diff.js';
import { loadSeeds } from '../seeds.js';
import { mutate, opArb } from '../mutate.js';

interface Input {
  text: string;
  gen: GenFile[] | null;
}

export function diffTarget(): Target<Input, ParsedDiff> {
  const diffs = loadSeeds().mails.filter((m) => m.includes('\n@@ '));
  const arbitrary: fc.Arbitrary<Input> = fc.oneof(
    { weight: 2, arbitrary: diffArb.map((g) => ({ text: renderDiff(g), gen: g })) },
    { weight: 1, arbitrary: fc.tuple(diffArb, fc.array(opArb, { minLength: 1, maxLength: 4 })).map(([g, ops]) => ({ text: mutate(renderDiff(g), ops), gen: null })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat({ max: Math.max(0, diffs.length - 1) }), fc.array(opArb, { maxLength: 6 })).map(([i, ops]) => ({ text: mutate(diffs[i] ?? '', ops), gen: null })) },
  );
  return {
    name: 'diff',
    arbitrary,
    run: (i) => parseDiff(i.text),
    show: (i) => JSON.stringify(i.text),
    properties: [
      {
        name: 'additions/deletions equal the +/- lines of the hunks',
        check: (_i, d) => {
          for (const f of d.files) {
            let add = 0;
            let del = 0;
            for (const h of f.hunks) for (const l of h.lines) {
              if (l.kind === 'add') add++;
              else if (l.kind === 'del') del++;
            }
            if (add !== f.additions || del !== f.deletions) return `${f.path}: counts ${f.additions}/${f.deletions}, lines ${add}/${del}`;
          }
          return null;
        },
      },
      {
        name: 'line numbers run on from each hunk start',
        check: (_i, d) => {
          for (const f of d.files)
            for (const h of f.hunks) {
              let o = h.oldStart;
              let n = h.newStart;
              for (const l of h.lines) {
                if (l.kind !== 'add' && l.oldLine !== o++) return `${f.path} ${h.header}: old line ${l.oldLine}, want ${o - 1}`;
                if (l.kind !== 'del' && l.newLine !== n++) return `${f.path} ${h.header}: new line ${l.newLine}, want ${n - 1}`;
              }
            }
          return null;
        },
      },
      {
        name: 'generated diff read back (files, paths, status, counts, no problems)',
        check: (i, d) => {
          if (!i.gen) return null;
          const want = i.gen.map((f) => ({ path: f.status === 'deleted' ? f.oldPath : f.newPath, status: f.status, additions: additions(f), deletions: deletions(f) }));
          const got = d.files.map((f) => ({ path: f.path, status: f.status, additions: f.additions, deletions: f.deletions }));
          if (JSON.stringify(want) !== JSON.stringify(got)) return `want ${JSON.stringify(want)}, got ${JSON.stringify(got)}`;
          return d.problems.length === 0 ? null : `problems on a well-formed diff: ${JSON.stringify(d.problems)}`;
        },
      },
      { name: 'parsing is deterministic', check: (i, d) => (JSON.stringify(parseDiff(i.text)) === JSON.stringify(d) ? null : 'two parses differ') },
    ],
  };
}
