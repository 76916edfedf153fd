/**
 * Test mail builders: `git format-patch` style messages (mbox `From <sha>` line, headers, commit
 * message, `---`, diffstat, a diff whose hunk counts are right, `-- ` signature), cover letters
 * and replies, plus a temporary-directory helper. All text is made up for the tests.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const AUTHOR = 'Jane Hacker <jane@example.org>';
export const REVIEWER = 'Rob Reviewer <rob@example.net>';
export const BASE_DATE = new Date('2024-03-04T10:00:00Z');

export interface MailOptions {
  /** Full subject, tags included. */
  subject: string;
  /** `<id@host>`; null leaves the header out. Default: derived from the subject. */
  messageId?: string | null;
  from?: string;
  /** Default: BASE_DATE. */
  date?: Date;
  inReplyTo?: string;
  references?: string[];
  /** Extra header lines, written after the standard ones. */
  headers?: string[];
  /** Replaces the default Content-Type header (null: none). */
  contentType?: string | null;
  /** mbox `From ` line sha (default: hash of the subject). */
  sha?: string;
  /** The whole mbox `From ` line instead of format-patch's (e.g. ARCHIVE_ENVELOPE: a mail as a list archive serves it). */
  envelope?: string;
  /** Line ending, `\n` (default) or `\r\n`. */
  eol?: string;
}

export interface PatchOptions extends MailOptions {
  /** Commit message paragraphs (without the Signed-off-by). */
  message?: string;
  /** The file the diff changes. */
  path?: string;
  /** Lines the diff adds (without `+`). */
  added?: string[];
  /** Replace the whole diff text (must end with `\n`). */
  diff?: string;
}

/** public-inbox's `From ` line: a mail that went through a list (not local format-patch output). */
export const ARCHIVE_ENVELOPE = 'From mboxrd@z Thu Jan  1 00:00:00 1970';

