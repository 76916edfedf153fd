/**
 * Analyzer tester (ESLint RuleTester idea): run one analyzer over patches given as diff text,
 * through both phases, and compare exact messageIds, paths, new-side lines and counts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AnyAnalyzer } from '../../src/analyzers/types.js';
import type { TreeView } from '../../src/model/tree.js';
import { parseDiff } from '../../src/diff/parse.js';
import type { Finding } from '../../src/model/finding.js';
import { runPatchPhase, runSeriesPhase } from '../../src/engine/run-analyzers.js';

/** A series: one diff text per patch, in patch order. */
export type SeriesCase = readonly string[];

export interface Expected {
  messageId: string;
  path?: string;
  line?: number;
  patch?: number;
  data?: Record<string, string | number>;
}

export interface InvalidCase {
  name: string;
  series: SeriesCase;
  /** Exactly these findings, in any order (other messageIds may be excluded with `only`). */
  errors: readonly Expected[];
  /** Compare only findings with these messageIds (e.g. leave the series summary out). */
  only?: readonly string[];
}

export interface ValidCase {
  name: string;
  series: SeriesCase;
  /** messageIds that may appear anyway (e.g. a summary); default none. */
  allow?: readonly string[];
}

/** Run the analyzer over a series of diffs; findings of both phases. */
export function runAnalyzer(analyzer: AnyAnalyzer, series: SeriesCase, tree?: TreeView): Finding[] {
  const out: Finding[] = [];
  const facts: Record<string, unknown>[] = [];
  series.forEach((diff, i) => {
    const files = Object.freeze(parseDiff(diff).files);
    const r = runPatchPhase([analyzer], { messageId: `<p${i + 1}@test>`, subject: `[PATCH ${i + 1}/${series.length}] test`, files });
    for (const f of r.findings) out.push({ ...f, subject: { key: 'k', revision: 1, patch: i + 1 } });
    facts.push(r.facts);
  });
  const patches = facts.map((f, i) => ({ index: i + 1, messageId: `<p${i + 1}@test>`, facts: f }));
  out.push(...runSeriesPhase([analyzer], { key: 'k', revision: 1, subject: 'test', patches }, (i) => `<p${i}@test>`, tree));
  return out;
}

export function testAnalyzer(analyzer: AnyAnalyzer, cases: { valid: readonly ValidCase[]; invalid: readonly InvalidCase[] }): void {
  const id = analyzer.meta.id;
  for (const c of cases.valid) {
    test(`${id} valid: ${c.name}`, () => {
      const got = runAnalyzer(analyzer, c.series).filter((f) => !(c.allow ?? []).includes(f.messageId));
      assert.deepEqual(got.map((f) => `${f.messageId}: ${f.message}`), []);
    });
  }
  for (const c of cases.invalid) {
    test(`${id} invalid: ${c.name}`, () => {
      const all = runAnalyzer(analyzer, c.series);
      const got = all.filter((f) => !c.only || c.only.includes(f.messageId));
      assert.equal(got.length, c.errors.length, `count: ${got.map((f) => `${f.messageId} ${f.location?.path ?? ''}:${f.location?.line ?? ''}`).join('; ')}`);
      const left = [...got];
      for (const e of c.errors) {
        const k = left.findIndex(
          (f) =>
            f.messageId === e.messageId &&
            (e.path === undefined || f.location?.path === e.path) &&
            (e.line === undefined || f.location?.line === e.line) &&
            (e.patch === undefined || f.subject.patch === e.patch) &&
            Object.entries(e.data ?? {}).every(([key, v]) => f.data?.[key] === v),
        );
        assert.ok(k >= 0, `expected ${JSON.stringify(e)} among ${JSON.stringify(left.map((f) => ({ messageId: f.messageId, path: f.location?.path, line: f.location?.line, patch: f.subject.patch, data: f.data })))}`);
        const f = left.splice(k, 1)[0] as Finding;
        assert.ok(!f.message.includes('{{'), `unrendered placeholder in "${f.message}"`);
        assert.match(f.fingerprint, /^[0-9a-f]{32}$/);
      }
    });
  }
}
