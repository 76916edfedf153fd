/**
 * public-header-growth: declarations a series adds to public headers (functions, extern
 * variables, types, macros). A declaration the same series removes from another header is a
 * move (header-move reports it), not growth.
 */
import { defineAnalyzer, factsPerFile } from './define.js';
import { packedRows, rowKey, unpackRow } from './lib/decl-pack.js';
import { scanHeader, type Decl, type HeaderChanges } from './lib/decl-scan.js';
import { DEFAULT_PUBLIC_HEADERS, publicHeaderTest } from './lib/public-headers.js';

type M = 'newDeclaration' | 'manyDeclarations';

export default defineAnalyzer<{ publicHeaders: readonly string[]; aggregateOver: number }, M, HeaderChanges[]>({
  meta: {
    id: 'public-header-growth',
    group: 'api',
    description: 'New function, variable, type and macro declarations in public headers',
    defaultSeverity: 'warning',
    messages: {
      newDeclaration: 'New {{kind}} {{name}} in public header {{path}}: visible to the whole kernel and every module',
      manyDeclarations: '{{count}} new declarations in public header {{path}} ({{byKind}}), e.g. {{sample}}',
    },
  },
  defaultOptions: { publicHeaders: DEFAULT_PUBLIC_HEADERS, aggregateOver: 25 },

  patch(p, ctx) {
    const isPublic = publicHeaderTest(ctx.options.publicHeaders);
    return factsPerFile(p.files, (f) => (isPublic(f.path) || (f.oldPath && isPublic(f.oldPath)) ? scanHeader(f) : null));
  },

  series(s, ctx) {
    const isPublic = publicHeaderTest(ctx.options.publicHeaders);
    const removed = new Set<string>();
    for (const p of s.patches) for (const h of p.facts ?? []) for (const row of packedRows(h.removed)) removed.add(rowKey(row));
    for (const p of s.patches) {
      for (const h of p.facts ?? []) {
        if (!isPublic(h.path)) continue;
        const fresh = packedRows(h.added).filter((row) => !removed.has(rowKey(row))).map(unpackRow);
        const unlisted = h.unlistedMacros.added;
        if (fresh.length + unlisted > ctx.options.aggregateOver) {
          const counts = new Map<string, number>();
          if (unlisted > 0) counts.set('macro', unlisted);
          for (const d of fresh) counts.set(d.kind, (counts.get(d.kind) ?? 0) + 1);
          const byKind = [...counts.entries()].sort().map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ');
          ctx.report({
            messageId: 'manyDeclarations',
            patch: p.index,
            data: { path: h.path, count: fresh.length + unlisted, byKind, sample: fresh.slice(0, 3).map((d) => d.name).join(', ') || '(generated macros)' },
            location: { path: h.path },
            identity: { path: h.path },
          });
          continue;
        }
        for (const d of fresh) ctx.report(report(p.index, h.path, d));
      }
    }
  },
});

function report(patch: number, path: string, d: Decl) {
  return {
    messageId: 'newDeclaration' as const,
    patch,
    data: { kind: d.kind, name: d.name, signature: d.signature, path },
    location: { path, line: d.line },
    identity: { kind: d.kind, name: d.name, path },
  };
}
