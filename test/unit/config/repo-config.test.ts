/** .github/kvetch.yml: defaults, errors that name the key, and the rules applied to findings. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyRepoConfig, parseRepoConfig } from '../../../src/config/repo-config.js';
import type { Finding } from '../../../src/model/finding.js';

const IDS = ['symbol-exports', 'kconfig-select', 'header-move'];

test('no file: the defaults', () => {
  assert.deepEqual(parseRepoConfig(null, IDS), { ok: true, config: { analyzers: {}, failLevel: 'error', ignorePaths: [], drafts: false, maxComments: 50 } });
});

test('errors name the key and the problem', () => {
  const bad = (text: string) => {
    const r = parseRepoConfig(text, IDS);
    assert.equal(r.ok, false);
    return r.ok ? '' : r.error;
  };
  assert.match(bad('failLevel: fatal\n'), /^\.github\/kvetch\.yml: failLevel: /);
  assert.match(bad('analyzers:\n  symbol-export: off\n'), /analyzers\.symbol-export: unknown analyzer \(known: symbol-exports/);
  assert.match(bad('analyzers:\n  symbol-exports: loud\n'), /analyzers\.symbol-exports: /);
  assert.match(bad('ignorePath: [a]\n'), /\(top level\): .*ignorePath/);
  assert.match(bad('drafts: [\n'), /line \d+/);
});

const f = (ruleId: string, path: string, severity: Finding['severity'] = 'warning'): Finding => ({
  ruleId, messageId: 'm', message: 'x', severity, subject: { key: 'k', revision: 1 }, location: { path, line: 1 }, fingerprint: `${ruleId}:${path}`,
});

test('analyzers off, severities set, ignored paths left out', () => {
  const r = parseRepoConfig('analyzers:\n  header-move: off\n  symbol-exports: error\n  kconfig-select: true\nignorePaths: [Documentation/, "**/*.rst", tools/testing/**]\nfailLevel: warning\ndrafts: true\n', IDS);
  assert.ok(r.ok);
  const out = applyRepoConfig([f('header-move', 'include/a.h'), f('symbol-exports', 'drivers/a.c'), f('kconfig-select', 'Documentation/x/Kconfig'), f('kconfig-select', 'arch/x86/kvm/Kconfig'), f('symbol-exports', 'lib/x.rst'), f('symbol-exports', 'tools/testing/selftests/a.c')], r.config);
  assert.deepEqual(out.map((x) => `${x.ruleId} ${x.location?.path} ${x.severity}`), ['symbol-exports drivers/a.c error', 'kconfig-select arch/x86/kvm/Kconfig warning']);
  assert.equal(r.config.drafts, true);
  assert.equal(r.config.failLevel, 'warning');
});
