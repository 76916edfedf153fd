import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../../src/model/finding.js';
import type { Series } from '../../../../src/model/series.js';
import { reviewNotes } from '../../../../src/report/email/review-note.js';
import { sampleResult } from '../sample-result.js';

const ROB = { name: 'Rob Reviewer', address: 'rob@example.net' };

function error(patch: number, over: Partial<Finding> = {}): Finding {
  return { ruleId: 'kconfig-select', messageId: 'x', message: 'm', severity: 'error', subject: { key: 'k', revision: 2, patch }, fingerprint: `fp${patch}`, ...over };
}

function reviewed(): Series {
  const s = sampleResult().series[0] as Series;
  const p2 = s.patches[1];
  const p3 = s.patches[2];
  assert.ok(p2 && p3);
  p2.collected = [{ key: 'Reviewed-by', value: 'Rob Reviewer <rob@example.net>', person: ROB, messageId: '<r@x>', from: ROB.address, status: 'applied' }];
  // A reported one is no approval.
  p3.collected = [{ key: 'Acked-by', value: 'Rob Reviewer <rob@example.net>', person: ROB, messageId: '<r2@x>', from: 'mallory@example.com', status: 'reported', reason: 'r' }];
  s.review = { reviewed: 1, total: 3, by: ['Rob Reviewer <rob@example.net>'], reported: 1, ignored: 0 };
  return s;
}

test('reviewNotes: the review line, and the reviewed patch that has an open error', () => {
  const notes = reviewNotes(reviewed(), [error(2), error(3), error(1, { severity: 'warning' })]);
  assert.deepEqual(notes, [
    'Review so far: 1/3 patches reviewed by Rob Reviewer <rob@example.net>; 1 trailer reported, not applied.',
    'Patch 2/3 carries Reviewed-by: Rob Reviewer <rob@example.net>, yet has an open error below: worth a second look before it is applied.',
  ]);
});

test('reviewNotes: nothing about patches without an open error (warnings and fixed errors do not count); nothing without review', () => {
  const s = reviewed();
  assert.equal(reviewNotes(s, [error(2, { severity: 'warning' }), error(2, { versions: { status: 'fixed', since: 1, fixedIn: 2 } })]).length, 1);
  const bare = sampleResult().series[0] as Series;
  assert.deepEqual(reviewNotes(bare, [error(2)]), []);
});
