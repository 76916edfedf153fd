import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoWeekOfDate } from '../../../../src/util/iso-week.js';
import { dueWeek, isValidTimezone, zonedInstant, type DigestSchedule } from '../../../../src/report/digest/schedule.js';

const due = (now: string, s: DigestSchedule) => {
  const d = dueWeek(new Date(now), s);
  return { at: d.at.toISOString(), since: d.since.toISOString(), week: d.week, n: d.weekNumber };
};

const isoWeek = (y: number, m: number, d: number): { year: number; week: number } => {
  const w = isoWeekOfDate(y, m, d);
  return { year: w.year, week: w.week };
};

test('isoWeek: ISO 8601 week-years at the year boundaries', () => {
  assert.deepEqual(isoWeek(2020, 12, 31), { year: 2020, week: 53 });
  assert.deepEqual(isoWeek(2021, 1, 3), { year: 2020, week: 53 });
  assert.deepEqual(isoWeek(2021, 1, 4), { year: 2021, week: 1 });
  assert.deepEqual(isoWeek(2019, 12, 30), { year: 2020, week: 1 });
  assert.deepEqual(isoWeek(2023, 1, 1), { year: 2022, week: 52 });
  assert.deepEqual(isoWeek(2023, 11, 20), { year: 2023, week: 47 });
  assert.deepEqual(isoWeek(2026, 12, 31), { year: 2026, week: 53 });
});

test('dueWeek: the latest scheduled instant at or before now, UTC', () => {
  const s: DigestSchedule = { weekday: 'monday', hour: 8, timezone: 'UTC' };
  // Monday 2023-11-20 08:00 exactly: due now.
  assert.deepEqual(due('2023-11-20T08:00:00.000Z', s), { at: '2023-11-20T08:00:00.000Z', since: '2023-11-13T08:00:00.000Z', week: '2023-W47', n: 202347 });
  // A millisecond before: the week before.
  assert.deepEqual(due('2023-11-20T07:59:59.999Z', s), { at: '2023-11-13T08:00:00.000Z', since: '2023-11-06T08:00:00.000Z', week: '2023-W46', n: 202346 });
  // Sunday evening: still the Monday before.
  assert.equal(due('2023-11-26T23:00:00Z', s).at, '2023-11-20T08:00:00.000Z');
});

test('dueWeek: down for three weeks, only the latest week is due', () => {
  const s: DigestSchedule = { weekday: 'friday', hour: 17, timezone: 'UTC' };
  assert.deepEqual(due('2023-12-20T10:00:00Z', s), { at: '2023-12-15T17:00:00.000Z', since: '2023-12-08T17:00:00.000Z', week: '2023-W50', n: 202350 });
});

test('dueWeek: a Monday 00:00 schedule labels the week just ended (2020-W53, then 2021-W01)', () => {
  const s: DigestSchedule = { weekday: 'monday', hour: 0, timezone: 'UTC' };
  assert.deepEqual(due('2021-01-04T00:00:00Z', s), { at: '2021-01-04T00:00:00.000Z', since: '2020-12-28T00:00:00.000Z', week: '2020-W53', n: 202053 });
  assert.deepEqual(due('2021-01-11T01:00:00Z', s), { at: '2021-01-11T00:00:00.000Z', since: '2021-01-04T00:00:00.000Z', week: '2021-W01', n: 202101 });
  // The week after 2019-W52 is 2020-W01 (which starts on 2019-12-30).
  assert.equal(due('2020-01-06T00:00:00Z', s).week, '2020-W01');
});

test('dueWeek: east of UTC (Asia/Tokyo, Australia/Sydney) and west (America/Los_Angeles)', () => {
  // Monday 09:00 in Tokyo is Monday 00:00 UTC.
  assert.equal(due('2023-11-20T00:00:00Z', { weekday: 'monday', hour: 9, timezone: 'Asia/Tokyo' }).at, '2023-11-20T00:00:00.000Z');
  // Monday 07:00 in Sydney (AEDT, +11) is Sunday 20:00 UTC: due on a Sunday, UTC.
  assert.deepEqual(due('2023-11-19T20:30:00Z', { weekday: 'monday', hour: 7, timezone: 'Australia/Sydney' }), {
    at: '2023-11-19T20:00:00.000Z', since: '2023-11-12T20:00:00.000Z', week: '2023-W47', n: 202347,
  });
  // Sunday 22:00 in Los Angeles (PST, -8) is Monday 06:00 UTC; the week is the local one (Sunday: W47).
  assert.deepEqual(due('2023-11-27T06:00:00Z', { weekday: 'sunday', hour: 22, timezone: 'America/Los_Angeles' }), {
    at: '2023-11-27T06:00:00.000Z', since: '2023-11-20T06:00:00.000Z', week: '2023-W47', n: 202347,
  });
  // Sunday 22:00 PST is already ISO week 48 in UTC: the label follows the wall clock.
  assert.equal(due('2023-11-27T05:59:59Z', { weekday: 'sunday', hour: 22, timezone: 'America/Los_Angeles' }).week, '2023-W46');
});