export function mboxDate(d: Date): string {
  return d.toUTCString().replace('GMT', '+0000');
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

export function idFor(subject: string): string {
  return `<${sha1(subject).slice(0, 12)}.kvetch-test@example.org>`;
}

function headerBlock(o: MailOptions): string[] {
  const h: string[] = [];
  h.push(`From: ${o.from ?? AUTHOR}`);
  h.push(`Date: ${mboxDate(o.date ?? BASE_DATE)}`);
  h.push(`Subject: ${o.subject}`);
  const id = o.messageId === undefined ? idFor(o.subject) : o.messageId;
  if (id !== null) h.push(`Message-ID: ${id}`);
  if (o.inReplyTo) h.push(`In-Reply-To: ${o.inReplyTo}`);
  const refs = o.references ?? (o.inReplyTo ? [o.inReplyTo] : []);
  if (refs.length > 0) h.push(`References: ${refs.join(' ')}`);
  h.push('To: linux-gpio@vger.kernel.org');
  h.push('MIME-Version: 1.0');
  if (o.contentType !== null) h.push(`Content-Type: ${o.contentType ?? 'text/plain; charset=UTF-8'}`);
  h.push('Content-Transfer-Encoding: 8bit');
  h.push(...(o.headers ?? []));
  return h;
}

function assemble(o: MailOptions, headers: string[], body: string): string {
  const fromLine = o.envelope ?? `From ${o.sha ?? sha1(o.subject + (o.messageId ?? ''))} Mon Sep 17 00:00:00 2001`;
  const text = `${fromLine}\n${headers.join('\n')}\n\n${body}`;
  const eol = o.eol ?? '\n';
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** A correct diff of one file: 3 lines of context, the added lines, 3 lines of context. */
export function makeDiff(path: string, added: string[]): string {
  const n = added.length;
  return (
    `diff --git a/${path} b/${path}\n` +
    'index 3b18e51a1c2d..7c9ab0e4f0d1 100644\n' +
    `--- a/${path}\n` +
    `+++ b/${path}\n` +
    `@@ -40,6 +40,${6 + n} @@ static int frob_gpio_get(struct gpio_chip *gc, unsigned int off)\n` +
    ' \tstruct frob_gpio *fg = gpiochip_get_data(gc);\n' +
    ' \tu32 val;\n' +
    ' \n' +
    added.map((l) => `+${l}\n`).join('') +
    ' \tval = readl(fg->base + FROB_GPIO_DATA);\n' +
    ' \treturn !!(val & BIT(off));\n' +
    ' }\n'
  );
}

export function diffstat(path: string, adds: number): string {
  return ` ${path} | ${adds} ${'+'.repeat(Math.min(adds, 40))}\n 1 file changed, ${adds} insertion${adds === 1 ? '' : 's'}(+)\n`;
}

export const DEFAULT_ADDED = ['\tif (off >= fg->ngpio)', '\t\treturn -EINVAL;'];

/** A format-patch style patch mail, mbox `From ` line included, ending with `\n\n`. */
export function patchMail(o: PatchOptions): string {
  const path = o.path ?? 'drivers/gpio/gpio-frob.c';
  const added = o.added ?? DEFAULT_ADDED;
  const from = o.from ?? AUTHOR;
  const body =
    `${o.message ?? 'frob_gpio_get() reads past the end of the bank when a consumer asks for an\noffset beyond ngpio. Reject such offsets.'}\n\n` +
    `Signed-off-by: ${from}\n` +
    '---\n' +
    diffstat(path, added.length) +
    '\n' +
    (o.diff ?? makeDiff(path, added)) +
    '-- \n2.39.2\n\n';
  return assemble(o, headerBlock(o), body);
}

/** A `[PATCH 0/N]` cover letter (no diff). */
export function coverMail(o: MailOptions & { text?: string }): string {
  const body =
    `${o.text ?? 'This series hardens the frob GPIO driver against bad offsets.'}\n\n` +
    'Jane Hacker (2):\n  gpio: frob: reject offsets past ngpio\n  gpio: frob: check the bank size\n\n' +
    ' drivers/gpio/gpio-frob.c | 4 ++++\n 1 file changed, 4 insertions(+)\n\n' +
    '-- \n2.39.2\n\n';
  return assemble(o, headerBlock(o), body);
}

/** A reply (`Re: …`), quoting a line; it ends with `Reviewed-by: <from>` unless `reviewedBy` says otherwise (null: none). */
export function replyMail(o: MailOptions & { text?: string; reviewedBy?: string | null }): string {
  const who = o.reviewedBy === undefined ? (o.from ?? REVIEWER) : o.reviewedBy;
  const body = `On Mon, Jane Hacker wrote:\n> Reject such offsets.\n\n${o.text ?? 'Looks fine to me.'}\n\n${who === null ? '' : `Reviewed-by: ${who}\n\n`}`;
  return assemble({ from: REVIEWER, ...o }, headerBlock({ from: REVIEWER, ...o }), body);
}

export interface SeriesMails {
  cover: string;
  patches: string[];
  coverId: string;
  patchIds: string[];
  /** Subject titles, patch subjects. */
  subjects: string[];
}

/**
 * A cover letter and `n` patches threaded to it (shallow threading, as git send-email does by
 * default), Message-IDs `<tag.N@example.org>`, one minute apart.
 */
export function makeSeries(opts: {
  tag: string;
  n?: number;
  version?: number;
  title?: string;
  from?: string;
  date?: Date;
  prefix?: string;
}): SeriesMails {
  const n = opts.n ?? 2;
  const v = opts.version && opts.version > 1 ? ` v${opts.version}` : '';
  const prefix = opts.prefix ?? 'PATCH';
  const title = opts.title ?? 'gpio: frob: harden offset handling';
  const t0 = (opts.date ?? BASE_DATE).getTime();
  const coverId = `<${opts.tag}.0@example.org>`;
  const from = opts.from ?? AUTHOR;
  const cover = coverMail({ subject: `[${prefix}${v} 0/${n}] ${title}`, messageId: coverId, from, date: new Date(t0) });
  const patches: string[] = [];
  const patchIds: string[] = [];
  const subjects: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `<${opts.tag}.${i}@example.org>`;
    const subject = `[${prefix}${v} ${i}/${n}] gpio: frob: step ${i} of ${opts.tag}`;
    patchIds.push(id);
    subjects.push(subject);
    patches.push(
      patchMail({
        subject,
        messageId: id,
        from,
        date: new Date(t0 + i * 60_000),
        inReplyTo: coverId,
        references: [coverId],
        path: `drivers/gpio/gpio-frob${i}.c`,
        added: [`\t/* step ${i} of ${opts.tag} */`, '\tif (off >= fg->ngpio)', '\t\treturn -EINVAL;'],
      }),
    );
  }
  return { cover, patches, coverId, patchIds, subjects };
}

/** Concatenate mails into one mbox. */
export function mbox(...mails: string[]): string {
  return mails.join('');
}

/** Run `fn` with a fresh temporary directory, removed afterwards. */
export async function withTmp<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kvetch-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Write `content` to `dir/name`, returning the path. */
export async function put(dir: string, name: string, content: string | Buffer | Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

/** Deterministic pseudo-random bytes (xorshift32). */
export function pseudoRandomBytes(n: number, seed = 0x9e3779b9): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}
