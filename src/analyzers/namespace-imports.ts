/**
 * namespace-imports: symbol-namespace use that reviewers should see: new and dropped
 * MODULE_IMPORT_NS (both syntaxes), DEFAULT_SYMBOL_NAMESPACE set or cleared for a file or a
 * whole Makefile, and explicit imports of module-restricted namespaces, which the kernel refuses.
 */
import type { DiffLine, FileDiff } from '../diff/model.js';
import { diffMentions, linesNear } from '../diff/parse.js';
import { defineAnalyzer } from './define.js';

type M = 'imported' | 'importRemoved' | 'moduleNamespaceImport' | 'defaultNamespaceAdded' | 'defaultNamespaceRemoved' | 'defaultNamespaceChanged';

const IMPORT_RE = /\bMODULE_IMPORT_NS\s*\(\s*"?([A-Za-z0-9_:.,-]+)"?\s*\)/g;
const DEFAULT_C_RE = /^\s*#\s*define\s+DEFAULT_SYMBOL_NAMESPACE\s+"?([A-Za-z0-9_:.-]+)"?/;
const DEFAULT_MK_RE = /-DDEFAULT_SYMBOL_NAMESPACE=\\?['"]*\\?"?([A-Za-z0-9_:.-]+)/;
const SOURCE_RE = /\.(c|h)$/;
const MAKE_RE = /(^|\/)(Makefile|Kbuild)[^/]*$/;

interface Hit {
  ns: string;
  line: DiffLine;
}

export default defineAnalyzer<Record<string, never>, M>({
  meta: {
    id: 'namespace-imports',
    group: 'api',
    description: 'MODULE_IMPORT_NS added or dropped, DEFAULT_SYMBOL_NAMESPACE changes, forbidden imports of module namespaces',
    defaultSeverity: 'info',
    messages: {
      imported: 'The module now imports symbol namespace {{namespace}}: it uses API its maintainers reserved for chosen users',
      importRemoved: 'The module no longer imports symbol namespace {{namespace}}',
      moduleNamespaceImport: 'MODULE_IMPORT_NS({{namespace}}) imports a module-restricted namespace; the module loader refuses it (such exports reach only the modules they name)',
      defaultNamespaceAdded: 'DEFAULT_SYMBOL_NAMESPACE {{namespace}} for {{scope}}: its plain exports move into the namespace (the global API shrinks)',
      defaultNamespaceRemoved: 'DEFAULT_SYMBOL_NAMESPACE {{namespace}} is dropped for {{scope}}: its exports become global API again',
      defaultNamespaceChanged: 'DEFAULT_SYMBOL_NAMESPACE for {{scope}} changes from {{oldNamespace}} to {{namespace}}',
    },
  },
  defaultOptions: {},

  patch(p, ctx) {
    for (const f of p.files) {
      // diffMentions first: nearly no file has these tokens, and each would cost two sets.
      if (SOURCE_RE.test(f.path) && diffMentions(f, 'MODULE_IMPORT_NS')) {
        const [added, removed] = sides(f, 'MODULE_IMPORT_NS', (text) => (/^\s*#\s*define\b/.test(text) ? [] : [...text.matchAll(IMPORT_RE)].map((m) => m[1] as string)));
        const gone = new Set(removed.map((h) => h.ns));
        const kept = new Set(added.map((h) => h.ns));
        for (const h of added) {
          if (gone.has(h.ns)) continue;
          const restricted = h.ns.startsWith('MODULE_') || h.ns.startsWith('module:');
          ctx.report({
            messageId: restricted ? 'moduleNamespaceImport' : 'imported',
            severity: restricted ? 'error' : 'info',
            data: { namespace: h.ns, path: f.path },
            location: { path: f.path, line: h.line.newLine ?? 0 },
          });
        }
        for (const h of removed) {
          if (!kept.has(h.ns)) ctx.report({ messageId: 'importRemoved', data: { namespace: h.ns, path: f.path }, location: { path: f.path, line: h.line.oldLine ?? 0 } });
        }
      }
      const re = SOURCE_RE.test(f.path) ? DEFAULT_C_RE : MAKE_RE.test(f.path) ? DEFAULT_MK_RE : null;
      if (!re || !diffMentions(f, 'DEFAULT_SYMBOL_NAMESPACE')) continue;
      const scope = re === DEFAULT_C_RE ? f.path : `every object built by ${f.path}`;
      const [added, removed] = sides(f, 'DEFAULT_SYMBOL_NAMESPACE', (text) => {
        const m = re.exec(text);
        return m?.[1] ? [m[1]] : [];
      });
      const a = added[0];
      const r = removed[0];
      if (a && r && a.ns !== r.ns) {
        ctx.report({ messageId: 'defaultNamespaceChanged', data: { namespace: a.ns, oldNamespace: r.ns, scope, path: f.path }, location: { path: f.path, line: a.line.newLine ?? 0 } });
      } else if (a && !r) {
        ctx.report({ messageId: 'defaultNamespaceAdded', data: { namespace: a.ns, scope, path: f.path }, location: { path: f.path, line: a.line.newLine ?? 0 } });
      } else if (r && !a) {
        ctx.report({ messageId: 'defaultNamespaceRemoved', severity: 'warning', data: { namespace: r.ns, scope, path: f.path }, location: { path: f.path, line: r.line.oldLine ?? 0 } });
      }
    }
    return undefined;
  },
});

/** Matches on added and on removed lines of the file (context lines are no change). */
function sides(f: FileDiff, needle: string, match: (text: string) => string[]): [Hit[], Hit[]] {
  const added: Hit[] = [];
  const removed: Hit[] = [];
  for (const run of linesNear(f, needle, 0, 0)) {
    for (const line of run) {
      if (line.kind === 'context' || /^\s*(\/\/|\/\*|\*)/.test(line.text)) continue;
      for (const ns of match(line.text)) (line.kind === 'add' ? added : removed).push({ ns, line });
    }
  }
  return [added, removed];
}
