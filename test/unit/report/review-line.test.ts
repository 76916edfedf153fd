import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reviewLine } from '../../../src/report/format/review.js';

test('reviewLine: null when nothing was collected, else the count, who, and what was not applied', () => {
  assert.equal(reviewLine(undefined), null);
  assert.equal(reviewLine({ reviewed: 0, total: 3, by: [], reported: 0, ignored: 0 }), null);
  assert.equal(reviewLine({ reviewed: 0, total: 1, by: [], reported: 0, ignored: 1 }), '0/1 patch reviewed; 1 ignored as malformed');
  assert.equal(reviewLine({ reviewed: 2, total: 3, by: ['A <a@x.org>', 'B <b@x.org>'], reported: 2, ignored: 0 }), '2/3 patches reviewed by A <a@x.org>, B <b@x.org>; 2 trailers reported, not applied');
});
