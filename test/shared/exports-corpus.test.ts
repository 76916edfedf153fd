/**
 * symbol-exports on the whole corpus against an independent comparison of the two trees:
 * every export of every C/header/assembly file of linux-6.1 and linux-6.12, found by a plain
 * whole-file scan (not the diff scanner), diffed file by file; kvetch's findings on
 * series.mbox, turned back into per-file additions and removals, must give the same events
 * by symbol, macro and namespace.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkPaths as runCheck } from '../support/check.js';
import { KernelTree } from '../../src/kernel/tree.js';
import { corpusDir } from '../support/shared-dir.js';
import { knownMacro } from '../../src/analyzers/lib/export-macros.js';

type Events = Map<string, number>;

/**
 * Wrappers (macros not in kvetch's table) are compared by path, symbol and macro only: what they
 * expand to is kvetch's to find from their #define (in the series or --tree) or to call unknown,
 * which this whole-file scan cannot check (test/unit/analyzers/lib/export-macros.test.ts does).
 */
const WRAPPER_NS = '(wrapper)';

const SOURCE = /\.(c|h|S)$/;

/** All exports of one file's text: comments and `#define` bodies removed, then one regex. */
function fileExports(text: string): string[] {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, '')
    .replace(/^[ \t]*#[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*/gm, '');
  const out: string[] = [];
  const re = /\b(EXPORT_[A-Z0-9_]*SYMBOL[A-Z0-9_]*)\s*\(\s*([A-Za-z_]\w*)\s*(?:,([^;]*?))?\)\s*;?/g;
  for (const m of code.matchAll(re)) {
    const macro = m[1] as string;
    const ns = (m[3] ?? '').replace(/"\s*"/g, '').replace(/["\s]/g, '');
    const namespace = /_FOR_MODULES$/.test(macro) ? `module:${ns}` : /^EXPORT_SYMBOL_IF_KUNIT$/.test(macro) ? 'EXPORTED_FOR_KUNIT_TESTING' : /^EXPORT_(PER_CPU|TRACEPOINT)_SYMBOL|^EXPORT_SYMBOL_FOR_TESTS_ONLY$/.test(macro) ? '' : ns;
    out.push(`${m[2]}|${macro}|${knownMacro(macro) ? namespace : WRAPPER_NS}`);
  }
  return out;
}

function walk(root: string, dir = '', out: string[] = []): string[] {
  for (const e of readdirSync(join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    if (e.isDirectory()) walk(root, rel, out);
    else if (e.isFile() && SOURCE.test(e.name)) out.push(rel);
  }
  return out;
}

function treeExports(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const rel of walk(root)) {
    const text = readFileSync(join(root, rel), 'latin1');
    if (!text.includes('EXPORT_')) continue;
    const ex = fileExports(text);
    if (ex.length > 0) out.set(rel, ex);
  }
  return out;
}

function bump(ev: Events, key: string, n: number): void {
  const v = (ev.get(key) ?? 0) + n;
  if (v === 0) ev.delete(key);
  else ev.set(key, v);
}

test('symbol-exports on series.mbox equals the file-by-file comparison of the two trees', async (t) => {
  const dir = corpusDir();
  const before = treeExports(join(dir, 'linux-6.1'));
  const after = treeExports(join(dir, 'linux-6.12'));
  const expected: Events = new Map();
  for (const [path, list] of before) for (const e of list) bump(expected, `${path}|${e}`, -1);
  for (const [path, list] of after) for (const e of list) bump(expected, `${path}|${e}`, +1);

  // With the 6.1 tree (--tree): renamed files' exports outside the hunks are known.
  const r = await runCheck([join(dir, 'series.mbox')], { jobs: 2, tree: KernelTree.open(join(dir, 'linux-6.1')) });
  // Only the newest revision of each series: a v2 supersedes its v1.
  const newest = new Map<string, number>();
  for (const s of r.series) newest.set(s.key, Math.max(newest.get(s.key) ?? 0, s.revision));
  const mine = r.findings.filter((f) => f.ruleId === 'symbol-exports' && f.subject.revision === newest.get(f.subject.key) && f.versions?.status !== 'fixed');
  const got: Events = new Map();
  const key = (path: unknown, sym: unknown, macro: unknown, ns: unknown): string =>
    `${String(path)}|${String(sym)}|${String(macro)}|${knownMacro(String(macro)) ? String(ns) : WRAPPER_NS}`;
  for (const f of mine) {
    const d = f.data ?? {};
    switch (f.messageId) {
      case 'added':
      case 'addedUnknown':
      case 'addedRestricted':
        bump(got, key(d.path, d.symbol, d.macro, d.namespace), +1);
        break;
      case 'removed':
        bump(got, key(d.path, d.symbol, d.macro, d.namespace), -1);
        break;
      case 'moved':
        bump(got, key(d.path, d.symbol, d.macro, d.namespace), +1);
        bump(got, key(d.from, d.symbol, d.macro, d.namespace), -1);
        break;
      case 'renamedFile':
        // `sym (MACRO)` or `sym (MACRO in NS)`, comma-separated: each keeps its macro and namespace.
        for (const m of String(d.exports).matchAll(/(\w+) \((\w+)(?: in ([^)]*))?\)/g)) {
          bump(got, key(d.path, m[1], m[2], m[3] ?? ''), +1);
          bump(got, key(d.from, m[1], m[2], m[3] ?? ''), -1);
        }
        break;
      case 'loosenedGpl':
      case 'namespaceDropped':
      case 'namespaceChanged':
      case 'tightened':
      case 'macroChanged':
        // A move that also changes the macro is this one finding, with `from`.
        bump(got, key(d.path, d.symbol, d.macro, d.namespace), +1);
        bump(got, key(d.from ?? d.path, d.symbol, d.oldMacro, d.oldNamespace), -1);
        break;
    }
  }
  const diff: string[] = [];
  for (const k of new Set([...expected.keys(), ...got.keys()])) {
    const e = expected.get(k) ?? 0;
    const g = got.get(k) ?? 0;
    if (e !== g) diff.push(`${k}: trees ${e > 0 ? '+' : ''}${e}, kvetch ${g > 0 ? '+' : ''}${g}`);
  }
  const total = [...expected.values()].reduce((n, v) => n + Math.abs(v), 0);
  const matched = total - diff.length;
  t.diagnostic(`export events: trees ${total}, kvetch ${[...got.values()].reduce((n, v) => n + Math.abs(v), 0)}, differing keys ${diff.length}`);
  if (process.env.KVETCH_EXPORTS_DIFF) writeFileSync(process.env.KVETCH_EXPORTS_DIFF, `${diff.sort().join('\n')}\n`);
  const missed = diff.filter((d) => d.endsWith('kvetch 0'));
  const extra = diff.filter((d) => d.includes('trees 0,'));
  t.diagnostic(`missed by kvetch: ${missed.length}; reported but not in the trees: ${extra.length}; other: ${diff.length - missed.length - extra.length}`);
  for (const d of [...extra.slice(0, 10), ...diff.filter((x) => !missed.includes(x) && !extra.includes(x)).slice(0, 10)]) t.diagnostic(d);
  assert.deepEqual(diff.sort().slice(0, 30), [], `${diff.length} differing (path, symbol, macro, namespace) keys; ${matched} of ${total} agree`);
});
