import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/model/finding.js';
import { markVersions } from '../../../src/engine/versions.js';
import type { Series } from '../../../src/model/series.js';

const series = (key: string, revision: number): Series => ({
  key, revision, versionInferred: false, subject: 's', author: 'a', sender: 'a', date: null, total: 1, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null,
});
const finding = (key: string, revision: number, fp: string, line: number): Finding => ({
  ruleId: 'symbol-exports', messageId: 'added', message: `m ${fp}`, severity: 'warning', subject: { key, revision, patch: 1 }, location: { path: 'a.c', line }, fingerprint: fp,
});

test('v1, v2, v3 of a series: new, still present since v1, fixed in v3; line numbers do not matter', () => {
  const s = [series('k', 1), series('k', 2), series('k', 3)];
  const f = [
    finding('k', 1, 'A', 10), finding('k', 1, 'B', 20),
    finding('k', 2, 'A', 11), finding('k', 2, 'B', 21),
    finding('k', 3, 'A', 12), finding('k', 3, 'C', 30),
  ];
  const out = markVersions(s, f);
  const v3 = out.filter((x) => x.subject.revision === 3);
  assert.deepEqual(v3.find((x) => x.fingerprint === 'A' && !x.versions?.fixedIn)?.versions, { status: 'still-present', since: 1 });
  assert.deepEqual(v3.find((x) => x.fingerprint === 'C')?.versions, { status: 'new' });
  const fixed = out.filter((x) => x.versions?.status === 'fixed');
  assert.equal(fixed.length, 1, 'B is reported fixed once, not once per older revision');
  assert.deepEqual(fixed[0]?.versions, { status: 'fixed', since: 1, fixedIn: 3, severity: 'warning' }, 'the severity it had is kept');
  assert.equal(fixed[0]?.severity, 'info');
  assert.match(fixed[0]?.message ?? '', /^fixed in v3: /);
  assert.equal(out.length, f.length + 1);
});

test('a series with one revision, and fatal findings, are left as they are', () => {
  const f = [finding('x', 1, 'A', 1), { ...finding('k', 1, 'F', 1), fatal: true as const }];
  const out = markVersions([series('x', 1), series('k', 1), series('k', 2)], f);
  assert.deepEqual(out, f);
});

test('history: older versions from a store count like older revisions in the input, and are not reported again', () => {
  const history = [
    { key: 'k', revision: 1, findings: [finding('k', 1, 'A', 10), finding('k', 1, 'B', 20)] },
    { key: 'k', revision: 2, findings: [finding('k', 2, 'A', 11), finding('k', 2, 'B', 21), { ...finding('k', 2, 'Z', 1), versions: { status: 'fixed' as const, since: 1, fixedIn: 2 } }] },
    { key: 'k', revision: 4, findings: [finding('k', 4, 'D', 1)] },
    { key: 'other', revision: 1, findings: [finding('other', 1, 'A', 1)] },
  ];
  const f = [finding('k', 3, 'A', 12), finding('k', 3, 'C', 30)];
  const out = markVersions([series('k', 3)], f, history);
  assert.deepEqual(out.map((x) => [x.fingerprint, x.subject.revision, x.versions]), [
    ['A', 3, { status: 'still-present', since: 1 }],
    ['C', 3, { status: 'new' }],
    ['B', 3, { status: 'fixed', since: 1, fixedIn: 3, severity: 'warning' }],
  ], 'B fixed once; a fixed entry of v2 (Z) and a newer v4 (D) are neither compared nor reported');
  assert.deepEqual(markVersions([series('k', 1)], [finding('k', 1, 'A', 1)], []), [finding('k', 1, 'A', 1)], 'no history: nothing to mark');
});

