/**
 * When the weekly digest is due (pure: the clock is given). The schedule is a wall-clock
 * weekday and hour in an IANA timezone (`monday`, 7, `Europe/Berlin`); the due week is the one
 * whose scheduled instant is the latest at or before `now`, so a daemon that was down sends
 * only that one, never the weeks it missed. Its period runs from the scheduled instant a week
 * before (same weekday and hour, wall clock: 167 or 169 hours across a DST change) up to the
 * scheduled instant, so consecutive periods tile time with no gap and no overlap. Its label is
 * the ISO 8601 week (`2023-W47`) of the period's last millisecond, on the wall clock of the
 * timezone (the model's `period.week`): a Monday 00:00 schedule labels the week just ended.
 */
import { isoWeekLabel, isoWeekOfDate } from '../../util/iso-week.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface DigestSchedule {
  weekday: Weekday;
  /** 0–23, wall clock in `timezone`. */
  hour: number;
  /** IANA name: `UTC`, `Europe/Berlin`, `America/Los_Angeles`. */
  timezone: string;
}

export interface DueWeek {
  /** The scheduled instant: the period's end (exclusive). */
  at: Date;
  /** The period covered: [since, until), until = at. */
  since: Date;
  until: Date;
  /** ISO week of until − 1 ms on the timezone's wall clock: `2023-W47`. */
  week: string;
  /** The same as a number, yyyyww (202347): the revision of the digest's publications. */
  weekNumber: number;
}

interface Wall {
  year: number;
  /** 1–12. */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timezone: string): Intl.DateTimeFormat {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
    formatters.set(timezone, f);
  }
  return f;
}

/** Is this an IANA timezone name the runtime knows? */
export function isValidTimezone(timezone: string): boolean {
  if (timezone.trim() === '') return false;
  try {
    formatter(timezone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timezone` at instant `t` (whole seconds). */
function wallAt(t: number, timezone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatter(timezone).formatToParts(new Date(t))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1, hour: (parts.hour ?? 0) % 24, minute: parts.minute ?? 0, second: parts.second ?? 0 };
}

/** Wall clock as if it were UTC, in ms. */
function wallMs(w: Wall): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
}

/** The timezone's offset from UTC at instant t, in ms (east positive). */
function offsetAt(t: number, timezone: string): number {
  const whole = Math.floor(t / 1000) * 1000;
  return wallMs(wallAt(whole, timezone)) - whole;
}

/**
 * The instant the wall clock of `timezone` shows `wall`. An hour skipped by a DST change
 * (spring forward) is taken with the offset before the change, i.e. that much later on the
 * new clock (02:00 → 03:00); an hour that happens twice (fall back) is its first occurrence.
 */
export function zonedInstant(wall: Wall, timezone: string): Date {
  const local = wallMs(wall);
  const before = offsetAt(local - 86_400_000, timezone);
  const after = offsetAt(local + 86_400_000, timezone);
  const fits = [local - before, local - after].filter((t) => wallMs(wallAt(t, timezone)) === local).sort((a, b) => a - b);
  return new Date(fits[0] ?? local - before);
}

/** Monday = 0 … Sunday = 6, of a calendar date. */
function weekdayIndex(year: number, month: number, day: number): number {
  return (new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7;
}

/** The calendar date `days` after (year, month, day). */
function addDays(w: Pick<Wall, 'year' | 'month' | 'day'>, days: number): Pick<Wall, 'year' | 'month' | 'day'> {
  const d = new Date(Date.UTC(w.year, w.month - 1, w.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The ISO week of instant t on the wall clock of `timezone`. */
export function isoWeekOf(t: Date, timezone: string): { year: number; week: number } {
  const w = wallAt(t.getTime(), timezone);
  return isoWeekOfDate(w.year, w.month, w.day);
}

/** The digest due at `now`: the latest scheduled instant at or before it, and its period and week. */
export function dueWeek(now: Date, s: DigestSchedule): DueWeek {
  if (!Number.isInteger(s.hour) || s.hour < 0 || s.hour > 23) throw new Error(`digest.hour must be a whole hour 0-23, got ${s.hour}`);
  const target = WEEKDAYS.indexOf(s.weekday);
  if (target < 0) throw new Error(`digest.weekday must be one of ${WEEKDAYS.join(', ')}, got ${String(s.weekday)}`);
  if (!isValidTimezone(s.timezone)) throw new Error(`digest.timezone: unknown timezone "${s.timezone}" (an IANA name like Europe/Berlin)`);
  const today = wallAt(now.getTime(), s.timezone);
  let date = addDays(today, -((weekdayIndex(today.year, today.month, today.day) - target + 7) % 7));
  const at = (d: typeof date): Date => zonedInstant({ ...d, hour: s.hour, minute: 0, second: 0 }, s.timezone);
  let until = at(date);
  if (until.getTime() > now.getTime()) {
    date = addDays(date, -7);
    until = at(date);
  }
  const since = at(addDays(date, -7));
  const iso = isoWeekOf(new Date(until.getTime() - 1), s.timezone);
  return { at: until, since, until, week: isoWeekLabel(iso), weekNumber: iso.year * 100 + iso.week };
}
