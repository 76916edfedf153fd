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

export function isoWeekOf(d: Date): IsoWeek {
  const thursday = new Date(isoWeekStart(d).getTime() + 3 * DAY);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY)) + 1;
  return { year, week, label: `${year}-W${String(week).padStart(2, '0')}` };
}

/** The `count` ISO weeks ending with the one holding `last`, oldest first: their Monday starts. */
export function isoWeeksEnding(last: Date, count: number): Date[] {
  const end = isoWeekStart(last).getTime();
  return Array.from({ length: count }, (_, i) => new Date(end - (count - 1 - i) * 7 * DAY));
}
