import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markVersions, originalMessage } from '../../../../src/engine/versions.js';
import type { Finding } from '../../../../src/model/finding.js';
import type { Series } from '../../../../src/model/series.js';
import { versionChanges } from '../../../../src/report/email/changes.js';

const series = (key: string, revision: number): Series => ({
  key, revision, versionInferred: false, subject: 's', author: 'a', sender: 'a', date: null, total: 1, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null,
});

const finding = (revision: number, fp: string, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'symbol-exports', messageId: 'added', message: `frob_${fp} is exported`, severity: 'warning', subject: { key: 'k', revision, patch: 1 }, fingerprint: fp, ...extra,
});

const fps = (fs: readonly Finding[]): string[] => fs.map((f) => f.fingerprint);

test('versionChanges sorts findings by the status the version tracker gave them', () => {
  const fixed = finding(3, 'F', { severity: 'info', message: 'fixed in v3: frob_F is exported', versions: { status: 'fixed', since: 1, fixedIn: 3, severity: 'warning' } });
  const still = finding(3, 'S', { versions: { status: 'still-present', since: 2 } });
  const added = finding(3, 'N', { versions: { status: 'new' } });
  const unmarked = finding(3, 'U');
  const c = versionChanges([added, fixed, unmarked, still], 2);
  assert.equal(c.since, 2);
  assert.deepEqual(fps(c.fixed), ['F']);
  assert.deepEqual(fps(c.stillPresent), ['S']);
  assert.deepEqual(fps(c.new), ['N', 'U'], 'a finding the tracker did not mark is new');
  assert.equal(c.fixed[0], fixed, 'the findings themselves, not copies');
});

test('versionChanges: each fingerprint once, the first one met, in the order the findings came', () => {
  const a1 = finding(2, 'A', { versions: { status: 'new' }, subject: { key: 'k', revision: 2, patch: 1 } });
  const a2 = finding(2, 'A', { versions: { status: 'new' }, subject: { key: 'k', revision: 2, patch: 3 } });
  const b = finding(2, 'B', { versions: { status: 'new' } });
  const s1 = finding(2, 'S', { versions: { status: 'still-present', since: 1 } });
  const s2 = finding(2, 'S', { versions: { status: 'still-present', since: 1 }, location: { path: 'x.c', line: 9 } });
  const c = versionChanges([b, a1, s1, a2, s2], 1);
  assert.deepEqual(fps(c.new), ['B', 'A']);
  assert.equal(c.new[1], a1);
  assert.deepEqual(c.stillPresent, [s1]);
  assert.deepEqual(c.fixed, []);
});

test('versionChanges of nothing is an empty summary that still names the revision', () => {
  assert.deepEqual(versionChanges([], 4), { since: 4, fixed: [], stillPresent: [], new: [] });
});

test("versionChanges over what markVersions gives a new version with its older versions' findings (the daemon's way)", () => {
  const history = [
    { key: 'k', revision: 1, findings: [finding(1, 'A'), finding(1, 'B'), finding(1, 'C')] },
    { key: 'k', revision: 2, findings: [finding(2, 'A'), finding(2, 'C'), finding(2, 'D')] },
  ];
  const v3 = [finding(3, 'A'), finding(3, 'E'), finding(3, 'E', { subject: { key: 'k', revision: 3, patch: 2 } })];
  const marked = markVersions([series('k', 3)], v3, history);
  const c = versionChanges(marked, 2);
  assert.deepEqual(fps(c.stillPresent), ['A']);
  assert.deepEqual(c.stillPresent[0]?.versions, { status: 'still-present', since: 1 });
  assert.deepEqual(fps(c.new), ['E'], 'E twice in v3 is one change');
  assert.deepEqual(fps(c.fixed).sort(), ['B', 'C', 'D'], 'every finding gone since an older version is fixed, once');
  const byFp = new Map(c.fixed.map((f) => [f.fingerprint, f]));
  assert.deepEqual(byFp.get('B')?.versions, { status: 'fixed', since: 1, fixedIn: 3, severity: 'warning' });
  assert.deepEqual(byFp.get('C')?.versions, { status: 'fixed', since: 1, fixedIn: 3, severity: 'warning' });
  assert.deepEqual(byFp.get('D')?.versions, { status: 'fixed', since: 2, fixedIn: 3, severity: 'warning' });
  assert.ok(c.fixed.every((f) => f.severity === 'info' && f.subject.revision === 3));
  assert.deepEqual(c.fixed.map(originalMessage).sort(), ['frob_B is exported', 'frob_C is exported', 'frob_D is exported'], 'the analyzer message, without the fixed prefix');
});
