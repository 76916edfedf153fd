/** What the archive-page readers share: one message as found on a page, and how a page's date is written as mail. */

/** One message as found on a page, before it is written out as mail. */
export interface PageMail {
  subject: string;
  name: string;
  /** Real address when the page shows one. */
  address?: string;
  /** RFC 2822 date, when the page's date could be read. */
  date?: string;
  /** The page's own Message-ID for it, angle brackets included. */
  messageId?: string;
  /** A reply to the page's first message (gets `Re:` and threading headers). */
  reply: boolean;
  /** Line of the page where the message starts. */
  line: number;
  body: string[];
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An RFC 2822 date for a local wall-clock time; `offset` in minutes east of UTC, null when
 * the zone is unknown (written `-0000`, RFC 2822's "no zone information"). Undefined when invalid.
 */
export function rfc2822(y: number, mon: number, d: number, h: number, mi: number, s: number, offset: number | null): string | undefined {
  const t = new Date(Date.UTC(y, mon, d, h, mi, s));
  if (Number.isNaN(t.getTime()) || mon < 0 || t.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return undefined;
  const p = (n: number): string => String(n).padStart(2, '0');
  const z = offset === null ? '-0000' : `${offset < 0 ? '-' : '+'}${p(Math.floor(Math.abs(offset) / 60))}${p(Math.abs(offset) % 60)}`;
  return `${WEEKDAYS[t.getUTCDay()]}, ${d} ${MON[mon]} ${y} ${p(h)}:${p(mi)}:${p(s)} ${z}`;
}
