import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePeriod, PeriodError } from '../../../../src/report/digest/period.js';
import { seriesLinks } from '../../../../src/report/digest/links.js';
import { digestStem } from '../../../../src/report/digest/outputs.js';
import { isoWeekOf, isoWeeksEnding } from '../../../../src/util/iso-week.js';

const now = new Date('2023-12-05T00:00:00Z');

test('spans count back from --until; dates are taken as given', () => {
  assert.deepEqual(parsePeriod('30d', '2023-12-05', now), { since: new Date('2023-11-05T00:00:00Z'), until: now });
  assert.deepEqual(parsePeriod('2w', undefined, now).since, new Date('2023-11-21T00:00:00Z'));
  assert.deepEqual(parsePeriod('36h', undefined, now).since, new Date('2023-12-03T12:00:00Z'));
  assert.deepEqual(parsePeriod('2023-11-01', undefined, now).since, new Date('2023-11-01T00:00:00Z'));
  assert.throws(() => parsePeriod('yesterday', undefined, now), PeriodError);
  assert.throws(() => parsePeriod('2023-12-06', undefined, now), /must come before/);
});

test('ISO weeks: Monday starts, week-years across new year', () => {
  assert.equal(isoWeekOf(new Date('2023-11-20T00:00:00Z')).label, '2023-W47');
  assert.equal(isoWeekOf(new Date('2023-11-19T23:59:59Z')).label, '2023-W46');
  assert.equal(isoWeekOf(new Date('2021-01-03T12:00:00Z')).label, '2020-W53');
  assert.equal(isoWeekOf(new Date('2021-01-04T00:00:00Z')).label, '2021-W01');
  assert.equal(isoWeekOf(new Date('2024-12-30T00:00:00Z')).label, '2025-W01');
  assert.deepEqual(isoWeeksEnding(new Date('2023-11-22T00:00:00Z'), 2).map((d) => d.toISOString()), ['2023-11-13T00:00:00.000Z', '2023-11-20T00:00:00.000Z']);
});

test('links: lore by Message-ID, patchwork for patchwork mail, the PR for GitHub series', () => {
  assert.deepEqual(seriesLinks('s-1', '<a.b@c>', 'lore:kvm'), { lore: 'https://lore.kernel.org/r/a.b%40c/' });
  assert.deepEqual(seriesLinks('s-1', '<a@c>', 'patchwork:kvm', { patchworkBase: 'https://pw.example.org/' }), { lore: 'https://lore.kernel.org/r/a%40c/', patchwork: 'https://pw.example.org/project/kvm/patch/a%40c/' });
  assert.deepEqual(seriesLinks('change-id:github+torvalds+linux+12', '<x@y>', 'github'), { github: 'https://github.com/torvalds/linux/pull/12' });
  assert.deepEqual(seriesLinks('s-1', '<kvetch-derived.abc@message-id.invalid>', 'files'), {});
});

test('file stems keep addresses readable and safe', () => {
  assert.equal(digestStem('Ann.Author+kvm@Example.org'), 'ann.author+kvm@example.org');
  assert.equal(digestStem('../../etc/passwd'), '__.._etc_passwd');
});
