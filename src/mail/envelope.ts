/**
 * The mbox `From ` line (the envelope) of a mail: what it tells when the headers do not.
 * `git format-patch` writes `From <commit sha> Mon Sep 17 00:00:00 2001` (a fixed, fake date:
 * the mail is local output, not yet sent); public-inbox writes `From mboxrd@z Thu Jan  1 00:00:00
 * 1970`; mail servers and pipermail write the sender and the real time of arrival
 * (`From jane at example.org  Thu Mar 16 09:19:48 2023`), in UTC by convention.
 */

export interface Envelope {
  /** Written by `git format-patch`: the mail was never sent. */
  formatPatch: boolean;
  /** The time of arrival, when the line carries a real one. */
  date: Date | null;
}

const FORMAT_PATCH = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\s*$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** asctime: `Thu Mar 16 09:19:48 2023` (seconds optional, any spacing). */
const ASCTIME = /\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+([a-z]{3})[a-z]*\s+(\d{1,2})\s+(\d{1,2}):(\d\d)(?::(\d\d))?\s+(?:[a-z]{2,5}\s+)?(\d{4})\b/i;
/** Dates tools write instead of a real one. */
const PLACEHOLDERS = new Set(['1970-01-01T00:00:00.000Z', '2001-09-17T00:00:00.000Z']);

export function parseEnvelope(line: string | undefined): Envelope {
  if (!line) return { formatPatch: false, date: null };
  if (FORMAT_PATCH.test(line)) return { formatPatch: true, date: null };
  return { formatPatch: false, date: envelopeDate(line) };
}

function envelopeDate(line: string): Date | null {
  const m = ASCTIME.exec(line.slice(5));
  if (!m) return null;
  const month = MONTHS.indexOf((m[1] ?? '').toLowerCase());
  const [day, hour, min, sec, year] = [m[2], m[3], m[4], m[5] ?? '0', m[6]].map(Number) as [number, number, number, number, number];
  if (month < 0 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return null;
  const d = new Date(Date.UTC(year, month, day, hour, min, sec));
  if (Number.isNaN(d.getTime()) || d.getUTCDate() !== day || PLACEHOLDERS.has(d.toISOString())) return null;
  return d;
}
