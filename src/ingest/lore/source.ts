/**
 * lore.kernel.org and any public-inbox: `kvetch check <Message-ID|lore URL>` fetches the thread
 * as b4 does; `kvetch watch` follows a list through its v2 git epochs (docs/sources.md, lore).
 */
import { join } from 'node:path';
import { z } from 'zod';
import type { Source } from '../../model/source.js';
import { sourceIdSchema } from '../source-config.js';
import { InputError } from '../files/read-files.js';
import { readBytes } from '../mbox/read-stream.js';
import { encodeCursor } from './cursor.js';
import { fetchThread } from './fetch.js';
import { pollList } from './poll.js';
import { parseMessageRef } from './url.js';

export const DEFAULT_LORE_BASE = 'https://lore.kernel.org';

const config = z
  .object({
    type: z.literal('lore'),
    id: sourceIdSchema,
    base: z.url().default(DEFAULT_LORE_BASE),
    list: z.string().min(1),
    /** `now` (default): only mail that arrives after the first poll; `beginning`: the whole archive. */
    start: z.enum(['now', 'beginning']).default('now'),
  })
  .strict();

export type LoreConfig = z.infer<typeof config>;

export const loreSource: Source<LoreConfig> = {
  type: 'lore',
  summary: 'a thread on lore.kernel.org or any public-inbox, by Message-ID or URL; a list followed through its git epochs',
  // Asked after the sources with their own URLs: any other URL, and anything shaped like a Message-ID.
  claims: (arg) => /^https?:\/\//i.test(arg) || (arg.includes('@') && !arg.includes('/')),
  open(arg, ctx) {
    const ref = parseMessageRef(arg, ctx.bases.lore ?? ctx.env.KVETCH_LORE_BASE ?? DEFAULT_LORE_BASE);
    if (!ref) throw new InputError(`${arg}: no such file, and not a Message-ID or lore URL either`);
    const name = `${ref.base}/${ref.list ?? 'all'}/${ref.messageId}/t.mbox.gz`;
    return {
      name,
      local: false,
      async *items() {
        ctx.onFetch?.(name);
        const http = { ...ctx.http, ...(ctx.onRetry ? { onRetry: ctx.onRetry } : {}) };
        const bytes = await fetchThread(ref.base, ref.messageId, { ...(ref.list ? { list: ref.list } : {}), http });
        yield* readBytes(bytes, name, ctx.maxMessageBytes ? { maxMessageBytes: ctx.maxMessageBytes } : {});
      },
    };
  },
  config,
  defaultId: (c) => `lore:${c.list}`,
  async poll(c, ctx) {
    const start = ctx.cursor ?? (c.start === 'beginning' ? encodeCursor({ epoch: 0, commit: null, time: 0 }) : null);
    const r = await pollList(c.base, c.list, start, { log: ctx.log, http: ctx.http ?? {}, cacheDir: join(ctx.stateDir, 'lore', safeName(ctx.id)) });
    return { mails: r.messages, cursor: r.cursor };
  },
};

/** A source id as a directory name. */
export function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_');
}
