/**
 * Mailman 2 (pipermail) archives: `kvetch check <…/pipermail/list/2023-March.txt.gz>` reads one
 * month; `kvetch watch` reads the current month's archive each round (mail already stored is
 * kept once, by Message-ID).
 */
import { z } from 'zod';
import type { Source } from '../../model/source.js';
import { sourceIdSchema } from '../source-config.js';
import { httpUrl } from '../http/url.js';
import { readBytes, splitMbox } from '../mbox/read-stream.js';
import { fetchMailmanMonth, mailmanMonthUrl } from './fetch.js';

const config = z
  .object({
    type: z.literal('mailman'),
    id: sourceIdSchema,
    /** The list's archive root (`https://lists.example.org/pipermail/foo/`); the current month is read. */
    archive: z.url(),
  })
  .strict();

export type MailmanConfig = z.infer<typeof config>;

const MONTH_FILE = /\/\d{4}-[A-Z][a-z]+\.txt(\.gz)?$/;

export const mailmanSource: Source<MailmanConfig> = {
  type: 'mailman',
  summary: "a Mailman 2 list's pipermail archive: one month by URL; the current month followed",
  claims: (arg) => MONTH_FILE.test(httpUrl(arg)?.pathname ?? ''),
  open(arg, ctx) {
    return {
      name: arg,
      local: false,
      async *items() {
        ctx.onFetch?.(arg);
        const bytes = await fetchMailmanMonth(arg, { http: { ...ctx.http, ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}) } });
        yield* readBytes(bytes, arg, ctx.maxMessageBytes ? { maxMessageBytes: ctx.maxMessageBytes } : {});
      },
    };
  },
  config,
  defaultId: (c) => `mailman:${c.archive.replace(/^https?:\/\//, '').replace(/\/+$/, '')}`,
  async poll(c, ctx) {
    const now = new Date();
    const url = mailmanMonthUrl(c.archive, now.getUTCFullYear(), now.getUTCMonth() + 1);
    const bytes = await fetchMailmanMonth(url, { log: ctx.log, http: ctx.http ?? {} });
    return { mails: await splitMbox(bytes, url), cursor: `${now.getUTCFullYear()}-${now.getUTCMonth() + 1}` };
  },
};
