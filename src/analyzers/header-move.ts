/**
 * header-move: declarations removed from one header and added to another (matched by name and
 * kind, signature compared), and header renames. Out of a public header shrinks the API
 * (seed 000's page-track series); into one grows it.
 */
import { defineAnalyzer, factsPerFile } from './define.js';
import { packedRows, rowKey, unpackRow } from './lib/decl-pack.js';
import { scanHeader, type HeaderChanges } from './lib/decl-scan.js';
import { DEFAULT_PUBLIC_HEADERS, publicHeaderTest } from './lib/public-headers.js';
import type { Report, SeriesInput } from './types.js';

type M = 'movedToInternal' | 'movedToPublic' | 'moved' | 'renamedToInternal' | 'renamedToPublic';

interface Side {
  patch: number;
  path: string;
  /** One packed declaration (lib/decl-pack.ts): unpacked only if it pairs with another. */
  row: string;
}

export default defineAnalyzer<{ publicHeaders: readonly string[] }, M, HeaderChanges[]>({
  meta: {
    id: 'header-move',
    group: 'api',
    description: 'Declarations moved between headers, and header renames, out of or into public headers',
    defaultSeverity: 'info',
    messages: {
      movedToInternal: '{{kind}} {{name}} moves from public {{from}} to internal {{path}}: the global API shrinks{{sigNote}}',
      movedToPublic: '{{kind}} {{name}} moves from internal {{from}} to public {{path}}: the global API grows{{sigNote}}',
      moved: '{{kind}} {{name}} moves from {{from}} to {{path}}{{sigNote}}',
      renamedToInternal: 'Header {{from}} becomes internal {{path}}: what it declares leaves the global API',
      renamedToPublic: 'Header {{from}} becomes public {{path}}: what it declares joins the global API',
    },
  },
  defaultOptions: { publicHeaders: DEFAULT_PUBLIC_HEADERS },

  patch(p) {
    return factsPerFile(p.files, scanHeader);
  },

  series(s, ctx) {
    const isPublic = publicHeaderTest(ctx.options.publicHeaders);
    for (const p of s.patches) {
      for (const h of p.facts ?? []) {
        if (h.status !== 'renamed' || h.oldPath === h.path || isPublic(h.oldPath) === isPublic(h.path)) continue;
        const toPublic = isPublic(h.path);
        ctx.report({
          messageId: toPublic ? 'renamedToPublic' : 'renamedToInternal',
          severity: toPublic ? 'warning' : 'info',
          patch: p.index,
          data: { from: h.oldPath, path: h.path, similarity: h.similarity },
          location: { path: h.path, oldPath: h.oldPath },
          identity: { from: h.oldPath, path: h.path },
        });
      }
    }
    const byName = removedByName(s.patches);
    for (const p of s.patches) {
      for (const h of p.facts ?? []) {
        for (const row of packedRows(h.added)) {
          const list = byName.get(rowKey(row));
          const at = list ? list.findIndex((x) => x.path !== h.path) : -1;
          if (!list || at < 0) continue;
          const r = list.splice(at, 1)[0] as Side;
          ctx.report(move(r, { patch: p.index, path: h.path, row }, isPublic));
        }
      }
    }
  },
});

/**
 * Removed declarations by kind and name, in series order: pairing is a lookup, not a scan (a
 * series can add and remove hundreds of thousands of generated macros).
 */
function removedByName(patches: SeriesInput<HeaderChanges[]>['patches']): Map<string, Side[]> {
  const byName = new Map<string, Side[]>();
  for (const p of patches) {
    for (const h of p.facts ?? []) {
      for (const row of packedRows(h.removed)) {
        const k = rowKey(row);
        const r = { patch: p.index, path: h.oldPath, row };
        const list = byName.get(k);
        if (list) list.push(r);
        else byName.set(k, [r]);
      }
    }
  }
  return byName;
}

/** The finding for a declaration removed from one header (r) and added to another (a). */
function move(r: Side, a: Side, isPublic: (path: string) => boolean): Report<M> {
  const from = isPublic(r.path);
  const to = isPublic(a.path);
  const messageId: M = from && !to ? 'movedToInternal' : !from && to ? 'movedToPublic' : 'moved';
  const [rd, ad] = [unpackRow(r.row), unpackRow(a.row)];
  const sigNote = rd.signature === ad.signature ? '' : ` (signature changed: "${rd.signature}" → "${ad.signature}")`;
  return {
    messageId,
    severity: messageId === 'movedToPublic' ? 'warning' : 'info',
    patch: a.patch,
    data: { kind: ad.kind, name: ad.name, from: r.path, path: a.path, sigNote },
    location: { path: a.path, line: ad.line, oldPath: r.path },
    identity: { kind: ad.kind, name: ad.name, from: r.path, path: a.path },
  };
}
