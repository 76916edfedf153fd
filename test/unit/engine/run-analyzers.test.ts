import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineAnalyzer } from '../../../src/analyzers/define.js';
import type { AnyAnalyzer } from '../../../src/analyzers/types.js';
import type { TreeView } from '../../../src/model/tree.js';
import { runPatchPhase, runSeriesPhase } from '../../../src/engine/run-analyzers.js';

const tree: TreeView = { readFile: () => null, kconfig: () => ({ definitions: () => [], implied: () => new Set() }) };

const flaky = defineAnalyzer<{ limit: number }, 'seen', number>({
  meta: { id: 'flaky', group: 'api', description: 'reports, then throws', defaultSeverity: 'warning', messages: { seen: 'saw {{what}} (limit {{limit}})' } },
  defaultOptions: { limit: 2 },
  patch(p, ctx) {
    ctx.report({ messageId: 'seen', data: { what: p.subject, limit: ctx.options.limit } });
    if (p.subject === 'boom') throw new Error('patch exploded');
    return p.files.length;
  },
  series(s, ctx) {
    ctx.report({ messageId: 'seen', patch: 1, data: { what: `tree ${ctx.tree ? 'yes' : 'no'}`, limit: 0 } });
    ctx.report({ messageId: 'seen', data: { what: 'series', limit: 0 } });
    if (s.patches.some((p) => p.facts === undefined)) throw new Error('series exploded');
  },
}) as AnyAnalyzer;

const steady = defineAnalyzer<Record<string, never>, 'ok', string>({
  meta: { id: 'steady', group: 'api', description: 'always one fact and one finding', defaultSeverity: 'info', messages: { ok: 'ok' } },
  defaultOptions: {},
  patch: () => 'fact',
  series(_s, ctx) {
    ctx.report({ messageId: 'ok' });
  },
}) as AnyAnalyzer;

test('patch phase: reports become findings in order; a throw after a report adds a fatal finding, other analyzers keep their facts', () => {
  const ok = runPatchPhase([flaky, steady], { messageId: '<m1>', subject: 'fine', files: [] });
  assert.deepEqual(ok.findings.map((f) => f.message), ['saw fine (limit 2)']);
  assert.deepEqual(ok.facts, { flaky: 0, steady: 'fact' });
  const bad = runPatchPhase([flaky, steady], { messageId: '<m2>', subject: 'boom', files: [] });
  assert.deepEqual(bad.findings.map((f) => [f.ruleId, f.messageId, f.fatal ?? false]), [['flaky', 'seen', false], ['flaky', 'crashed', true]]);
  assert.match(bad.findings[1]?.message ?? '', /analyzer flaky failed on <m2>: patch exploded/);
  assert.deepEqual(bad.facts, { steady: 'fact' });
});

test('series phase: findings carry their series and patch; a throw keeps the reports made before it; the tree reaches ctx only when given', () => {
  const patches = [{ index: 1, messageId: '<m1>', facts: { flaky: 3, steady: 'fact' } }];
  const withTree = runSeriesPhase([flaky, steady], { key: 'k', revision: 2, subject: 's', patches }, (i) => (i === 1 ? '<m1>' : undefined), tree);
  assert.deepEqual(withTree.map((f) => [f.ruleId, f.message, f.subject]), [
    ['flaky', 'saw tree yes (limit 0)', { key: 'k', revision: 2, patch: 1, messageId: '<m1>' }],
    ['flaky', 'saw series (limit 0)', { key: 'k', revision: 2 }],
    ['steady', 'ok', { key: 'k', revision: 2 }],
  ]);
  const failing = runSeriesPhase([flaky, steady], { key: 'k', revision: 1, subject: 's', patches: [{ index: 1, messageId: '<m1>', facts: undefined }] }, () => undefined);
  assert.deepEqual(failing.map((f) => [f.ruleId, f.messageId, f.message.slice(0, 40)]), [
    ['flaky', 'seen', 'saw tree no (limit 0)'],
    ['flaky', 'seen', 'saw series (limit 0)'],
    ['flaky', 'crashed', 'analyzer flaky failed on k: series explo'],
    ['steady', 'ok', 'ok'],
  ]);
});
