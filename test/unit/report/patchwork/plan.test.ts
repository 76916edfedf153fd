/** What the patchwork channel would post, decided without a server: states, grouping, the skip rules. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CHECK_GROUPS, validateGroups } from '../../../../src/report/check-groups.js';
import { decide } from '../../../../src/report/patchwork/decide.js';
import { planChecks, type CheckBody } from '../../../../src/report/patchwork/plan.js';
import { findingOn } from '../../../support/publish-input.js';

const P1 = '<p1@example.org>';
const P2 = '<p2@example.org>';
const PATCHES = [
  { messageId: P1, index: 1 },
  { messageId: P2, index: 2 },
];
const URL_ = 'https://kvetch.example.org/r/k/2';
const on = (id: string | null, ruleId: string, severity: 'error' | 'warning' | 'info', n = 0) => findingOn(id, { key: 'k', revision: 2, ruleId, severity, n });
const plan = (findings: ReturnType<typeof on>[], pending = false) => planChecks(PATCHES, findings, { groups: DEFAULT_CHECK_GROUPS, targetUrl: URL_, pending });
const body = (checks: ReturnType<typeof plan>, id: string, context: string) => checks.find((c) => c.messageId === id && c.body.context === context);

test('state per severity: error → fail, warning → warning, info → success, none → success', () => {
  for (const [severity, state] of [['error', 'fail'], ['warning', 'warning'], ['info', 'success']] as const) {
    const checks = plan([on(P1, 'symbol-exports', severity)]);
    assert.equal(body(checks, P1, 'kvetch-api')?.body.state, state, severity);
    assert.equal(body(checks, P2, 'kvetch-api')?.body.state, 'success', 'the other patch has none');
  }
});

test('the highest severity of the group on that patch wins; other groups are not affected', () => {
  const checks = plan([on(P1, 'symbol-exports', 'info', 1), on(P1, 'header-move', 'warning', 2), on(P1, 'namespace-imports', 'error', 3), on(P2, 'kconfig-select', 'warning', 4)]);
  assert.deepEqual(body(checks, P1, 'kvetch-api')?.body, { state: 'fail', context: 'kvetch-api', target_url: URL_, description: 'kvetch: 1 error, 1 warning, 1 info' });
  assert.equal(body(checks, P1, 'kvetch-kconfig')?.body.state, 'success');
  assert.equal(body(checks, P1, 'kvetch-kconfig')?.body.description, 'kvetch: no findings');
  assert.equal(body(checks, P2, 'kvetch-kconfig')?.body.state, 'warning');
  assert.equal(body(checks, P2, 'kvetch-api')?.body.state, 'success');
});

test('one check per patch and context; the input context only when it has something to say', () => {
  const clean = plan([]);
  assert.deepEqual(clean.map((c) => [c.messageId, c.body.context, c.optional]), [
    [P1, 'kvetch-api', false],
    [P1, 'kvetch-kconfig', false],
    [P1, 'kvetch-input', true],
    [P2, 'kvetch-api', false],
    [P2, 'kvetch-kconfig', false],
    [P2, 'kvetch-input', true],
  ]);
  const bad = plan([findingOn(P2, { key: 'k', revision: 2, ruleId: 'input/diff-corrupt', severity: 'error', fatal: true })]);
  assert.equal(body(bad, P2, 'kvetch-input')?.optional, false);
  assert.equal(body(bad, P2, 'kvetch-input')?.body.state, 'fail');
  assert.equal(body(bad, P1, 'kvetch-input')?.optional, true);
});

test('a series-wide finding (no patch, or the cover letter) counts on every patch and says so', () => {
  const checks = plan([on(null, 'kconfig-select', 'error'), on('<cover@example.org>', 'header-move', 'warning')]);
  for (const id of [P1, P2]) {
    assert.equal(body(checks, id, 'kvetch-kconfig')?.body.state, 'fail');
    assert.equal(body(checks, id, 'kvetch-kconfig')?.body.description, 'kvetch: 1 error (1 about the whole series)');
    assert.equal(body(checks, id, 'kvetch-api')?.body.state, 'warning');
  }
});

test('a finding known by patch number only lands on that patch', () => {
  const f = { ...on(null, 'symbol-exports', 'error'), subject: { key: 'k', revision: 2, patch: 2 } };
  const checks = plan([f]);
  assert.equal(body(checks, P2, 'kvetch-api')?.body.state, 'fail');
  assert.equal(body(checks, P1, 'kvetch-api')?.body.state, 'success');
});

test('fixed findings (of an older revision) do not count; unknown analyzers belong to no context', () => {
  const fixed = { ...on(P1, 'symbol-exports', 'error'), versions: { status: 'fixed' as const, fixedIn: 2 } };
  const checks = plan([fixed, on(P1, 'some-future-analyzer', 'error')]);
  assert.equal(body(checks, P1, 'kvetch-api')?.body.state, 'success');
  assert.ok(checks.every((c) => c.body.state === 'success'));
});

test('the fingerprint follows what is posted and the findings behind it', () => {
  const a = plan([on(P1, 'symbol-exports', 'warning', 1)]);
  const b = plan([on(P1, 'symbol-exports', 'warning', 1)]);
  const c = plan([on(P1, 'symbol-exports', 'warning', 2)]);
  assert.equal(body(a, P1, 'kvetch-api')?.fingerprint, body(b, P1, 'kvetch-api')?.fingerprint);
  assert.notEqual(body(a, P1, 'kvetch-api')?.fingerprint, body(c, P1, 'kvetch-api')?.fingerprint);
  assert.notEqual(body(a, P1, 'kvetch-api')?.fingerprint, body(a, P2, 'kvetch-api')?.fingerprint, 'warning vs success');
});

test('a version not analysed yet plans pending checks (input context left out)', () => {
  const checks = plan([], true);
  assert.deepEqual(checks.map((c) => [c.body.context, c.body.state]), [
    ['kvetch-api', 'pending'],
    ['kvetch-kconfig', 'pending'],
    ['kvetch-api', 'pending'],
    ['kvetch-kconfig', 'pending'],
  ]);
});

const wanted = (state: CheckBody['state'], target_url = URL_): CheckBody => ({ state, context: 'kvetch-api', target_url, description: 'kvetch: x' });
const seen = (state: string, target_url: string | null = URL_) => ({ url: 'http://pw/api/1.2/patches/1/checks/7/', state, target_url });

test('decide: skip when state and target_url are unchanged, post when either changed', () => {
  assert.deepEqual(decide(seen('warning'), wanted('warning'), false), { post: false, reason: 'already-done', why: 'unchanged on patchwork (http://pw/api/1.2/patches/1/checks/7/)', unchanged: true });
  assert.deepEqual(decide(seen('success'), wanted('warning'), false), { post: true });
  assert.deepEqual(decide(seen('warning', 'https://other.example/x'), wanted('warning'), false), { post: true });
  assert.deepEqual(decide(null, wanted('success'), false), { post: true });
});

test('decide: never moves a decided check back to pending', () => {
  for (const state of ['success', 'warning', 'fail']) {
    const d = decide(seen(state), wanted('pending'), false);
    assert.equal(d.post, false, state);
    assert.match(d.post ? '' : d.why, new RegExp(`decided \\(${state}\\).*never moves it back to pending`));
  }
  assert.deepEqual(decide(null, wanted('pending'), false), { post: true });
  assert.deepEqual(decide(seen('pending'), wanted('fail'), false), { post: true }, 'pending → decided is the normal way');
});

test('decide: an optional check is posted only to correct an earlier one', () => {
  assert.equal(decide(null, wanted('success'), true).post, false);
  assert.equal(decide(seen('fail'), wanted('success'), true).post, true);
  assert.equal(decide(seen('success'), wanted('success'), true).post, false);
});

test('check groups: names must be patchwork context slugs, patterns analyzer ids', () => {
  assert.doesNotThrow(() => validateGroups(DEFAULT_CHECK_GROUPS));
  assert.throws(() => validateGroups({ 'kvetch api': ['symbol-exports'] }), /"kvetch api": a name is letters, digits, _ and -/);
  assert.throws(() => validateGroups({ x: [] }), /"x": no analyzer ids/);
  assert.throws(() => validateGroups({ x: ['Symbol Exports'] }), /not an analyzer id/);
  assert.throws(() => validateGroups({}), /at least one group/);
});
