/**
 * `kvetch maintainers --tree <path> <file>...`: who looks after each file, as the tree's
 * MAINTAINERS says and `scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats -f`
 * answers (docs/maintainers.md). Returns the exit code.
 */
import { TreeError, KernelTree } from '../../kernel/tree.js';
import { EXIT_CLEAN } from '../exit-codes.js';

export interface MaintainersOptions {
  tree: string;
  format: 'text' | 'json';
}

export function maintainersCommand(files: readonly string[], o: MaintainersOptions, out: NodeJS.WritableStream = process.stdout): number {
  const tree = KernelTree.open(o.tree);
  if (!tree.maintainers()) throw new TreeError(`${o.tree} has no MAINTAINERS file at its top`);
  const answers = files.map((f) => {
    const path = f.replace(/^\.\//, '').replace(/\/+$/, '');
    const a = tree.maintainersOf(path);
    return { path, emails: a?.emails ?? [], maintainers: a?.maintainers ?? [], reviewers: a?.reviewers ?? [], lists: a?.lists ?? [], sections: a?.sections ?? [] };
  });
  if (o.format === 'json') {
    out.write(`${JSON.stringify({ schemaVersion: 1, tree: o.tree, files: answers }, null, 2)}\n`);
    return EXIT_CLEAN;
  }
  for (const [i, a] of answers.entries()) {
    if (answers.length > 1) out.write(`${i > 0 ? '\n' : ''}${a.path}:\n`);
    for (const e of a.emails) out.write(`${e}\n`);
    const odd = a.sections.filter((s) => /orphan|odd fixes|obsolete/i.test(s.status));
    for (const s of odd) out.write(`(${s.title}: ${s.status})\n`);
  }
  return EXIT_CLEAN;
}