test('dueWeek: DST transitions keep the wall-clock hour; periods tile without gap or overlap', () => {
  const berlin: DigestSchedule = { weekday: 'monday', hour: 8, timezone: 'Europe/Berlin' };
  // CET (+1) before 2024-03-31, CEST (+2) after.
  const before = dueWeek(new Date('2024-03-25T12:00:00Z'), berlin);
  const after = dueWeek(new Date('2024-04-01T12:00:00Z'), berlin);
  assert.equal(before.at.toISOString(), '2024-03-25T07:00:00.000Z');
  assert.equal(after.at.toISOString(), '2024-04-01T06:00:00.000Z');
  assert.equal(after.since.getTime(), before.until.getTime(), 'the new period starts where the old one ended');
  assert.equal(after.until.getTime() - after.since.getTime(), 167 * 3_600_000, 'a week with a spring-forward is 167 hours');
  // Autumn: 169 hours.
  const oct = dueWeek(new Date('2024-10-28T12:00:00Z'), berlin);
  assert.equal(oct.at.toISOString(), '2024-10-28T07:00:00.000Z');
  assert.equal(oct.until.getTime() - oct.since.getTime(), 169 * 3_600_000);
  // US: second Sunday of March 2024 (the 10th); Sunday 10:00 local.
  const ny = dueWeek(new Date('2024-03-10T18:00:00Z'), { weekday: 'sunday', hour: 10, timezone: 'America/New_York' });
  assert.equal(ny.at.toISOString(), '2024-03-10T14:00:00.000Z');
  assert.equal(ny.since.toISOString(), '2024-03-03T15:00:00.000Z');
});

test('dueWeek: a scheduled hour skipped or repeated by DST', () => {
  // 02:00 on 2024-03-31 does not exist in Berlin: taken as 03:00 CEST (01:00 UTC).
  const gap = dueWeek(new Date('2024-03-31T05:00:00Z'), { weekday: 'sunday', hour: 2, timezone: 'Europe/Berlin' });
  assert.equal(gap.at.toISOString(), '2024-03-31T01:00:00.000Z');
  assert.equal(dueWeek(new Date('2024-03-31T00:59:59Z'), { weekday: 'sunday', hour: 2, timezone: 'Europe/Berlin' }).week, '2024-W12');
  // 02:00 on 2024-10-27 happens twice: the first (CEST, 00:00 UTC).
  const twice = zonedInstant({ year: 2024, month: 10, day: 27, hour: 2, minute: 0, second: 0 }, 'Europe/Berlin');
  assert.equal(twice.toISOString(), '2024-10-27T00:00:00.000Z');
  assert.equal(dueWeek(new Date('2024-10-27T00:30:00Z'), { weekday: 'sunday', hour: 2, timezone: 'Europe/Berlin' }).at.toISOString(), '2024-10-27T00:00:00.000Z');
});

test('dueWeek: every hour of a year maps to one week label per scheduled instant', () => {
  const s: DigestSchedule = { weekday: 'wednesday', hour: 3, timezone: 'America/Santiago' };
  const labels = new Map<string, number>();
  for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2024, 0, 1); t += 3_600_000) {
    const d = dueWeek(new Date(t), s);
    const prev = labels.get(d.week);
    if (prev !== undefined) assert.equal(prev, d.at.getTime(), `${d.week} names one instant`);
    labels.set(d.week, d.at.getTime());
  }
  assert.ok(labels.size >= 52);
});

test('dueWeek: bad schedules are errors naming the key; isValidTimezone', () => {
  assert.throws(() => dueWeek(new Date(), { weekday: 'monday', hour: 24, timezone: 'UTC' }), /digest\.hour/);
  assert.throws(() => dueWeek(new Date(), { weekday: 'monday', hour: 1, timezone: 'Mars/Olympus' }), /digest\.timezone: unknown timezone "Mars\/Olympus"/);
  assert.equal(isValidTimezone('Europe/Berlin'), true);
  assert.equal(isValidTimezone('Europe/Berlinn'), false);
  assert.equal(isValidTimezone(''), false);
});
