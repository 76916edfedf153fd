import { test } from 'node:test';
import assert from 'node:assert/strict';
import { markVersions, originalMessage } from '../../../src/engine/versions.js';
import type { Finding } from '../../../src/model/finding.js';
import type { Series } from '../../../src/model/series.js';

const series = (key: string, revision: number): Series => ({
  key, revision, versionInferred: false, subject: 's', author: 'a', sender: 'a', date: null, total: 1, complete: true, cover: null, patches: [], missing: [], replies: [], rfc: false, newest: true, supersededBy: null,
});

const finding = (revision: number, fp: string, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'symbol-exports', messageId: 'added', message: `frob_${fp} is exported`, severity: 'warning', subject: { key: 'k', revision, patch: 1 }, fingerprint: fp, ...extra,
});

test('originalMessage: a fixed finding loses the `fixed in vN: ` markVersions gave it, once', () => {
  const out = markVersions([series('k', 1), series('k', 12)], [finding(1, 'A', { message: 'fixed in v1: a message that starts like a prefix' }), finding(1, 'B')]);
  const fixed = out.filter((f) => f.versions?.status === 'fixed');
  assert.deepEqual(fixed.map((f) => f.message), ['fixed in v12: fixed in v1: a message that starts like a prefix', 'fixed in v12: frob_B is exported']);
  assert.deepEqual(fixed.map(originalMessage), ['fixed in v1: a message that starts like a prefix', 'frob_B is exported']);
});

test('originalMessage: any other finding keeps its message as written', () => {
  assert.equal(originalMessage({ message: 'fixed in v2: this is what the analyzer said' }), 'fixed in v2: this is what the analyzer said', 'no versions');
  assert.equal(originalMessage({ message: 'fixed in v2: x', versions: { status: 'new' } }), 'fixed in v2: x');
  assert.equal(originalMessage({ message: 'fixed in v2: x', versions: { status: 'still-present', since: 1 } }), 'fixed in v2: x');
  assert.equal(originalMessage({ message: 'no prefix here', versions: { status: 'fixed', since: 1, fixedIn: 2 } }), 'no prefix here', 'fixed, without a prefix: as it is');
  assert.equal(originalMessage({ message: 'see fixed in v2: later', versions: { status: 'fixed', since: 1, fixedIn: 2 } }), 'see fixed in v2: later', 'the prefix only at the start');
  assert.equal(originalMessage({ message: 'fixed in v: x', versions: { status: 'fixed' } }), 'fixed in v: x', 'a revision number is needed');
});
