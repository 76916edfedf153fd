/**
 * The period of `kvetch digest`: `--until` (default now) and `--since` either a date or a span
 * back from `--until` (`7d`, `2w`, `36h`). The period is [since, until).
 */
export class PeriodError extends Error {}

const SPAN = /^(\d+)\s*([hdw])$/i;
const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

function parseDate(text: string, what: string): Date {
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new PeriodError(`${what} "${text}" is neither a date (2023-11-20, 2023-11-20T08:00Z) nor a span (7d, 2w, 36h)`);
  return new Date(t);
}

export function parsePeriod(since: string, until: string | undefined, now: Date): { since: Date; until: Date } {
  const end = until === undefined ? now : parseDate(until, '--until');
  const span = SPAN.exec(since.trim());
  const start = span ? new Date(end.getTime() - Number(span[1]) * (UNIT_MS[(span[2] ?? 'd').toLowerCase()] ?? 0)) : parseDate(since, '--since');
  if (start.getTime() >= end.getTime()) throw new PeriodError(`--since (${start.toISOString()}) must come before --until (${end.toISOString()})`);
  return { since: start, until: end };
}
