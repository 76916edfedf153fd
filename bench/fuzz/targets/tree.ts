/**
 * --tree confinement: triage() with a kernel tree in a temp dir, a sentinel file beside it and a
 * symlink in the tree that leads to it; patches name `../sentinel`, absolute paths and the
 * symlink (gen-diff.ts PATHS). Every file opened while a series is analysed must lie inside
 * the tree (fs opens observed), and the sentinel is never read (its atime is set before its
 * mtime, so that any read, even under relatime, would move it).
 */
import fs, { mkdirSync, mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import fc from 'fast-check';
import { readBytes } from '../../../src/ingest/mbox/read-stream.js';
import { KernelTree } from '../../../src/kernel/tree.js';
import type { RunResult } from '../../../src/model/series.js';
import { triage } from '../../../src/pipeline/triage.js';
// Loaded before any open is observed: loading mailparser's modules is no read of the tree.
import '../../../src/pipeline/process-message.js';
import type { Target } from '../harness.js';
import { diffArb, renderDiff, type GenFile } from '../gen-diff.js';
import { renderMail, renderMbox } from '../gen-mail.js';
import { MINI_TREE } from './analyzers.js';

interface Output {
  result: RunResult;
  opened: string[];
}

type Opener = (...args: unknown[]) => unknown;
const WATCHED = ['openSync', 'readFileSync', 'readdirSync', 'createReadStream', 'open', 'readFile', 'opendirSync', 'opendir'] as const;

/** Records the path of every fs open while `body` runs (ESM named imports see the wrappers through syncBuiltinESMExports). */
async function observeOpens<T>(body: () => Promise<T>): Promise<{ value: T; opened: string[] }> {
  const opened: string[] = [];
  const f = fs as unknown as Record<string, Opener>;
  const saved = WATCHED.map((name) => [name, f[name]] as const);
  for (const [name, orig] of saved) {
    if (!orig) continue;
    f[name] = function (this: unknown, ...args: unknown[]): unknown {
      if (typeof args[0] === 'string' || args[0] instanceof URL) opened.push(String(args[0]));
      return orig.apply(this, args);
    };
  }
  syncBuiltinESMExports();
  try {
    return { value: await body(), opened };
  } finally {
    for (const [name, orig] of saved) if (orig) f[name] = orig;
    syncBuiltinESMExports();
  }
}

export function treeTarget(): Target<{ patches: GenFile[][] }, Output> {
  const dir = mkdtempSync(join(tmpdir(), 'kvetch-fuzz-tree-'));
  const root = join(dir, 'tree');
  const sentinel = join(dir, 'sentinel');
  for (const [p, text] of Object.entries(MINI_TREE)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  mkdirSync(join(root, 'out'));
  symlinkSync(sentinel, join(root, 'out', 'sentinel-link'));
  writeFileSync(sentinel, 'config SENTINEL\n\tbool\n');
  utimesSync(sentinel, new Date(1_000_000_000), new Date(2_000_000_000_000));
  const atime = statSync(sentinel).atimeMs;
  const realRoot = realpathSync(root) + sep;
  const inside = (p: string): boolean => {
    let real: string;
    try {
      real = realpathSync(resolve(p));
    } catch {
      real = resolve(p);
    }
    return real.startsWith(realRoot);
  };
  let n = 0;
  return {
    name: 'tree',
    arbitrary: fc.record({ patches: fc.array(diffArb, { minLength: 1, maxLength: 4 }) }),
    run: async (i) => {
      const total = i.patches.length;
      const mbox = renderMbox(
        i.patches.map((files, k) =>
          renderMail({ from: 'Ann <ann@example.org>', messageId: `<t${n}-${k}@fuzz>`, date: 1_700_000_000 + k, subject: `[PATCH ${k + 1}/${total}] tree fuzz ${n}`, inReplyTo: null, references: k > 0 ? [`<t${n}-0@fuzz>`] : [], body: `A patch.\n---\n${renderDiff(files)}` }),
        ),
      );
      n++;
      const tree = KernelTree.open(root);
      const { value, opened } = await observeOpens(() => triage(readBytes(Buffer.from(mbox, 'latin1'), 'fuzz.mbox'), { tree }));
      return { result: value, opened };
    },
    show: (i) => JSON.stringify(i.patches.map(renderDiff)),
    properties: [
      { name: 'no path outside --tree is opened', check: (_i, o) => { const out = o.opened.filter((p) => !inside(p)); return out.length === 0 ? null : `opened ${out.join(', ')}`; } },
      { name: 'the sentinel beside the tree is never read (atime)', check: () => (statSync(sentinel).atimeMs === atime ? null : 'the sentinel was read') },
      { name: 'no analyzer crash finding', check: (_i, o) => o.result.findings.find((f) => f.messageId === 'crashed')?.message ?? null },
    ],
    weight: 10,
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
