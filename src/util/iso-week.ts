/**
 * ISO-8601 weeks in UTC: weeks start on Monday, and week 1 is the one holding the year's first
 * Thursday (so 2021-01-03 is in 2020-W53). Labels are `YYYY-Www`.
 */
const DAY = 86_400_000;

export interface IsoWeek {
  /** The ISO week-year (not always the calendar year). */
  year: number;
  week: number;
  /** `2023-W47`. */
  label: string;
}

/** Monday 00:00 UTC of the week holding `d`. */
export function isoWeekStart(d: Date): Date {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return new Date(day - weekday * DAY);
}

/** The ISO week of instant `d` in UTC. */
export function isoWeekOf(d: Date): IsoWeek {
  return isoWeekOfDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** The ISO week of a calendar date (month 1–12), wherever it is that date: the week-year is its Thursday's year. */
export function isoWeekOfDate(year: number, month: number, day: number): IsoWeek {
  const start = isoWeekStart(new Date(Date.UTC(year, month - 1, day)));
  const thursday = new Date(start.getTime() + 3 * DAY);
  const y = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(y, 0, 1)) / (7 * DAY)) + 1;
  return { year: y, week, label: isoWeekLabel({ year: y, week }) };
}

/** `2023-W47`. */
export function isoWeekLabel(w: { year: number; week: number }): string {
  return `${w.year}-W${String(w.week).padStart(2, '0')}`;
}

/** The `count` ISO weeks ending with the one holding `last`, oldest first: their Monday starts. */
export function isoWeeksEnding(last: Date, count: number): Date[] {
  const end = isoWeekStart(last).getTime();
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 7 * DAY));
}
