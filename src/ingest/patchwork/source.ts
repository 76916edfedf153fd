/**
 * patchwork: `kvetch check pw:series:N | pw:patch:N | <patchwork URL>` reads a series or patch
 * through the REST API; `kvetch watch` follows a project's series-completed events.
 */
import { z } from 'zod';
import type { Source } from '../../model/source.js';
import { sourceIdSchema } from '../source-config.js';
import { httpUrl } from '../http/url.js';
import { readBytes, splitMbox } from '../mbox/read-stream.js';
import { patchMbox, seriesMbox } from './api.js';
import { pollEvents } from './events.js';
import { parsePatchworkRef } from './ref.js';

const PATCHWORK_PATH = /\/(api\/(\d+\.\d+\/)?(series|patches)|project\/[^/]+\/(list|patch|cover)|series|patch)\//;

const config = z
  .object({
    type: z.literal('patchwork'),
    id: sourceIdSchema,
    base: z.url(),
    project: z.string().min(1),
    /** Name of the environment variable holding the API token (never the token itself). */
    tokenEnv: z.string().optional(),
  })
  .strict();

export type PatchworkConfig = z.infer<typeof config>;

export const patchworkSource: Source<PatchworkConfig> = {
  type: 'patchwork',
  summary: 'a patchwork series or patch (pw:series:N, pw:patch:N, a patchwork URL); a project followed through its events',
  claims(arg) {
    if (/^pw:/.test(arg)) return true;
    const u = httpUrl(arg);
    return u !== null && (PATCHWORK_PATH.test(`${u.pathname}/`) || /patchwork/i.test(u.hostname));
  },
  open(arg, ctx) {
    const base = ctx.bases.patchwork ?? ctx.env.KVETCH_PATCHWORK_BASE;
    const ref = parsePatchworkRef(arg, base ? { base } : {});
    const token = ctx.env.KVETCH_PATCHWORK_TOKEN;
    const pw = { ...ctx.http, ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}), ...(token ? { token } : {}) };
    const name = ref.kind === 'patch-msgid' ? `${ref.base}/project/${ref.project}/patch/${ref.messageId}/mbox/` : `${ref.base}/${ref.kind}/${ref.id}/mbox/`;
    const download = (): Promise<Buffer> =>
      ref.kind === 'patch-msgid' ? patchMbox(ref.base, { project: ref.project, messageId: ref.messageId }, pw) : ref.kind === 'series' ? seriesMbox(ref.base, ref.id, pw) : patchMbox(ref.base, ref.id, pw);
    return {
      name,
      local: false,
      async *items() {
        ctx.onFetch?.(name);
        yield* readBytes(await download(), name, ctx.maxMessageBytes ? { maxMessageBytes: ctx.maxMessageBytes } : {});
      },
    };
  },
  config,
  defaultId: (c) => `patchwork:${c.project}`,
  async poll(c, ctx) {
    const token = c.tokenEnv ? ctx.env[c.tokenEnv] : undefined;
    const opts = { ...ctx.http, onRetry: (r: { url: string; attempt: number; error: string; delayMs: number }) => ctx.log.warn(r, 'retrying'), ...(token ? { token } : {}) };
    const r = await pollEvents(c.base, c.project, ctx.cursor, opts);
    const mails: Buffer[] = [];
    // Every series of the batch is fetched before the cursor moves: one failure retries them all.
    for (const ev of r.events) {
      const id = (ev.payload as { series?: { id?: number } }).series?.id;
      if (typeof id !== 'number') continue;
      mails.push(...(await splitMbox(await seriesMbox(c.base, id, opts), `${c.base} series ${id}`)));
    }
    return { mails, cursor: r.cursor };
  },
};
