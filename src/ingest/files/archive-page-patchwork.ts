/**
 * A patchwork patch page, as rendered to text:
 *
 *   diff mbox series / <subject> / Message ID <id> (mailing list archive) / State … /
 *   Headers show / Series … / Commit Message / <Author> <date> UTC / <commit message,
 *   `---`, diffstat, notes> / Comments / (<Name> <date> UTC | #N / <comment>)… /
 *   diff mbox series / Patch / <the diff>
 *
 * The final diff belongs to the patch, not to the last comment: the patch mail is the
 * commit message followed by that diff, at column 0.
 */
import { rfc2822, type PageMail } from './page-mail.js';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\\.?';
/** `<Name> <Month> <day>, <year>, <time> UTC` and, for a comment, ` | #<n>`. */
const BYLINE = new RegExp(`^(.+?)\\s+(${MONTH}\\s+\\d{1,2},\\s+\\d{4},\\s+[^|]+?)\\s+UTC(?:\\s+\\|\\s+#(\\d+))?\\s*$`);
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MBOX_LINK = /^(?:diff\s+)?mbox(?:\s+(?:series|patch))?$/i;

const blank = (l: string | undefined): boolean => l === undefined || l.trim() === '';

/** Lines of a git or plain unified diff (headers, hunks, context). */
function diffish(l: string): boolean {
  return (
    l === '' ||
    /^[ +\-@\\]/.test(l) ||
    /^(diff |index |old mode |new mode |deleted file mode |new file mode |similarity index |dissimilarity index |rename (from|to) |copy (from|to) |Binary files |GIT binary patch|literal |delta |Index: |====)/.test(l)
  );
}

function nextSolid(lines: string[], i: number): number {
  let k = i;
  while (k < lines.length && blank(lines[k])) k++;
  return k;
}

/** Where the patch's own diff starts and where the page part before it ends. */
function findPatch(lines: string[], from: number): { start: number; cut: number } | null {
  for (let i = lines.length - 1; i >= from; i--) {
    if ((lines[i] ?? '').trim() !== 'Patch') continue;
    const start = nextSolid(lines, i + 1);
    const first = lines[start] ?? '';
    if (!(first.startsWith('diff ') || first.startsWith('--- ') || first.startsWith('Index: '))) continue;
    let cut = i;
    while (cut > from && (blank(lines[cut - 1]) || MBOX_LINK.test((lines[cut - 1] ?? '').trim()))) cut--;
    return { start, cut };
  }
  // No "Patch" heading: the trailing run of diff lines that begins with a `diff --git`.
  let start = -1;
  for (let i = lines.length - 1; i >= from; i--) {
    const l = lines[i] ?? '';
    if (!diffish(l)) break;
    if (l.startsWith('diff --git ')) start = i;
  }
  if (start < 0) return null;
  let cut = start;
  while (cut > from && (blank(lines[cut - 1]) || MBOX_LINK.test((lines[cut - 1] ?? '').trim()))) cut--;
  return { start, cut };
}

/** `Sept. 20, 2023, 6:18 p.m.` (Django's "N j, Y, P"), in UTC, as RFC 2822. */
export function patchworkDate(s: string): string | undefined {
  const m = /^([A-Za-z]+)\.?\s+(\d{1,2}),\s+(\d{4}),\s+(.+)$/.exec(s.trim());
  if (!m) return undefined;
  const mon = MONTHS.indexOf((m[1] ?? '').slice(0, 3).toLowerCase());
  const time = (m[4] ?? '').trim().toLowerCase();
  let h: number;
  let mi = 0;
  if (time === 'midnight') h = 0;
  else if (time === 'noon') h = 12;
  else {
    const t = /^(\d{1,2})(?::(\d\d))?(?::(\d\d))?\s*(a\.?m\.?|p\.?m\.?)?$/.exec(time);
    if (!t) return undefined;
    h = Number(t[1]);
    mi = t[2] === undefined ? 0 : Number(t[2]);
    const ampm = t[4]?.[0];
    if (ampm !== undefined) {
      if (h < 1 || h > 12) return undefined;
      h = (h % 12) + (ampm === 'p' ? 12 : 0);
    }
  }
  return rfc2822(Number(m[3]), mon, Number(m[2]), h, mi, 0, 0);
}

export function parsePatchwork(lines: string[]): PageMail[] {
  const idLine = lines.findIndex((l) => /^Message ID \S+/.test(l));
  let subjectLine = idLine - 1;
  while (subjectLine >= 0 && blank(lines[subjectLine])) subjectLine--;
  const subject = subjectLine >= 0 ? (lines[subjectLine] ?? '').trim() : '';
  let messageId: string | undefined;
  if (idLine >= 0) {
    const raw = (lines[idLine] ?? '').slice('Message ID '.length).replace(/\s*\(mailing list archive\)\s*$/, '').trim();
    if (raw && !/\s/.test(raw)) messageId = raw.startsWith('<') ? raw : `<${raw.replace(/>$/, '')}>`;
  }
  const heading = lines.findIndex((l, i) => i > idLine && l.trim() === 'Commit Message');
  let bodyStart = heading >= 0 ? heading + 1 : idLine + 1;
  let name = '';
  let date: string | undefined;
  const by = nextSolid(lines, bodyStart);
  const bm = BYLINE.exec(lines[by] ?? '');
  if (bm && bm[3] === undefined) {
    name = (bm[1] ?? '').trim();
    date = patchworkDate(bm[2] ?? '');
    bodyStart = by + 1;
  }
  const patch = findPatch(lines, bodyStart);
  const end = patch ? patch.cut : lines.length;
  let comments = -1;
  for (let i = bodyStart; i < end; i++) {
    if ((lines[i] ?? '').trim() !== 'Comments') continue;
    const k = nextSolid(lines, i + 1);
    if (k >= end || BYLINE.exec(lines[k] ?? '')?.[3] !== undefined) {
      comments = i;
      break;
    }
  }
  const commitEnd = comments >= 0 ? comments : end;
  const body = lines.slice(bodyStart, commitEnd);
  if (patch) {
    while (body.length > 0 && blank(body.at(-1))) body.pop();
    body.push('', ...lines.slice(patch.start));
  }
  const mails: PageMail[] = [
    { subject, name, ...(date ? { date } : {}), ...(messageId ? { messageId } : {}), reply: false, line: Math.max(subjectLine, 0), body },
  ];
  if (comments < 0) return mails;
  for (let i = comments + 1; i < end; i++) {
    const cm = BYLINE.exec(lines[i] ?? '');
    if (!cm || cm[3] === undefined) {
      if (mails.length > 1) mails.at(-1)?.body.push(lines[i] ?? '');
      continue;
    }
    const when = patchworkDate(cm[2] ?? '');
    mails.push({ subject, name: (cm[1] ?? '').trim(), ...(when ? { date: when } : {}), reply: true, line: i, body: [] });
  }
  return mails;
}
