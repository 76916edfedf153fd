/** Findings of one message → b4's external check JSON (b4 ≥ 0.15, src/b4/review/checks.py). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { b4CheckResults, b4Status } from '../../../../src/report/b4/b4-check.js';
import { findingOn } from '../../../support/publish-input.js';

const P = '<p1@example.org>';
const on = (ruleId: string, severity: 'error' | 'warning' | 'info', n = 0, id: string | null = P) => ({
  ...findingOn(id, { key: 'k', revision: 1, ruleId, severity, n }),
  message: `message ${n} of ${ruleId}`,
  location: { path: 'include/linux/vfio.h', line: 10 + n },
});

test('status per severity: error → fail, warning → warn, info or none → pass', () => {
  assert.equal(b4Status('error'), 'fail');
  assert.equal(b4Status('warning'), 'warn');
  assert.equal(b4Status('info'), 'pass');
  assert.equal(b4Status(null), 'pass');
});

test('a clean patch: one pass per check group, no input noise', () => {
  assert.deepEqual(b4CheckResults([], { isPatch: true }), [
    { tool: 'kvetch-api', status: 'pass', summary: 'no findings' },
    { tool: 'kvetch-kconfig', status: 'pass', summary: 'no findings' },
  ]);
});

test('every result has the fields b4 reads, status among pass/warn/fail, details a JSON list b4 renders per line', () => {
  const results = b4CheckResults([on('symbol-exports', 'info', 1), on('header-move', 'warning', 2), on('kconfig-select', 'error', 3), on('input/malformed-header', 'warning', 4)], { isPatch: true, url: 'https://r.example/k/v1' });
  assert.deepEqual(results.map((r) => [r.tool, r.status]), [['kvetch-api', 'warn'], ['kvetch-kconfig', 'fail'], ['kvetch-input', 'warn']]);
  for (const r of results) {
    assert.deepEqual(Object.keys(r).sort(), ['details', 'status', 'summary', 'tool', 'url']);
    assert.ok(['pass', 'warn', 'fail'].includes(r.status));
    assert.ok(!r.summary.includes('\n'));
    assert.equal(r.url, 'https://r.example/k/v1');
  }
  const api = results[0];
  assert.equal(api?.summary, '1 warning, 1 info: message 2 of header-move', 'the most severe first');
  assert.deepEqual(JSON.parse(api?.details ?? ''), [
    { status: 'warn', description: 'header-move: message 2 of header-move (include/linux/vfio.h:12)' },
    { status: 'pass', description: 'symbol-exports: message 1 of symbol-exports (include/linux/vfio.h:11)' },
  ]);
});

test('a cover letter or reply reports only what was found in it', () => {
  assert.deepEqual(b4CheckResults([], { isPatch: false }), [], 'nothing to report: an empty array');
  const broken = findingOn('<cover@example.org>', { key: 'k', revision: 1, ruleId: 'input/unparseable-message', severity: 'error', fatal: true });
  assert.deepEqual(b4CheckResults([broken], { isPatch: false }).map((r) => [r.tool, r.status]), [['kvetch-input', 'fail']]);
});

test('fixed findings of an older revision do not count; a long message is cut to one line', () => {
  const fixed = { ...on('kconfig-select', 'error', 1), versions: { status: 'fixed' as const, fixedIn: 2 } };
  const long = { ...on('symbol-exports', 'warning', 2), message: `a\nvery ${'long '.repeat(80)}message` };
  const results = b4CheckResults([fixed, long], { isPatch: true });
  assert.equal(results.find((r) => r.tool === 'kvetch-kconfig')?.status, 'pass');
  const api = results.find((r) => r.tool === 'kvetch-api');
  assert.ok(api && api.summary.length <= 160 && api.summary.endsWith('…') && !api.summary.includes('\n'), api?.summary);
});

test('custom groups name the tools', () => {
  const results = b4CheckResults([on('kconfig-select', 'warning')], { isPatch: true, groups: { kvetch: ['kconfig-select', 'symbol-exports'] } });
  assert.deepEqual(results.map((r) => [r.tool, r.status]), [['kvetch', 'warn']]);
});
